// The diff --init shows before it asks: unified diffs of every file it edits or
// creates by hand-readable text; generated files (bindings, the loader) by name
// and size only, since their every line is ours.
import { createTwoFilesPatch } from 'diff';
import type { FileChange } from './plan.js';

export function renderDiff(changes: readonly FileChange[]): string {
  return changes.map(renderChange).join('');
}

function renderChange(change: FileChange): string {
  const from = change.before === undefined ? '/dev/null' : `a/${change.path}`;
  const to = `b/${change.path}`;
  if (change.generated) {
    const lines = change.after.split('\n').length - (change.after.endsWith('\n') ? 1 : 0);
    const verb = change.before === undefined ? 'new' : 'regenerated';
    return `--- ${from}\n+++ ${to}\n@@ ${verb}, generated: ${lines} line${lines === 1 ? '' : 's'} @@\n`;
  }
  const patch = createTwoFilesPatch(from, to, change.before ?? '', change.after, undefined, undefined, { context: 3 });
  // jsdiff starts with an `Index:`-less `===` line; a unified diff starts at `---`.
  return patch.replace(/^=+\n/, '');
}

/** `+3 -1` per file: the summary line under the diff. */
export function summarizeChanges(changes: readonly FileChange[]): string {
  const created = changes.filter((c) => c.before === undefined).map((c) => c.path);
  const edited = changes.filter((c) => c.before !== undefined).map((c) => c.path);
  const parts: string[] = [];
  if (edited.length) parts.push(`edit ${edited.join(', ')}`);
  if (created.length) parts.push(`create ${created.join(', ')}`);
  return parts.join('; ');
}
