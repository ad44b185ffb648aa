// Watching a source tree: one non-recursive fs.watch per directory, added for
// new subdirectories as they appear. Not `{ recursive: true }`: on Linux,
// Node 20 emulates it with a watch per file, and an editor that saves by
// writing a temp file and renaming it over the original replaces the watched
// inode, so every save after the first went unseen (measured: Node 20.20).
// A directory watch sees the rename as an event on the original's name.
import fs from 'node:fs';
import path from 'node:path';

/** Vim's swap files and its 4913 probe, Emacs' #autosave# and .#locks, backups~, and temp files (ours, sed's). */
export function isEditorNoise(file: string): boolean {
  const base = path.basename(file);
  return /\.(swp|swx|swo|tmp)$|~$|^4913$|^#.*#$|^\.#|^sed[A-Za-z0-9]{6}$/.test(base);
}

export interface TreeWatcher {
  close(): void;
}

/** Calls `onChange` with the changed path relative to `root` (undefined when the platform did not say). */
export function watchTree(root: string, onChange: (relative: string | undefined) => void): TreeWatcher {
  const watchers = new Map<string, fs.FSWatcher>();

  const unwatch = (dir: string): void => {
    for (const [watched, watcher] of watchers) {
      if (watched === dir || watched.startsWith(`${dir}${path.sep}`)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };

  const watchDir = (dir: string): void => {
    if (watchers.has(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, (_event, filename) => {
        if (filename === null) {
          onChange(undefined);
          return;
        }
        const full = path.join(dir, String(filename));
        const relative = path.relative(root, full);
        if (isEditorNoise(relative)) return;
        // A directory created (or moved in) gets its own watch; one removed loses its watches.
        let isDir = false;
        try {
          isDir = fs.statSync(full).isDirectory();
        } catch {
          unwatch(full);
        }
        if (isDir) watchDir(full);
        onChange(relative);
      });
    } catch {
      return; // removed before we got to it
    }
    watcher.on('error', () => unwatch(dir));
    watchers.set(dir, watcher);
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // removed meanwhile
    }
    for (const entry of entries) if (entry.isDirectory()) watchDir(path.join(dir, entry.name));
  };

  if (!fs.statSync(root).isDirectory()) throw new Error(`${root} is not a directory`);
  watchDir(root);
  return { close: () => unwatch(root) };
}
