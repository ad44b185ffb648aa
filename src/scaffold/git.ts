// `git init` plus a first commit, unless the project already sits inside a
// work tree (then the user's own repository decides what to commit).

import fs from 'node:fs';
import path from 'node:path';
import { loadExeca } from './lazy-execa.js';

export type GitResult = 'initialized' | 'committed' | 'inside-work-tree' | 'no-git' | { failed: string };

/** Never throws: the project is written by now, and a git problem must not hide that. */
export async function initGit(projectDir: string): Promise<GitResult> {
  const { execa } = await loadExeca();
  // A .git of the user's (create-vite counts a lone .git as empty) is theirs: never re-initialize it.
  if (fs.existsSync(path.join(projectDir, '.git'))) return 'inside-work-tree';
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: projectDir, reject: false });
  if (inside.failed && (inside as { code?: string }).code === 'ENOENT') return 'no-git';
  if (!inside.failed && inside.stdout.trim() === 'true') return 'inside-work-tree';
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
  ]) {
    const step = await execa('git', args, { cwd: projectDir, reject: false });
    if (step.failed) return { failed: `git ${args[0]}: ${step.stderr.trim().split('\n')[0] ?? 'failed'}` };
  }
  // Without user.name/email configured the commit fails; the repository and the staged files stay useful.
  const commit = await execa('git', ['commit', '-q', '--no-verify', '-m', 'Initial commit from create-hot-reload'], {
    cwd: projectDir,
    reject: false,
  });
  return commit.failed ? 'initialized' : 'committed';
}
