// Writes a project so that a failure or Ctrl-C leaves nothing half-written:
// everything is first written into a private temporary folder beside the
// target (same filesystem, so a rename is atomic), then moved into place.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error.js';
import { listSome } from './format.js';
import { listFilesRecursive } from '../list-files.js';
import type { RenderedFile } from './render.js';
import { conflictingFiles, type TargetState, type WritePolicy } from './target-dir.js';

/** A project written into a temporary folder, not yet visible at the target. */
export interface StagedProject {
  dir: string;
  /** Removes the temporary folder; safe to call twice. */
  discard(): void;
}

/** Writes `files` into a fresh private folder next to where `targetDir` will be. */
export function stageProject(targetDir: string, files: readonly RenderedFile[]): StagedProject {
  const parent = nearestExistingParent(path.resolve(targetDir));
  // mkdtemp gives an unpredictable name; mode 0700 keeps other users out while it is being filled.
  const dir = fs.mkdtempSync(path.join(parent, '.create-hot-reload-'));
  fs.chmodSync(dir, 0o700);
  const staged: StagedProject = {
    dir,
    discard: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  try {
    for (const file of files) {
      const destination = path.join(dir, file.path);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, file.contents, { mode: file.executable ? 0o755 : 0o644 });
    }
  } catch (error) {
    staged.discard();
    throw error;
  }
  return staged;
}

/**
 * Moves a staged project to `targetDir` according to what is there and what
 * the user chose. Checks every conflict before moving anything.
 */
export function placeProject(
  staged: StagedProject,
  targetDir: string,
  state: TargetState,
  policy: WritePolicy = 'beside',
): void {
  const target = path.resolve(targetDir);
  // Walked now, not remembered from rendering: steps after rendering (bindings) add files too.
  const files = listFilesRecursive(staged.dir);
  if (state.kind === 'missing') {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.chmodSync(staged.dir, 0o755);
    fs.renameSync(staged.dir, target);
    return;
  }
  if (state.kind === 'non-empty') {
    if (policy === 'beside') {
      const conflicts = conflictingFiles(target, files);
      if (conflicts.length > 0) {
        throw new UserError(
          `${conflicts.length} file(s) of the project already exist in ${targetDir} (${listSome(conflicts)}): ` +
            'move them away, or choose "Remove existing files", or pass --overwrite to replace them',
        );
      }
    }
    if (policy === 'remove') removeAllButGit(target);
  }
  moveFilesInto(staged.dir, files, target);
  staged.discard();
}

/** Moves file by file; on failure, puts back what was replaced and removes what was added. */
function moveFilesInto(stagedDir: string, files: readonly string[], target: string): void {
  // Every destination is checked before anything moves: a refusal halfway would leave folders behind.
  for (const file of files) assertNoSymlinkEscape(target, path.dirname(path.join(target, file)));
  const undo: Array<() => void> = [];
  try {
    for (const file of files) {
      const from = path.join(stagedDir, file);
      const to = path.join(target, file);
      const createdDir = fs.mkdirSync(path.dirname(to), { recursive: true });
      if (createdDir) undo.push(() => fs.rmSync(createdDir, { recursive: true, force: true }));
      if (fs.existsSync(to)) {
        // Only reachable with an explicit --overwrite: keep the old file until the whole move succeeded.
        const backup = path.join(stagedDir, '.replaced', file);
        fs.mkdirSync(path.dirname(backup), { recursive: true });
        fs.renameSync(to, backup);
        undo.push(() => fs.renameSync(backup, to));
      }
      fs.renameSync(from, to);
      undo.push(() => fs.rmSync(to, { force: true }));
    }
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the rest; the error below is what the user needs to see.
      }
    }
    throw error;
  }
}

function removeAllButGit(target: string): void {
  for (const entry of fs.readdirSync(target)) {
    if (entry !== '.git') fs.rmSync(path.join(target, entry), { recursive: true, force: true });
  }
}

/** A folder inside the target that is a symlink to elsewhere must not carry our files out of the project. */
function assertNoSymlinkEscape(target: string, dir: string): void {
  let existing = dir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const real = fs.realpathSync(existing);
  const realTarget = fs.realpathSync(target);
  if (real !== realTarget && !real.startsWith(realTarget + path.sep)) {
    throw new UserError(
      `${path.relative(target, existing)} links outside the project (to ${real}): remove the link or choose another directory`,
    );
  }
}

function nearestExistingParent(resolvedTarget: string): string {
  let dir = path.dirname(resolvedTarget);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  return dir;
}
