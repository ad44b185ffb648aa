// `hot-reload start` (the generated `npm start`): run host/main.ts once with
// tsx against cargo's last debug build, no watching, no reloading.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProject } from '../project.js';
import { UserError } from '../user-error.js';
import { builtLibraryPath } from '../runtime/load.js';
import { tsxLoaderUrl } from './host.js';

export async function runStart(): Promise<number> {
  const project = findProject();
  const main = path.join(project.root, 'host', 'main.ts');
  if (!fs.existsSync(main)) throw new UserError(`no TypeScript host at ${main}`);
  // Said here, before node starts, instead of as a stack trace from inside the host.
  const lib = builtLibraryPath(project.root, project.libCrate);
  if (!fs.existsSync(lib)) throw new UserError(`no build of the lib at ${lib}: run \`npm run build\` first`);

  const env: NodeJS.ProcessEnv = { ...process.env, HOT_RELOAD_ROOT: project.root };
  delete env.HOT_RELOAD_DEV; // a plain run, even when started from a shell that has it
  // Same process group as us: Ctrl-C reaches the host directly, and we report how it ended.
  const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), main], {
    cwd: project.root,
    stdio: 'inherit',
    env,
  });
  // Passed on (a terminal's Ctrl-C reaches it anyway); we stay to report its exit.
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}
