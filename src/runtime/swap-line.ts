// The one line a host prints on stderr after it loads or swaps a version. The
// dev loop reads it to report swap times, and the Rust reloader prints exactly
// the same text, so both hosts are supervised by the same parser.
//
//   [hot-reload] loaded v1 in 2.1 ms
//   [hot-reload] swapped to v3 in 0.4 ms
//   [hot-reload] kept v3: <reason>          (a refused swap; the old version keeps running)
//   [hot-reload] first call of v3 after 812 ms   (TypeScript host only: the Rust host swaps right before a call)
//   [hot-reload] migrated v5: State migrated: +lives u32 = 3 (Default)   (state carried across a layout change)
//   [hot-reload] fresh v5: <reason> (the state starts from its default)
//   [hot-reload] snapshot-capable   (once at start, before `loaded`: this host snapshots and exits 75 to restart)

export const LINE_PREFIX = '[hot-reload] ';

export type HostLine =
  | { kind: 'loaded'; version: number; ms: number }
  | { kind: 'swapped'; version: number; ms: number }
  | { kind: 'kept'; version: number; reason: string }
  | { kind: 'called'; version: number; ms: number };

export function formatLoaded(version: number, ms: number): string {
  return `${LINE_PREFIX}loaded v${version} in ${formatMs(ms)} ms`;
}

export function formatSwapped(version: number, ms: number): string {
  return `${LINE_PREFIX}swapped to v${version} in ${formatMs(ms)} ms`;
}

/** `ms`: from the end of the swap to the first call into the new version. */
export function formatFirstCall(version: number, ms: number): string {
  return `${LINE_PREFIX}first call of v${version} after ${formatMs(ms)} ms`;
}

export function formatKept(version: number, reason: string): string {
  // One line, whatever the reason's text: the dev loop parses line by line.
  return `${LINE_PREFIX}kept v${version}: ${reason.replace(/\s*\n\s*/g, ' ')}`;
}

/** A host's exit code for "restart me on the current version" (it saved its state first): not a crash. */
export const RESTART_EXIT_CODE = 75;

export const SNAPSHOT_CAPABLE_LINE = `${LINE_PREFIX}snapshot-capable`;

/** `report`: the migration's one line (src/migrate/report.ts). */
export function formatMigrated(version: number, report: string): string {
  return `${LINE_PREFIX}migrated v${version}: ${report}`;
}

export function formatFresh(version: number, reason: string): string {
  return `${LINE_PREFIX}fresh v${version}: ${reason.replace(/\s*\n\s*/g, ' ')} (the state starts from its default)`;
}

export type StateLine =
  | { kind: 'migrated'; version: number; report: string }
  | { kind: 'fresh'; version: number; reason: string }
  | { kind: 'snapshot-capable' };

/**
 * The state lines of contract §3/§4, kept apart from parseHostLine so that the dev loop opts in to them (it prints
 * them as `[dev] ↻ v5 State migrated: ...` / `[dev] ↻ v5 state starts fresh: <reason>`).
 */
export function parseStateLine(line: string): StateLine | undefined {
  const text = line.replace(/\r$/, '');
  if (text === SNAPSHOT_CAPABLE_LINE) return { kind: 'snapshot-capable' };
  if (!text.startsWith(LINE_PREFIX)) return undefined;
  const rest = text.slice(LINE_PREFIX.length);
  let m = /^migrated v(\d+): (.*)$/.exec(rest);
  if (m) return { kind: 'migrated', version: Number(m[1]), report: m[2] ?? '' };
  m = /^fresh v(\d+): (.*) \(the state starts from its default\)$/.exec(rest);
  if (m) return { kind: 'fresh', version: Number(m[1]), reason: m[2] ?? '' };
  return undefined;
}

/** One decimal below 10 ms (swaps are usually sub-millisecond), whole numbers above. */
export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/** Parses a host's stderr line; anything else (the host's own output) gives undefined. */
export function parseHostLine(line: string): HostLine | undefined {
  const text = line.replace(/\r$/, '');
  if (!text.startsWith(LINE_PREFIX)) return undefined;
  const rest = text.slice(LINE_PREFIX.length);
  let m = /^(loaded|swapped to) v(\d+) in (\d+(?:\.\d+)?) ms$/.exec(rest);
  if (m) {
    return { kind: m[1] === 'loaded' ? 'loaded' : 'swapped', version: Number(m[2]), ms: Number(m[3]) };
  }
  m = /^first call of v(\d+) after (\d+(?:\.\d+)?) ms$/.exec(rest);
  if (m) return { kind: 'called', version: Number(m[1]), ms: Number(m[2]) };
  m = /^kept v(\d+): (.*)$/.exec(rest);
  if (m) return { kind: 'kept', version: Number(m[1]), reason: m[2] ?? '' };
  return undefined;
}
