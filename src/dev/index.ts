// `hot-reload dev [--host ts|rust] [host args...]`: validates the options, takes the
// project's lock, runs the loop until Ctrl-C, SIGTERM or the host's own exit 0
// (the user quit it), then cleans up and exits 0.
import { findProject } from '../project.js';
import { UserError } from '../user-error.js';
import { acquireDevLock } from './lock.js';
import { DevLoop } from './loop.js';
import type { HostKind } from './host.js';

export function parseHostKind(value: string): HostKind {
  if (value === 'ts' || value === 'rust') return value;
  throw new UserError(
    `unknown host "${value}": use --host ts (host/main.ts) or --host rust (the bin with --features reload)`,
  );
}

export async function runDev(options: { host: string }, hostArgs: readonly string[] = []): Promise<number> {
  const kind = parseHostKind(options.host);
  const project = findProject();
  const lock = acquireDevLock(project.root);
  const loop = new DevLoop(project, kind, { hostArgs });
  try {
    const stopped = new Promise<NodeJS.Signals | 'quit'>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGHUP', () => resolve('SIGHUP'));
      void loop.ended.then(() => resolve('quit'));
    });
    try {
      await Promise.race([loop.start(), stopped]);
    } catch (error) {
      await loop.stop(); // whatever started (watchers, cargo) must not keep us alive
      throw error;
    }
    const signal = await stopped;
    // A second Ctrl-C while we clean up means "now".
    process.once('SIGINT', () => process.exit(130));
    if (signal !== 'quit') {
      process.stdout.write(`\n[dev] ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the host and cargo\n`);
    }
    await loop.stop();
    return signal === 'quit' ? await loop.ended : 0;
  } finally {
    lock.release();
  }
}
