// One `hot-reload dev` per project: two would fight over `.hot/` and the
// version numbers. The lock is a file holding the owner's pid; a lock whose
// pid is dead (dev was killed hard) is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error.js';
import { HOT_DIR } from '../runtime/published.js';

export const LOCK_FILE = 'dev.lock';

export interface DevLock {
  readonly file: string;
  release(): void;
}

export function isAlive(pid: number): boolean {
  // kill(0 or negative) would signal whole process groups: never a "yes, alive" for a bogus pid.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDevLock(root: string, pid: number = process.pid): DevLock {
  const dir = path.join(root, HOT_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const content = `${JSON.stringify({ pid, startedAt: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx' });
      return { file, release: () => releaseIfOurs(file, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = readLock(file);
    if (existing !== undefined && isAlive(existing.pid) && existing.pid !== pid) {
      throw new UserError(
        `another \`hot-reload dev\` (pid ${existing.pid}) is already running on ${root}: ` +
          'stop it first (Ctrl-C in its terminal), one dev loop per project',
      );
    }
    takeOverStale(file, existing?.text);
  }
  throw new UserError(`could not take the lock ${file}: another \`hot-reload dev\` is starting on this project`);
}

function readLock(file: string): { pid: number; text: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // removed meanwhile: just retry
  }
  try {
    const pid = (JSON.parse(text) as { pid?: unknown }).pid;
    if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0) return { pid, text };
  } catch {
    // A lock we cannot read (half-written by a killed dev) is stale.
  }
  return { pid: -1, text };
}

/**
 * Moves the stale lock aside before retrying the exclusive create. If what was moved is not the stale lock we
 * read (another dev took it over first), it is put back, and the retry then fails on a live owner.
 */
function takeOverStale(file: string, staleText: string | undefined): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // gone already
  }
  const moved = fs.readFileSync(aside, 'utf8');
  if (staleText !== undefined && moved !== staleText) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // someone created a new lock meanwhile: theirs stands
    }
  }
  fs.rmSync(aside, { force: true });
}

function releaseIfOurs(file: string, pid: number): void {
  const existing = readLock(file);
  if (existing?.pid === pid) fs.rmSync(file, { force: true });
}
