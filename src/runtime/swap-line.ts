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
//   [hot-reload] snapshot-capable            (once at start: the host snapshots and exits 75 when it must restart)
//   [hot-reload] screen owned / screen released   (a host that takes over the terminal, and gives it back)

export const LINE_PREFIX = '[hot-reload] ';

/** A host's exit code for "restart me on the current version" (it saved its state first): not a crash. */
export const RESTART_EXIT_CODE = 75;

export type HostLine =
  | { kind: 'loaded'; version: number; ms: number }
  | { kind: 'swapped'; version: number; ms: number }
  | { kind: 'kept'; version: number; reason: string }
  | { kind: 'called'; version: number; ms: number }
  | { kind: 'migrated'; version: number; report: string }
  | { kind: 'fresh'; version: number; reason: string }
  | { kind: 'snapshot-capable' }
  | { kind: 'screen'; owned: boolean };

const FRESH_SUFFIX = ' (the state starts from its default)';

export function formatLoaded(version: number, ms: number): string {
  return `${LINE_PREFIX}loaded v${version} in ${formatMsNumber(ms)} ms`;
}

export function formatSwapped(version: number, ms: number): string {
  return `${LINE_PREFIX}swapped to v${version} in ${formatMsNumber(ms)} ms`;
}

/** `ms`: from the end of the swap to the first call into the new version. */
export function formatFirstCall(version: number, ms: number): string {
  return `${LINE_PREFIX}first call of v${version} after ${formatMsNumber(ms)} ms`;
}

export function formatKept(version: number, reason: string): string {
  // One line, whatever the reason's text: the dev loop parses line by line.
  return `${LINE_PREFIX}kept v${version}: ${reason.replace(/\s*\n\s*/g, ' ')}`;
}

export function formatMigrated(version: number, report: string): string {
  return `${LINE_PREFIX}migrated v${version}: ${report.replace(/\s*\n\s*/g, ' ')}`;
}

export function formatFresh(version: number, reason: string): string {
  return `${LINE_PREFIX}fresh v${version}: ${reason.replace(/\s*\n\s*/g, ' ')}${FRESH_SUFFIX}`;
}

export const SNAPSHOT_CAPABLE_LINE = `${LINE_PREFIX}snapshot-capable`;

export function formatScreen(owned: boolean): string {
  return `${LINE_PREFIX}screen ${owned ? 'owned' : 'released'}`;
}

/** One decimal below 10 ms (swaps are usually sub-millisecond), whole numbers above. */
export function formatMsNumber(ms: number): string {
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
  m = /^migrated v(\d+): (.*)$/.exec(rest);
  if (m) return { kind: 'migrated', version: Number(m[1]), report: m[2] ?? '' };
  m = /^fresh v(\d+): (.*)$/.exec(rest);
  if (m) {
    const reason = m[2] ?? '';
    const withoutSuffix = reason.endsWith(FRESH_SUFFIX) ? reason.slice(0, -FRESH_SUFFIX.length) : reason;
    return { kind: 'fresh', version: Number(m[1]), reason: withoutSuffix };
  }
  if (text === SNAPSHOT_CAPABLE_LINE) return { kind: 'snapshot-capable' };
  m = /^screen (owned|released)$/.exec(rest);
  if (m) return { kind: 'screen', owned: m[1] === 'owned' };
  return undefined;
}
