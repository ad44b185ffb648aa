// Latency reporting: one `↻ vN  built … ms  swapped … ms  save→swap … ms` line per version, printed when the
// host says it runs that version. The TypeScript host also reports the first call into the new code; its line
// is held until then (or until FIRST_CALL_WAIT_MS passed) so that save→call can join it. Pure: the functions
// update the state they are given and return the lines to print.
import type { HostKind } from './host.js';
import type { VersionRecord } from './loop-state.js';
import { formatReload, type ReloadStatus } from './status.js';

/** How long a reload line waits for the TypeScript host's "first call" line before it is printed without it. */
export const FIRST_CALL_WAIT_MS = 1500;

export interface LatencyState {
  /** Versions whose reload line was printed (a restart on one of them prints none). */
  reported: number[];
  /** A reload line waiting for the first call into its version. */
  held: ReloadStatus | undefined;
}

/**
 * The host runs `version` (it `loaded` it at start or `swapped` to it). Returns the lines to print now, and
 * whether a line is now held (the caller arms the first-call timer).
 */
export function hostRuns(
  state: LatencyState,
  kind: HostKind,
  how: 'loaded' | 'swapped',
  ms: number,
  published: VersionRecord,
  now: number,
): { lines: string[]; holding: boolean } {
  if (state.reported.includes(published.version)) return { lines: [], holding: false };
  state.reported.push(published.version);
  const lines = flushHeld(state);
  const sinceChange = now - published.changedAt;
  const status: ReloadStatus = {
    version: published.version,
    buildMs: published.buildMs,
    how,
    ms,
    // The first build was not caused by a save: its time is the start-up time.
    ...(published.version === 1 ? { readyMs: sinceChange } : { saveToRunMs: sinceChange }),
  };
  // The Rust host swaps inside update(), right before its next call: the swap is the first call. The
  // TypeScript host swaps as soon as the file changes and reports the first call separately.
  if (kind === 'rust' || how === 'loaded') return { lines: [...lines, formatReload(status)], holding: false };
  state.held = status;
  return { lines, holding: true };
}

/** The host's first call into `published`: the held line gets its save→call and is printed. */
export function firstCall(state: LatencyState, published: VersionRecord | undefined, now: number): string[] {
  if (!state.held || !published || state.held.version !== published.version) return [];
  state.held.saveToCallMs = now - published.changedAt;
  return flushHeld(state);
}

/** Prints the held line as it is (the first call did not come in time, or the host is gone). */
export function flushHeld(state: LatencyState): string[] {
  const held = state.held;
  state.held = undefined;
  return held ? [formatReload(held)] : [];
}
