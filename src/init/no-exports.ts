// What --init says when the lib exports nothing a host could call: not a
// silent success, but the change to make, shown on a function of the user's own.
import fs from 'node:fs';
import path from 'node:path';

/** The guide's lines; `files` are the lib's sources relative to `root` (as the model lists them). */
export function noExportsGuide(root: string, files: readonly string[]): string[] {
  const example = firstPublicFunction(root, files);
  const lines = ['! the lib exports no functions for the hosts to call yet. Mark the ones to hot-reload, e.g.'];
  if (example) {
    lines.push(
      `  ${example.file}:${example.line}`,
      `  - ${example.text.trim()}`,
      '  + #[unsafe(no_mangle)]',
      `  + ${example.text.trim().replace(/^pub\s+(unsafe\s+)?fn\b/, (_, u?: string) => `pub ${u ?? ''}extern "C" fn`)}`,
    );
  } else {
    lines.push('  + #[unsafe(no_mangle)]', '  + pub extern "C" fn step(state: &mut State) { ... }');
  }
  lines.push(
    '  Only C types cross: integers, floats, bool, pointers and references to #[repr(C)] structs, C strings.',
    '  Then `npm run dev` regenerates the bindings on every build (or run `npm run gen`).',
  );
  return lines;
}

function firstPublicFunction(
  root: string,
  files: readonly string[],
): { file: string; line: number; text: string } | undefined {
  for (const file of files) {
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split(/\r?\n/);
    const index = lines.findIndex((l) => /^\s*pub\s+(unsafe\s+)?fn\s+\w+/.test(l));
    if (index >= 0) return { file, line: index + 1, text: lines[index]! };
  }
  return undefined;
}
