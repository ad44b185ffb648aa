// Crash-loop protection: a host that crashes right after each start is
// restarted later and later (never a spin), and one that ran a while before
// crashing counts as a fresh start.

export interface BackoffOptions {
  /** The second quick crash in a row waits this long; each one after doubles it. */
  baseMs: number;
  maxMs: number;
  /** A host that ran at least this long before crashing resets the count. */
  stableMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000, stableMs: 10_000 };

export class CrashBackoff {
  #quickCrashes = 0;

  constructor(readonly options: BackoffOptions = defaultBackoff) {}

  /** Records a crash after `uptimeMs` of running; returns how long to wait before the restart. */
  onCrash(uptimeMs: number): number {
    if (uptimeMs >= this.options.stableMs) this.#quickCrashes = 0;
    this.#quickCrashes += 1;
    if (this.#quickCrashes === 1) return 0;
    return Math.min(this.options.baseMs * 2 ** (this.#quickCrashes - 2), this.options.maxMs);
  }

  /** Quick crashes in a row so far. */
  get crashesInARow(): number {
    return this.#quickCrashes;
  }

  /** Something the user did (a new build, a host edit) deserves an immediate start. */
  reset(): void {
    this.#quickCrashes = 0;
  }
}
