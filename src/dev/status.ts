// The dev loop's own lines. Host output goes through unprefixed; ours start
// with `[dev] ` so that both can be told apart at a glance (and by tests).
import { formatDuration } from '../duration.js';
import { formatMsNumber } from '../runtime/swap-line.js';

export const DEV_PREFIX = '[dev] ';

export function devLine(text: string): string {
  return `${DEV_PREFIX}${text}`;
}

export interface ReloadStatus {
  version: number;
  buildMs: number;
  /** `swapped` into a running host, or `loaded` by a host that was (re)started for it. */
  how: 'swapped' | 'loaded';
  ms: number;
  /** From the save that led to this version until the host runs it. */
  saveToRunMs?: number;
  /** From that save until the first call into the new code (when the host reports it). */
  saveToCallMs?: number;
  /** For the first version: from `hot-reload dev`'s start until the host ran it (there was no save). */
  readyMs?: number;
}

/** `↻ v7  built 152 ms  swapped 3 ms  save→swap 190 ms` (or `loaded` / `save→load` after a restart). */
export function formatReload(s: ReloadStatus): string {
  const parts = [`↻ v${s.version}`, `built ${Math.round(s.buildMs)} ms`, `${s.how} ${formatMsNumber(s.ms)} ms`];
  if (s.saveToRunMs !== undefined)
    parts.push(`save→${s.how === 'swapped' ? 'swap' : 'load'} ${Math.round(s.saveToRunMs)} ms`);
  if (s.saveToCallMs !== undefined) parts.push(`save→call ${Math.round(s.saveToCallMs)} ms`);
  if (s.readyMs !== undefined) parts.push(`ready in ${formatDuration(s.readyMs)}`);
  return parts.join('  ');
}

/** `▶ host started on v3 (node host/main.ts)` */
export function formatStarted(version: number, what: string): string {
  return `▶ host started on v${version} (${what})`;
}

/** The restart line, with one reason per line below it. */
export function formatRestart(why: string, reasons: readonly string[]): string[] {
  return [`⟳ restarting the host: ${why}`, ...indented(reasons)];
}

/** A new ABI for a snapshot-capable host: it migrates its state in place, or restarts with a snapshot. */
export function formatStateCarried(reasons: readonly string[]): string[] {
  return ['⟳ the ABI changed: the host carries its state over (in place, or across a restart)', ...indented(reasons)];
}

function indented(lines: readonly string[]): string[] {
  return lines.map((line) => `    ${line}`);
}

/** What a host said about the state it kept across a restart or a layout change (contract §3). */
export function formatMigration(
  version: number,
  line: { kind: 'migrated'; report: string } | { kind: 'fresh'; reason: string },
): string {
  return line.kind === 'migrated' ? `↻ v${version} ${line.report}` : `↻ v${version} state starts fresh: ${line.reason}`;
}
