// Reading attributes (`#[no_mangle]`, `#[repr(...)]`) and the comma-separated lists inside items.
import type { IntegerName, Repr } from './model.js';
import { parseIntegerLiteral } from './parse-type.js';
import type { Attribute } from './raw-items.js';
import type { Token } from './tokenize.js';

/** `#[no_mangle]`, `#[unsafe(no_mangle)]`, `#[cfg_attr(feature = "x", unsafe(no_mangle))]`. */
export function isNoMangle(attribute: Attribute): boolean {
  return attribute.tokens.some((t) => t.kind === 'ident' && t.text === 'no_mangle');
}

const INTEGERS: ReadonlySet<string> = new Set<IntegerName>(['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64']);

/** The first `#[repr(...)]` (also inside cfg_attr), or an empty one when there is none. */
export function reprOf(attributes: readonly Attribute[]): Repr {
  const repr: Repr = { c: false, packed: false, hints: 0, written: '' };
  for (const { tokens } of attributes) {
    const at = tokens.findIndex((t) => t.kind === 'ident' && t.text === 'repr');
    if (at < 0 || tokens[at + 1]?.text !== '(') continue;
    const inside = tokensInParens(tokens.slice(at + 1));
    repr.written = inside.map((t) => (t.text === ',' ? ', ' : t.text)).join('');
    for (const hint of splitTopLevel(inside)) addHint(repr, hint);
    return repr;
  }
  return repr;
}

/** The tokens between a leading `(` and its `)`. */
function tokensInParens(tokens: readonly Token[]): Token[] {
  let depth = 0;
  const out: Token[] = [];
  for (const token of tokens) {
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (depth === 0) break;
    if (depth === 1 && token.text === '(') continue;
    out.push(token);
  }
  return out;
}

/** One hint: `C`, `packed`, `packed(N)`, `align(N)`, `u8`, ... */
function addHint(repr: Repr, hint: readonly Token[]): void {
  repr.hints++;
  const name = hint[0]?.text ?? '';
  const argument = hint[1]?.text === '(' ? parseIntegerLiteral(hint[2]?.text ?? '') : undefined;
  if (name === 'C') repr.c = true;
  else if (name === 'packed' && hint.length === 1) repr.packed = true;
  else if (name === 'packed') repr.packedTo = Number(argument ?? 0n);
  else if (name === 'align') repr.align = Number(argument ?? 0n);
  else if (INTEGERS.has(name)) repr.int = name as IntegerName;
}

/** Splits a token list at commas that are not nested in (), [], {} or <>. Empty pieces are dropped. */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const pieces: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'punct') {
      if ('([{<'.includes(token.text)) depth++;
      else if (')]}>'.includes(token.text)) depth--;
      else if (token.text === ',' && depth === 0) {
        if (current.length) pieces.push(current);
        current = [];
        continue;
      }
    }
    current.push(token);
  }
  if (current.length) pieces.push(current);
  return pieces;
}

/** Drops leading `#[...]` attributes and visibility from a field or variant. */
export function stripAttributes(tokens: Token[]): Token[] {
  let i = 0;
  for (;;) {
    if (tokens[i]?.text === '#' && tokens[i + 1]?.text === '[') {
      let depth = 0;
      for (i++; i < tokens.length; i++) {
        if (tokens[i]!.text === '[') depth++;
        if (tokens[i]!.text === ']' && --depth === 0) break;
      }
      i++;
    } else if (tokens[i]?.text === 'pub') {
      i++;
      if (tokens[i]?.text === '(') {
        while (i < tokens.length && tokens[i]!.text !== ')') i++;
        i++;
      }
    } else return tokens.slice(i);
  }
}
