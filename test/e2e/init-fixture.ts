// A copy of a project under test/fixtures/init/ in a temp dir, committed to a
// fresh git repository (so "uncommitted changes" means what the test did), and
// --init run on it with the built CLI.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/fs.js';
import { repoRoot, run, runCreate } from '../support/process.js';

export const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'init');

export async function copyFixture(name: string): Promise<string> {
  const dir = path.join(tempDir('chr-init-'), name);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'fixture'],
  ]) {
    const result = await run('git', args, { cwd: dir });
    if (result.code !== 0) throw new Error(`git ${args.join(' ')}: ${result.output}`);
  }
  return dir;
}

export function runInit(dir: string, args: readonly string[]) {
  return runCreate(['--init', ...args], { cwd: dir });
}

/** `npm install` is skipped in most tests: create-hot-reload is linked from this checkout (its dist/). */
export function linkRuntime(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(repoRoot, path.join(dir, 'node_modules', 'create-hot-reload'), 'dir');
}
