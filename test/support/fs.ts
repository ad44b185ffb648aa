// Temporary folders and tree hashes, so a test can prove a folder was left exactly as it was.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];
// On exit rather than in an after() hook: node:test ties after() to whatever hook or test called it,
// and a folder made in a before() hook must outlive that hook.
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed when the test process exits. */
export function tempDir(prefix = 'chr-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A hash over every path, file mode and file content below `dir` (symlinks by target). */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    const absolute = path.join(dir, relative);
    const stat = fs.lstatSync(absolute);
    hash.update(`${relative}\0${stat.mode}\0`);
    if (stat.isSymbolicLink()) hash.update(fs.readlinkSync(absolute));
    else if (stat.isDirectory()) for (const entry of fs.readdirSync(absolute).sort()) walk(path.join(relative, entry));
    else hash.update(fs.readFileSync(absolute));
  };
  walk('.');
  return hash.digest('hex');
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [relative, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), contents);
  }
}

/** The scaffolder's staging folders (`.create-hot-reload-*`) left in `dir`: none after any scaffold. */
export function stagingFoldersIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith('.create-hot-reload-'));
}

/**
 * What `hot-reload dev` left in `.hot/`, sorted, without `.hot/build/`: the direct build's folder (its capture
 * and incremental cache), which is kept across sessions on purpose.
 */
export function publishedFiles(root: string): string[] {
  return fs
    .readdirSync(path.join(root, '.hot'))
    .filter((name) => name !== 'build')
    .sort();
}
