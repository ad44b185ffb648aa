// A machine-readable trace of each reload's phases, for `npm run bench`: with
// HOT_RELOAD_TRACE=<file> set, each event is appended to that file as one JSON
// line `{"event":…,"t":<ms>,…}`. Unset (the normal case), trace() is one
// property read. `t` is CLOCK_MONOTONIC (process.hrtime), which every process on
// the machine shares, so events of the dev loop and of a host process fall on
// one time line; performance.timeOrigin is not exact enough for that (measured:
// a host's swap appeared 0.3 ms before the publish that caused it).
import fs from 'node:fs';

// rustc-start/-end: the compiler alone, inside cargo-start/-end, when the lib is built with rustc directly.
export type TraceEvent = 'change' | 'build' | 'cargo-start' | 'cargo-end' | 'rustc-start' | 'rustc-end' | 'published';

const file = process.env.HOT_RELOAD_TRACE;

/** CLOCK_MONOTONIC in milliseconds (nanosecond resolution). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** `at`: when it happened, if that was before now (read the clock first, do the thing, then trace). */
export function trace(event: TraceEvent, fields: Record<string, number | string> = {}, at?: number): void {
  if (!file) return;
  fs.appendFileSync(file, `${JSON.stringify({ event, t: at ?? monotonicMs(), ...fields })}\n`);
}
