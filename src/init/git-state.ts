// Whether the project's git work tree has uncommitted changes: --init warns
// first, so the user can keep our change apart from theirs.
import { loadExeca } from '../scaffold/lazy-execa.js';

/** Paths with uncommitted changes (`git status --porcelain`); empty outside a work tree or without git. */
export async function uncommittedPaths(dir: string): Promise<string[]> {
  const { execa } = await loadExeca();
  const result = await execa('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd: dir, reject: false });
  if (result.failed) return [];
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.slice(3));
}
