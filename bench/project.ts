// Projects for the benchmarks, made by the real scaffolder (dist/cli/create.js,
// so `npm run build` must have run) in a temp dir, without npm install:
// `create-hot-reload` is resolved by a symlink to this repository, as in the
// end-to-end tests. Also: timing a child process from spawn to exit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBin, repoRoot } from '../test/support/process.js';

/** The environment benchmarks run children in: each project uses its own target/ (cold unless said otherwise). */
export function benchEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CARGO_TARGET_DIR;
  delete env.HOT_RELOAD_DEV;
  delete env.HOT_RELOAD_ROOT;
  return { ...env, ...extra };
}

export interface Timed {
  ms: number;
  output: string;
}

/** Runs a command to completion; the time is spawn → exit, as a user would wait for it. Throws on failure. */
export function timed(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? benchEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, output });
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output}`));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hr-bench-${prefix}-`));
}

/** The project's crate names, as the scaffolder derives them from the directory name `app`. */
export const APP = { libPackage: 'app-lib', libCrate: 'app_lib', binPackage: 'app' } as const;

/** Scaffolds `<tmp>/app` (hello-world, no install, no build, no git) and links this package as its runtime. */
export async function scaffoldApp(prefix: string): Promise<{ root: string; cleanup(): void }> {
  const tmp = tempDir(prefix);
  await timed(process.execPath, [createBin, 'app', '--yes', '--no-install', '--no-build', '--no-git'], { cwd: tmp });
  const root = path.join(tmp, 'app');
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(root, 'node_modules', 'create-hot-reload'), 'dir');
  return { root, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/** Writes a file the way an editor saves: a temp file (a name the watcher ignores) renamed over the original. */
export function save(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}
