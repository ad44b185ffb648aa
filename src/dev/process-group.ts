// Children we must be able to stop completely (the host, cargo) run in a
// process group of their own (spawned detached), so that stopping them
// signals the whole group: a host's own children, rustc under cargo.
import type { ChildProcess } from 'node:child_process';

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Windows has no process groups to signal: the child alone is what can be stopped there.
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 2000): Promise<void> {
  const done = exited(child);
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
  // The leader is gone; anything it left in its group goes too.
  signalGroup(child, 'SIGKILL');
}
