// A machine-readable trace of each reload's phases, for `npm run bench`: with
// HOT_RELOAD_TRACE=<file> set, each event is appended to that file as one JSON
// line `{"event":…,"t":<ms since the epoch, sub-millisecond>,…}`. Unset (the
// normal case), trace() is one property read. Wall-clock time, so events from
// the dev loop and from a host process can be put on one time line.
import fs from 'node:fs';

export type TraceEvent = 'change' | 'build' | 'cargo-start' | 'cargo-end' | 'published';

const file = process.env.HOT_RELOAD_TRACE;

/** Milliseconds since the epoch with the resolution of performance.now(). */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function trace(event: TraceEvent, fields: Record<string, number | string> = {}): void {
  if (!file) return;
  fs.appendFileSync(file, `${JSON.stringify({ event, t: epochMs(), ...fields })}\n`);
}
