// rustc's `--error-format=json` stderr, shown the way cargo shows it (`--message-format=json-render-diagnostics`):
// each diagnostic's `rendered` text once (duplicates dropped), rustc's own "aborting due to" / "N warnings
// emitted" lines replaced by cargo's summary line for the package. Pure, so the output is unit-tested against
// what cargo 1.95 prints for the same diagnostics.

export interface RustcOutput {
  /** What cargo would have printed on stderr for this rustc run (without its Compiling/Finished lines). */
  diagnostics: string;
  errors: number;
  warnings: number;
  /** Files rustc reported writing (`--json=artifacts`). */
  artifacts: string[];
}

interface Diagnostic {
  message?: string;
  level?: string;
  rendered?: string | null;
  children?: { spans?: { suggestion_applicability?: string | null }[] }[];
}

/** rustc's own summary lines, which cargo drops because it prints its own. */
function isRustcSummary(d: Diagnostic): boolean {
  const message = d.message ?? '';
  return message.startsWith('aborting due to') || /warnings? emitted$/.test(message);
}

function machineApplicable(d: Diagnostic): boolean {
  return (d.children ?? []).some((c) =>
    (c.spans ?? []).some((s) => s.suggestion_applicability === 'MachineApplicable'),
  );
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** cargo's status prefix: bold yellow `warning`, bold bright red `error`. */
function status(kind: 'warning' | 'error', color: boolean): string {
  if (!color) return kind;
  return kind === 'warning' ? `\x1b[1m\x1b[33m${kind}\x1b[0m` : `\x1b[1m\x1b[91m${kind}\x1b[0m`;
}

export interface PackageLabel {
  /** The cargo package, e.g. `app-lib`. */
  name: string;
  color: boolean;
}

export function renderRustcOutput(stderr: string, pkg: PackageLabel): RustcOutput {
  const seen = new Set<string>();
  const shown: string[] = [];
  const artifacts: string[] = [];
  const other: string[] = [];
  let errors = 0;
  let warnings = 0;
  let duplicates = 0;
  let fixable = 0;
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) {
      if (line.trim()) other.push(line); // rustc itself failing (an ICE, a linker it cannot start): shown as is
      continue;
    }
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      other.push(line);
      continue;
    }
    if (message.$message_type === 'artifact' && typeof message.artifact === 'string') artifacts.push(message.artifact);
    if (message.$message_type !== 'diagnostic') continue;
    const d = message as Diagnostic;
    if (isRustcSummary(d) || !d.rendered) continue;
    if (seen.has(d.rendered)) {
      if (d.level === 'warning') duplicates++;
      continue;
    }
    seen.add(d.rendered);
    shown.push(d.rendered);
    if (d.level === 'error' || d.level === 'error: internal compiler error') errors++;
    if (d.level === 'warning') {
      warnings++;
      if (machineApplicable(d)) fixable++;
    }
  }
  let text = shown.join('') + other.map((l) => `${l}\n`).join('');
  if (warnings > 0) {
    let summary = `\`${pkg.name}\` (lib) generated ${plural(warnings, 'warning')}`;
    if (duplicates > 0) summary += ` (${plural(duplicates, 'duplicate')})`;
    // cargo suggests `cargo fix` only for a build that succeeded.
    if (fixable > 0 && errors === 0)
      summary += ` (run \`cargo fix --lib -p ${pkg.name}\` to apply ${plural(fixable, 'suggestion')})`;
    text += `${status('warning', pkg.color)}: ${summary}\n`;
  }
  if (errors > 0) {
    const also = warnings > 0 ? `; ${plural(warnings, 'warning')} emitted` : '';
    const failed = `could not compile \`${pkg.name}\` (lib) due to ${plural(errors, 'previous error')}${also}`;
    text += `${status('error', pkg.color)}: ${failed}\n`;
  }
  return { diagnostics: text.trim(), errors, warnings, artifacts };
}
