// A small Rust tokenizer: just enough lexical structure that the parser never
// mistakes text inside comments, strings, raw strings or char literals for
// code. It keeps outer doc comments (they become TSDoc) and line numbers
// (warnings point at them); everything else in comments is dropped.

export type TokenKind =
  | 'ident' // `foo`, `r#type` (raw prefix removed), keywords too
  | 'lifetime' // `'a`
  | 'literal' // strings, raw strings, byte strings, chars, numbers
  | 'punct' // one character, or `->` / `::` / `=>`
  | 'doc'; // an outer doc comment (`///` or `/** */`), text without the marker

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CONT = /[A-Za-z0-9_\u0080-\uffff]/;

export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = source.length;

  /** Advances over `count` characters, counting newlines. */
  const advance = (count: number): void => {
    for (let k = 0; k < count && i < n; k++, i++) if (source[i] === '\n') line++;
  };

  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      advance(1);
      continue;
    }
    const startLine = line;

    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const text = source.slice(i, end === -1 ? n : end);
      // `///` is an outer doc comment, `////` is a plain comment, `//!` an inner doc (about the file, not an item).
      if (text.startsWith('///') && !text.startsWith('////')) {
        tokens.push({ kind: 'doc', text: text.slice(3).replace(/^ /, ''), line: startLine });
      }
      advance(text.length);
      continue;
    }
    if (c === '/' && next === '*') {
      // Block comments nest in Rust.
      let depth = 0;
      const start = i;
      do {
        if (source.startsWith('/*', i)) {
          depth++;
          advance(2);
        } else if (source.startsWith('*/', i)) {
          depth--;
          advance(2);
        } else if (i >= n) {
          throw new TokenizeError('unterminated block comment', startLine);
        } else {
          advance(1);
        }
      } while (depth > 0);
      const text = source.slice(start, i);
      if (text.startsWith('/**') && !text.startsWith('/***') && text !== '/**/') {
        for (const docLine of text.slice(3, -2).split('\n')) {
          const cleaned = docLine.replace(/^\s*\*?\s?/, '').trimEnd();
          tokens.push({ kind: 'doc', text: cleaned, line: startLine });
        }
      }
      continue;
    }

    // Raw strings: r"..", r#".."#, br#".."#, cr#".."#.
    const raw = /^(?:b|c)?r(#*)"/.exec(source.slice(i, i + 260));
    if (raw) {
      const closing = '"' + raw[1];
      const end = source.indexOf(closing, i + raw[0].length);
      if (end === -1) throw new TokenizeError('unterminated raw string', startLine);
      const text = source.slice(i, end + closing.length);
      advance(text.length);
      tokens.push({ kind: 'literal', text, line: startLine });
      continue;
    }
    // Strings and byte/C strings: "..", b"..", c"..".
    if (c === '"' || ((c === 'b' || c === 'c') && next === '"')) {
      const start = i;
      advance(c === '"' ? 1 : 2);
      while (i < n && source[i] !== '"') advance(source[i] === '\\' ? 2 : 1);
      if (i >= n) throw new TokenizeError('unterminated string', startLine);
      advance(1);
      tokens.push({ kind: 'literal', text: source.slice(start, i), line: startLine });
      continue;
    }
    // Char literals ('a', '\n', '\u{1F600}', b'x') versus lifetimes ('a, 'static).
    if (c === "'" || (c === 'b' && next === "'")) {
      const q = c === 'b' ? i + 1 : i;
      const charLit = /^'(?:\\(?:u\{[0-9a-fA-F_]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/u.exec(source.slice(q, q + 16));
      if (charLit) {
        const len = q - i + charLit[0].length;
        tokens.push({ kind: 'literal', text: source.slice(i, i + len), line: startLine });
        advance(len);
        continue;
      }
      if (c === "'") {
        const lifetime = /^'[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 128));
        if (lifetime) {
          tokens.push({ kind: 'lifetime', text: lifetime[0], line: startLine });
          advance(lifetime[0].length);
          continue;
        }
      }
    }
    if (IDENT_START.test(c)) {
      let j = i;
      if (c === 'r' && next === '#' && IDENT_START.test(source[i + 2] ?? '')) j += 2; // raw identifier r#type
      const start = j;
      while (j < n && IDENT_CONT.test(source[j]!)) j++;
      tokens.push({ kind: 'ident', text: source.slice(start, j), line: startLine });
      advance(j - i);
      continue;
    }
    if (c >= '0' && c <= '9') {
      // Numbers with suffixes, hex, underscores, exponents; `1..2` is a number, a range, a number.
      const num =
        /^(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?:\.(?![.A-Za-z_])[0-9_]*)?(?:[eE][+-]?[0-9_]+)?)(?:[iuf](?:8|16|32|64|128|size))?/.exec(
          source.slice(i, i + 128),
        );
      const text = num ? num[0] : c;
      tokens.push({ kind: 'literal', text, line: startLine });
      advance(text.length);
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '->' || two === '::' || two === '=>') {
      tokens.push({ kind: 'punct', text: two, line: startLine });
      advance(2);
      continue;
    }
    tokens.push({ kind: 'punct', text: c, line: startLine });
    advance(1);
  }
  return tokens;
}
