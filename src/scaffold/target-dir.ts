// What is at the target path, decided once before anything is written, so the
// CLI can ask (or refuse) and the writer never has to guess.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error.js';

export type TargetState =
  /** Nothing there yet: the project is renamed into place in one step. */
  | { kind: 'missing' }
  /** A folder with nothing in it, or only `.git` (create-vite's rule). */
  | { kind: 'empty' }
  /** A folder with files; `entries` are its top-level names except `.git`, sorted. */
  | { kind: 'non-empty'; entries: string[] };

/** How to write into a non-empty folder; the user always picks one explicitly. */
export type ExistingFilesPolicy =
  /** Stop without writing anything (the default answer). */
  | 'cancel'
  /** Delete everything except `.git`, then write. */
  | 'remove'
  /** Keep every existing file; refuse if the project would replace one. */
  | 'beside'
  /** Keep other files, replace the ones the project also has (`--overwrite`). */
  | 'overwrite';

/** A policy that writes (the CLI stops at `cancel` before anything is written). */
export type WritePolicy = Exclude<ExistingFilesPolicy, 'cancel'>;

export function inspectTarget(targetDir: string): TargetState {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(targetDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      assertNotBrokenLink(targetDir);
      assertCreatable(targetDir);
      return { kind: 'missing' };
    }
    throw new UserError(`cannot read ${targetDir}: ${(error as Error).message}`);
  }
  if (!stat.isDirectory()) {
    throw new UserError(`${targetDir} exists and is not a directory: choose another project directory`);
  }
  assertWritable(targetDir);
  const entries = fs
    .readdirSync(targetDir)
    .filter((name) => name !== '.git')
    .sort();
  return entries.length === 0 ? { kind: 'empty' } : { kind: 'non-empty', entries };
}

/** stat follows links: a link to nothing looks missing, but the final rename would fail on it (ENOTDIR). */
function assertNotBrokenLink(targetDir: string): void {
  let link: string;
  try {
    link = fs.readlinkSync(targetDir);
  } catch {
    return; // not a link: really missing
  }
  throw new UserError(
    `${targetDir} is a symbolic link to ${link}, which does not exist: remove the link or choose another project directory`,
  );
}

/** The nearest folder that exists must be a writable directory, or nothing can be created below it. */
function assertCreatable(targetDir: string): void {
  let ancestor = path.dirname(path.resolve(targetDir));
  while (!fs.existsSync(ancestor)) ancestor = path.dirname(ancestor);
  if (!fs.statSync(ancestor).isDirectory()) {
    throw new UserError(
      `${ancestor} is a file, so ${targetDir} cannot be created there: choose another project directory`,
    );
  }
  assertWritable(ancestor);
}

function assertWritable(dir: string): void {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new UserError(`cannot write in ${dir} (permission denied): choose a directory you own`);
  }
}

/** Files of the project that already exist in the target, relative, sorted. */
export function conflictingFiles(targetDir: string, projectFiles: readonly string[]): string[] {
  return projectFiles.filter((file) => fs.existsSync(path.join(targetDir, file))).sort();
}
