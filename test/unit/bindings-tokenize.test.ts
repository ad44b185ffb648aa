import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, TokenizeError } from '../../src/bindings/tokenize.js';

const kinds = (source: string): string[] => tokenize(source).map((t) => `${t.kind}:${t.text}`);

const cases: [string, string, string[]][] = [
  ['line comment dropped', 'a // fn b()\nc', ['ident:a', 'ident:c']],
  ['outer doc comment kept', '/// Hello\nfn', ['doc:Hello', 'ident:fn']],
  ['inner doc and //// are not item docs', '//! crate\n//// not doc\nx', ['ident:x']],
  ['nested block comment', 'a /* x /* y */ fn z() */ b', ['ident:a', 'ident:b']],
  ['block doc comment, one token per line', '/** One\n * Two */ s', ['doc:One', 'doc:Two', 'ident:s']],
  ['string with fake code and escaped quote', '"fn x() \\" }" y', ['literal:"fn x() \\" }"', 'ident:y']],
  ['raw string with hashes and quotes', 'r#"a "quoted" fn f() {"# z', ['literal:r#"a "quoted" fn f() {"#', 'ident:z']],
  ['byte and C strings', 'b"x" c"y" br"z"', ['literal:b"x"', 'literal:c"y"', 'literal:br"z"']],
  [
    'char literals versus lifetimes',
    "'a' '\\'' '\\u{1F600}' &'a T 'static",
    ["literal:'a'", "literal:'\\''", "literal:'\\u{1F600}'", 'punct:&', "lifetime:'a", 'ident:T', "lifetime:'static"],
  ],
  ['a quote char does not start a string', "'\"' fn", ["literal:'\"'", 'ident:fn']],
  ['raw identifiers lose r#', 'r#type r#fn', ['ident:type', 'ident:fn']],
  [
    'arrows and paths are one token',
    'a::b -> c => d',
    ['ident:a', 'punct:::', 'ident:b', 'punct:->', 'ident:c', 'punct:=>', 'ident:d'],
  ],
  [
    'numbers with suffixes, hex, ranges',
    '0x10u8 1_000 1.5f32 1..2',
    ['literal:0x10u8', 'literal:1_000', 'literal:1.5f32', 'literal:1', 'punct:.', 'punct:.', 'literal:2'],
  ],
];

for (const [label, source, expected] of cases) {
  test(`tokenize: ${label}`, () => assert.deepEqual(kinds(source), expected));
}

test('tokenize: counts lines through comments and strings', () => {
  const tokens = tokenize('a\n/* x\ny */\n"s\nt"\nb');
  assert.deepEqual(
    tokens.map((t) => [t.text, t.line]),
    [
      ['a', 1],
      ['"s\nt"', 4],
      ['b', 6],
    ],
  );
});

test('tokenize: unterminated string and comment are errors with their line', () => {
  assert.throws(
    () => tokenize('a\n"open'),
    (e: unknown) => e instanceof TokenizeError && e.line === 2,
  );
  assert.throws(() => tokenize('/* open'), TokenizeError);
  assert.throws(() => tokenize('r#"open'), TokenizeError);
});
