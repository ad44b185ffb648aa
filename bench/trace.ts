// Reading the HOT_RELOAD_TRACE file that the dev loop (src/dev/trace.ts) and
// the benchmark hosts (bench/fixtures) append to, and splitting one save's
// events into the phases of a reload. Pure but for the file read.
import fs from 'node:fs';

export interface TraceRecord {
  event: string;
  /** CLOCK_MONOTONIC in milliseconds (src/dev/trace.ts). */
  t: number;
  marker?: number;
  version?: number;
}

export function readTrace(file: string): TraceRecord[] {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // The last line may be half-written while a process appends.
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as TraceRecord];
    } catch {
      return [];
    }
  });
}

/** Milliseconds spent in each phase of one reload, from the save to the first call into the new code. */
export interface Phases {
  /** Save → the dev loop's first watch event. */
  detected: number;
  /** First watch event → the build starts: the scheduler's settle delay (one save fires several events). */
  settle: number;
  /** Build start → cargo starts: regenerating the bindings (and the ABI fingerprint). */
  bindings: number;
  cargo: number;
  /** cargo exits → `.hot/current.json` points at the copy. */
  publish: number;
  /** Published → the host has loaded, resolved and switched to it. */
  swap: number;
  /** Swapped → a call shows the new marker. */
  firstCall: number;
  total: number;
}

export const PHASES: readonly (keyof Phases)[] = [
  'detected',
  'settle',
  'bindings',
  'cargo',
  'publish',
  'swap',
  'firstCall',
  'total',
];

/** The phases of the save at `savedAt` whose build writes `marker`; undefined if an event is missing. */
export function phasesOf(records: readonly TraceRecord[], savedAt: number, marker: number): Phases | undefined {
  const after = records.filter((r) => r.t >= savedAt);
  const first = (event: string, from: number): TraceRecord | undefined =>
    after.find((r) => r.event === event && r.t >= from);
  const change = first('change', savedAt);
  const build = change && first('build', change.t);
  const cargoStart = build && first('cargo-start', build.t);
  const cargoEnd = cargoStart && first('cargo-end', cargoStart.t);
  const published = cargoEnd && first('published', cargoEnd.t);
  const swapped = published && first('swapped', published.t);
  const called = after.find((r) => r.event === 'called' && r.marker === marker);
  if (!change || !build || !cargoStart || !cargoEnd || !published || !swapped || !called) return undefined;
  return {
    detected: change.t - savedAt,
    settle: build.t - change.t,
    bindings: cargoStart.t - build.t,
    cargo: cargoEnd.t - cargoStart.t,
    publish: published.t - cargoEnd.t,
    swap: swapped.t - published.t,
    firstCall: called.t - swapped.t,
    total: called.t - savedAt,
  };
}
