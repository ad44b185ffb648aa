// Watching a source tree. fs.watch with `recursive` covers subdirectories on
// Linux since Node 20 (and natively on macOS and Windows), including folders
// created later. Editors that save by writing a temp file and renaming it
// over the original produce a `rename` event on the original's name, which
// counts like any other change; their temp and backup files do not.
import fs from 'node:fs';
import path from 'node:path';

/** Vim's swap files and its 4913 probe, Emacs' #autosave# and .#locks, backups~, and our own .tmp files. */
export function isEditorNoise(file: string): boolean {
  const base = path.basename(file);
  return /\.(swp|swx|swo|tmp)$|~$|^4913$|^#.*#$|^\.#/.test(base);
}

export interface TreeWatcher {
  close(): void;
}

/** Calls `onChange` with the changed path relative to `dir` (or undefined when the platform did not say). */
export function watchTree(dir: string, onChange: (relative: string | undefined) => void): TreeWatcher {
  const watcher = fs.watch(dir, { recursive: true }, (_event, filename) => {
    const relative = filename === null ? undefined : String(filename);
    if (relative !== undefined && isEditorNoise(relative)) return;
    onChange(relative);
  });
  // A watched folder that disappears (deleted by the user) ends the watch; the dev loop keeps running.
  watcher.on('error', () => watcher.close());
  return { close: () => watcher.close() };
}
