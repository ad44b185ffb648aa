// `git init` plus a first commit, unless the project already sits inside a
// work tree (then the user's own repository decides what to commit).
import { execa } from 'execa';

export type GitResult = 'initialized' | 'committed' | 'inside-work-tree' | 'no-git';

export async function initGit(projectDir: string): Promise<GitResult> {
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: projectDir, reject: false });
  if (inside.failed && (inside as { code?: string }).code === 'ENOENT') return 'no-git';
  if (!inside.failed && inside.stdout.trim() === 'true') return 'inside-work-tree';
  await execa('git', ['init', '-q'], { cwd: projectDir });
  await execa('git', ['add', '-A'], { cwd: projectDir });
  // Without user.name/email configured the commit fails; the repository and the staged files stay useful.
  const commit = await execa('git', ['commit', '-q', '--no-verify', '-m', 'Initial commit from create-hot-reload'], {
    cwd: projectDir,
    reject: false,
  });
  return commit.failed ? 'initialized' : 'committed';
}
