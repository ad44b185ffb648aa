// Crash-loop protection: a host that crashes right after each start is
// restarted later and later (never a spin), and one that ran a while before
// crashing counts as a fresh start. Something the user does (a new build, a
// host edit) starts the count again.

export interface BackoffOptions {
  /** The second quick crash in a row waits this long; each one after doubles it. */
  baseMs: number;
  maxMs: number;
  /** A host that ran at least this long before crashing resets the count. */
  stableMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000, stableMs: 10_000 };

/** A crash after `uptimeMs` of running, `crashesInARow` quick crashes before it: the new count, and the wait. */
export function backoffAfterCrash(
  crashesInARow: number,
  uptimeMs: number,
  options: BackoffOptions = defaultBackoff,
): { crashesInARow: number; delayMs: number } {
  const count = (uptimeMs >= options.stableMs ? 0 : crashesInARow) + 1;
  const delayMs = count === 1 ? 0 : Math.min(options.baseMs * 2 ** (count - 2), options.maxMs);
  return { crashesInARow: count, delayMs };
}
