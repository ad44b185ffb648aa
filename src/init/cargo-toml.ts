// The two Cargo.toml edits --init makes, as minimal textual changes that keep
// every comment, order and spacing of the user's file. Each result is parsed
// again and compared with what the edit meant to change; anything else is a
// refusal with what to add by hand, never a guess written to disk.
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'smol-toml';

type Table = Record<string, unknown>;

export interface TomlEdit {
  text: string;
  /** What was done or what to do by hand, one line each. */
  notes: string[];
}

const HOT_CRATE_TYPES = ['rlib', 'cdylib'];
const FEATURE = 'reload';

/** `[lib] crate-type` gains rlib and cdylib; entries already there are kept. */
export function addCrateTypes(text: string, file: string): TomlEdit {
  const before = parseOrThrow(text, file);
  const lib = (before.lib ?? {}) as Table;
  const key = 'crate_type' in lib && !('crate-type' in lib) ? 'crate_type' : 'crate-type';
  const existing = (lib[key] as string[] | undefined) ?? [];
  // "lib" is the default kind (an rlib here): it already links the bin statically.
  const missing = HOT_CRATE_TYPES.filter((t) => !existing.includes(t) && !(t === 'rlib' && existing.includes('lib')));
  if (missing.length === 0) return { text, notes: [] };
  const header = findHeader(text, 'lib');
  let next: string | undefined;
  if (header && lib[key] !== undefined) next = appendToArray(text, header, key, missing);
  else if (header) next = insertAfterHeader(text, header, `crate-type = ${tomlArray(missing)}`);
  else if (before.lib === undefined) {
    next = appendTable(text, 'lib', [
      '# cdylib: the file create-hot-reload loads and swaps while your program runs;',
      '# rlib: what your bin links statically, as before.',
      `crate-type = ${tomlArray(HOT_CRATE_TYPES)}`,
    ]);
  }
  const expected = plain(text);
  expected.lib = { ...lib, [key]: [...existing, ...missing] };
  const wanted = tomlArray([...existing, ...missing]);
  return verify(text, next, expected, file, `in [lib], set crate-type = ${wanted}`);
}

/** `[features] reload = []`, the switch `npm run dev:rust` builds the bin with. */
export function addReloadFeature(text: string, file: string): TomlEdit {
  const before = parseOrThrow(text, file);
  const features = (before.features ?? {}) as Table;
  if (features[FEATURE] !== undefined) {
    return { text, notes: [`${file} already has a feature "${FEATURE}"; it is used as it is`] };
  }
  const header = findHeader(text, 'features');
  const line = `${FEATURE} = []`;
  const comment = '# `npm run dev:rust` builds with this: the bin calls the lib through src/hot_lib.rs (hot-reloaded).';
  let next: string | undefined;
  if (header) next = insertAfterHeader(text, header, `${comment}\n${line}`);
  else if (before.features === undefined) next = appendTable(text, 'features', [comment, line]);
  const expected = plain(text);
  expected.features = { ...features, [FEATURE]: [] };
  return verify(text, next, expected, file, `add to [features]: ${line}`);
}

/** Parsed into plain objects (smol-toml's have no prototype; dates become strings), so results compare. */
function plain(text: string): Table {
  return JSON.parse(JSON.stringify(parse(text))) as Table;
}

function parseOrThrow(text: string, file: string): Table {
  try {
    return plain(text);
  } catch (error) {
    throw new Error(`${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function verify(original: string, next: string | undefined, expected: Table, file: string, byHand: string): TomlEdit {
  if (next !== undefined) {
    try {
      if (isDeepStrictEqual(plain(next), expected)) return { text: next, notes: [] };
    } catch {
      // Falls through to the by-hand note: the edit did not re-parse.
    }
  }
  return { text: original, notes: [`${file}: could not edit this safely; by hand: ${byHand}`] };
}

interface Header {
  /** Offset of the first character after the header line (its newline included). */
  end: number;
}

/** The `[name]` header line (not `[[name]]`, not `[name.sub]`), as written, with optional spaces and a comment. */
function findHeader(text: string, name: string): Header | undefined {
  const pattern = new RegExp(`^[ \\t]*\\[[ \\t]*${name}[ \\t]*\\][ \\t]*(#.*)?(\\r?\\n|$)`, 'm');
  const match = pattern.exec(text);
  return match ? { end: match.index + match[0].length } : undefined;
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function insertAfterHeader(text: string, header: Header, lines: string): string {
  const eol = newlineOf(text);
  const atEnd = header.end === text.length && !/\n$/.test(text);
  const insert = lines.split('\n').join(eol) + eol;
  return text.slice(0, header.end) + (atEnd ? eol : '') + insert + text.slice(header.end);
}

function appendTable(text: string, name: string, lines: string[]): string {
  const eol = newlineOf(text);
  const separator = text === '' ? '' : text.endsWith('\n') ? eol : eol + eol;
  return `${text}${separator}[${name}]${eol}${lines.join(eol)}${eol}`;
}

/** Adds entries before the closing bracket of `key = [...]` in the table that starts at `header`. */
function appendToArray(text: string, header: Header, key: string, entries: string[]): string | undefined {
  const nextTable = /^[ \t]*\[/m.exec(text.slice(header.end));
  const tableEnd = nextTable ? header.end + nextTable.index : text.length;
  const body = text.slice(header.end, tableEnd);
  const assignment = new RegExp(`^[ \\t]*"?${key}"?[ \\t]*=[ \\t]*\\[`, 'm').exec(body);
  if (!assignment) return undefined;
  const open = header.end + assignment.index + assignment[0].length;
  const close = text.indexOf(']', open);
  if (close < 0 || close > tableEnd) return undefined;
  const inside = text.slice(open, close);
  const trimmed = inside.replace(/\s+$/, '');
  const quoted = entries.map((e) => JSON.stringify(e)).join(', ');
  const joined =
    trimmed.trim() === '' ? quoted : trimmed.endsWith(',') ? `${trimmed} ${quoted}` : `${trimmed}, ${quoted}`;
  return text.slice(0, open) + joined + inside.slice(trimmed.length) + text.slice(close);
}

function tomlArray(items: readonly string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
}
