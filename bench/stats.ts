// Pure helpers for the benchmark table: summaries of samples and the Markdown
// table they are printed as. No timing here, so they are unit-tested.

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** Three significant digits at most, so a table of ms and ns stays readable; whole numbers from 100 up. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100 || value === 0) return Math.round(value).toString();
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(abs >= 1 ? 2 : 3);
}

/** `median (min–max) unit`. */
export function formatSummary(s: Summary, unit: string): string {
  return `${formatNumber(s.median)} (${formatNumber(s.min)}–${formatNumber(s.max)}) ${unit}`;
}

export interface Row {
  /** Which item of the benchmark (1–6). */
  item: string;
  what: string;
  n: string;
  result: string;
  /** The target and whether it was met, or empty. */
  target: string;
}

const HEADERS: Record<keyof Row, string> = {
  item: '#',
  what: 'what',
  n: 'n',
  result: 'median (min–max)',
  target: 'target',
};

/** A Markdown table; `|` inside a cell is escaped so it cannot split the cell. */
export function renderTable(rows: readonly Row[]): string {
  const keys = Object.keys(HEADERS) as (keyof Row)[];
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  return [
    line(keys.map((k) => HEADERS[k])),
    line(keys.map(() => '---')),
    ...rows.map((row) => line(keys.map((k) => escape(row[k])))),
  ].join('\n');
}

/** `met` or `NOT met`, with the target's words: `≤ 10 ms: met`. */
export function verdict(target: string, met: boolean): string {
  return `${target}: ${met ? 'met' : '**NOT met**'}`;
}
