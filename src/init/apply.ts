// Writes an --init plan the way new projects are written: every file staged in
// a private temporary folder first, then moved into place with the replaced
// files kept until the last move succeeded, so a failure leaves the project
// byte-for-byte as it was. Replaced files keep their permissions.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error.js';
import { placeProject, stageProject } from '../scaffold/place.js';
import type { FileChange } from './plan.js';

export function applyChanges(root: string, changes: readonly FileChange[]): void {
  const modes = new Map<string, number>();
  for (const change of changes) {
    const file = path.join(root, change.path);
    if (change.before !== undefined) modes.set(file, fs.statSync(file).mode & 0o7777);
  }
  const files = changes.map((c) => ({ path: c.path, contents: Buffer.from(c.after, 'utf8'), executable: false }));
  // Synchronous from staging to the last rename: a Ctrl-C is handled only after it, never halfway.
  try {
    const staged = stageProject(root, files);
    try {
      placeProject(staged, root, { kind: 'non-empty', entries: [] }, 'overwrite');
    } finally {
      staged.discard();
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    // placeProject has put every replaced file back: say what stood in the way, on one line.
    throw new UserError(`could not write the changes (${(error as Error).message}): nothing was changed`);
  }
  for (const [file, mode] of modes) fs.chmodSync(file, mode);
}
