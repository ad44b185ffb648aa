// A private copy of a library file: never dlopen cargo's own output (glibc
// caches by path, and cargo overwriting a mapped file crashes the host). The
// directory is created by mkdtemp (unpredictable name) with mode 0700, so no
// other user can swap the file between our copy and our dlopen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PrivateCopy {
  /** Absolute path of the copy. */
  readonly file: string;
  /** Deletes the copy and its directory; safe to call twice. */
  remove(): void;
}

export function makePrivateCopy(source: string): PrivateCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-reload-'));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, path.basename(source));
  try {
    fs.copyFileSync(source, file);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
