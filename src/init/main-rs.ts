// The switch in the bin's main.rs that --init proposes (the user sees it in the
// diff before anything is written): with the `reload` feature, the lib's name
// means the generated hot_lib module, which has the same functions and types;
// and the first loop of main.rs picks up new versions once per iteration.
// Only these two insertions; whatever is not that simple becomes a note.

export interface MainRsEdit {
  text: string;
  notes: string[];
  /** True when main.rs has the switch already (a second run). */
  alreadyThere: boolean;
}

const UPDATE_CALL = 'hot_lib::update();';

export function addReloadSwitch(source: string, crate: string, file: string): MainRsEdit {
  const notes: string[] = [];
  if (/^\s*mod\s+hot_lib\s*;/m.test(source)) return { text: source, notes, alreadyThere: true };
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  if (new RegExp(`^\\s*extern\\s+crate\\s+${crate}\\b`, 'm').test(source)) {
    notes.push(
      `${file} has \`extern crate ${crate}\`: remove it (not needed since Rust 2018) ` +
        'so the reload switch can rename the crate',
    );
  }
  if (!new RegExp(`\\b${crate}\\s*::`).test(source)) {
    notes.push(
      `${file} never names ${crate}::...: the Rust host calls the lib through \`${crate}::\` paths, ` +
        'so use them where you call it',
    );
  }
  const switchLines = [
    `// create-hot-reload: with \`--features reload\` (\`npm run dev:rust\`), \`${crate}\` is src/hot_lib.rs: the same`,
    '// functions and types, calling the version of the lib that `hot-reload dev` published last.',
    '#[cfg(feature = "reload")]',
    'mod hot_lib;',
    '#[cfg(feature = "reload")]',
    'mod reloader;',
    '#[cfg(feature = "reload")]',
    `use hot_lib as ${crate};`,
    '',
  ];
  const lines = source.split(/\r?\n/);
  const insertAt = afterInnerAttributes(lines);
  if (insertAt > 0 && lines[insertAt - 1]!.trim() !== '') switchLines.unshift('');
  lines.splice(insertAt, 0, ...switchLines);

  const loop = findFirstLoop(lines, insertAt + switchLines.length);
  if (loop) {
    lines.splice(loop.line + 1, 0, `${loop.indent}#[cfg(feature = "reload")]`, `${loop.indent}${UPDATE_CALL}`);
  } else {
    notes.push(
      `${file} has no \`loop {\`: call \`hot_lib::update();\` (under #[cfg(feature = "reload")]) where your program ` +
        'can take a new version, e.g. once per frame; without it the Rust host runs the version it started with',
    );
  }
  return { text: lines.join(eol), notes, alreadyThere: false };
}

/** Past the leading `//!` docs, `#![...]` attributes and blank lines: where the first item may go. */
function afterInnerAttributes(lines: readonly string[]): number {
  let index = 0;
  let attributeOpen = false;
  for (; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (attributeOpen || line.startsWith('#![')) attributeOpen = !line.endsWith(']');
    else if (line !== '' && !line.startsWith('//!')) break;
  }
  return index;
}

/** The first line that opens a `loop {` (or `while ... {`) in `fn main`, and the indentation of its body. */
function findFirstLoop(lines: readonly string[], from: number): { line: number; indent: string } | undefined {
  const mainAt = lines.findIndex((l, i) => i >= from && /^\s*(pub\s+)?(async\s+)?fn\s+main\s*\(/.test(l));
  if (mainAt < 0) return undefined;
  for (let i = mainAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\S/.test(line)) return undefined; // left fn main (the next top-level item)
    const match = /^(\s*)(?:'\w+:\s*)?(loop|while\b[^{]*)\s*\{\s*(\/\/.*)?$/.exec(line);
    if (match) return { line: i, indent: `${match[1]}    ` };
  }
  return undefined;
}
