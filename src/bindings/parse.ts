// Reads the lib's Rust sources into raw items: exported functions with their
// parsed signatures, and every struct and enum (valid or not, so validation can
// say why a function that uses one was left out). Works on tokens, not regexes,
// so comments, strings and raw strings that look like code are never code.
import type { Attribute, ItemStart, RawLib } from './raw-items.js';
import { readFn, type FnQualifiers } from './read-fn.js';
import { readEnum, readStruct } from './read-types.js';
import { TokenCursor } from './token-cursor.js';
import { tokenize, TokenizeError, type Token } from './tokenize.js';

export type { RawEnum, RawFunction, RawLib, RawStruct } from './raw-items.js';

/** Reads all sources; `file` names are what warnings print (relative to the project root). */
export function readSources(sources: readonly { file: string; source: string }[]): RawLib {
  const lib: RawLib = { files: sources.map((s) => s.file), functions: [], structs: [], enums: [], warnings: [] };
  for (const { file, source } of sources) {
    let tokens: Token[];
    try {
      tokens = tokenize(source);
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      const reason = `cannot be read (${error.message}); fix the syntax`;
      lib.warnings.push({ file, line: error.line, item: `file ${file}`, reason });
      continue;
    }
    new ItemReader(file, tokens, lib, moduleOfFile(file)).items('top');
  }
  return lib;
}

type Context = 'top' | 'impl';

class ItemReader {
  private readonly cursor: TokenCursor;
  constructor(
    private readonly file: string,
    tokens: Token[],
    private readonly lib: RawLib,
    /** The module being read, e.g. `['shapes']`; inline `mod` blocks push onto it. */
    private readonly module: string[],
  ) {
    this.cursor = new TokenCursor(tokens);
  }

  items(context: Context): void {
    const { cursor } = this;
    while (!cursor.done) {
      if (cursor.is('}')) {
        cursor.pos++;
        return;
      }
      this.item(context);
    }
  }

  private item(context: Context): void {
    const { cursor } = this;
    const start = this.docsAndAttributes();
    if (!start || cursor.is('}')) return;
    if (cursor.is(';')) {
      cursor.pos++;
      return;
    }
    const qualifiers = this.qualifiers(context);
    if (cursor.is('fn')) {
      cursor.pos++;
      const found = readFn(cursor, start, qualifiers);
      if (found && 'reason' in found) this.lib.warnings.push(found);
      else if (found) this.lib.functions.push(found);
    } else if (qualifiers.abi !== undefined && cursor.is('{')) {
      cursor.group(); // `extern "C" { ... }`: foreign declarations, not exports
    } else if (context === 'top' && this.topLevelItem(start)) return;
    else if (cursor.peek()?.kind === 'ident' && cursor.is('!', 1)) this.skipMacro();
    else cursor.skipItem();
  }

  /** Items only read at the top level (or in an inline module), not inside impl blocks; false if none is here. */
  private topLevelItem(start: ItemStart): boolean {
    const { cursor } = this;
    const keyword = cursor.peek()?.text ?? '';
    if (keyword === 'struct' || keyword === 'union') {
      cursor.pos++;
      this.lib.structs.push(readStruct(cursor, keyword, start, this.module));
    } else if (cursor.is('enum')) {
      cursor.pos++;
      this.lib.enums.push(readEnum(cursor, start, this.module));
    } else if (cursor.is('mod') && cursor.peek(1)?.kind === 'ident' && cursor.is('{', 2)) this.inlineModule();
    else if (cursor.is('impl') || cursor.is('trait')) this.implOrTrait();
    else return false;
    return true;
  }

  /** Doc comments and outer attributes before an item; undefined at the end of the tokens. */
  private docsAndAttributes(): ItemStart | undefined {
    const { cursor } = this;
    const docs: string[] = [];
    const attributes: Attribute[] = [];
    for (;;) {
      const token = cursor.peek();
      if (!token) return undefined;
      if (token.kind === 'doc') {
        docs.push(token.text);
        cursor.pos++;
      } else if (cursor.is('#') && cursor.is('!', 1) && cursor.is('[', 2)) {
        cursor.pos += 2;
        cursor.group(); // inner attribute: about the enclosing module
      } else if (cursor.is('#') && cursor.is('[', 1)) {
        cursor.pos++;
        attributes.push({ tokens: cursor.group() });
      } else return { file: this.file, line: token.line, docs, attributes };
    }
  }

  /** `pub`, `const`, `async`, `unsafe`, `extern "C"` and friends, in any order. */
  private qualifiers(context: Context): FnQualifiers {
    const { cursor } = this;
    const q: FnQualifiers = {
      isPub: false,
      isUnsafe: false,
      isAsync: false,
      abi: undefined,
      inImpl: context === 'impl',
    };
    if (cursor.is('pub')) {
      cursor.pos++;
      q.isPub = true;
      // `pub(crate)` and friends are not visible outside the crate.
      if (cursor.is('(')) {
        cursor.group();
        q.isPub = false;
      }
    }
    for (;;) {
      const constFn = ['fn', 'unsafe', 'extern', 'async'].some((next) => cursor.is(next, 1));
      if (cursor.is('const') && constFn) cursor.pos++;
      else if (cursor.is('async')) {
        q.isAsync = true;
        cursor.pos++;
      } else if (cursor.is('unsafe')) {
        q.isUnsafe = true;
        cursor.pos++;
      } else if (cursor.is('safe') || cursor.is('default')) cursor.pos++;
      else if (cursor.is('extern') && !cursor.is('crate', 1)) {
        cursor.pos++;
        const literal = cursor.peek()?.kind === 'literal' ? cursor.peek()! : undefined;
        q.abi = literal ? String(JSON.parse(literal.text)) : 'C';
        if (literal) cursor.pos++;
      } else return q;
    }
  }

  private inlineModule(): void {
    const { cursor } = this;
    this.module.push(cursor.peek(1)!.text);
    cursor.pos += 3;
    this.items('top'); // inline module: its items are exported like any other
    this.module.pop();
  }

  private implOrTrait(): void {
    const { cursor } = this;
    while (!cursor.done && !cursor.is('{') && !cursor.is(';')) {
      if (cursor.is('(') || cursor.is('[')) cursor.group();
      else cursor.pos++;
    }
    if (cursor.is('{')) {
      cursor.pos++;
      this.items('impl');
    } else cursor.pos++;
  }

  /** A macro invocation or macro_rules! definition. */
  private skipMacro(): void {
    const { cursor } = this;
    cursor.pos += 2;
    if (cursor.peek()?.kind === 'ident') cursor.pos++;
    if (cursor.is('(') || cursor.is('[') || cursor.is('{')) cursor.group();
    if (cursor.is(';')) cursor.pos++;
  }
}

/** `lib/src/lib.rs` -> `[]`, `lib/src/shapes.rs` and `lib/src/shapes/mod.rs` -> `['shapes']`, `lib/src/a/b.rs` -> `['a', 'b']`. */
export function moduleOfFile(file: string): string[] {
  const inSrc = /(?:^|\/)src\/(.+)\.rs$/.exec(file)?.[1] ?? file.replace(/\.rs$/, '');
  const parts = inSrc.split('/');
  if (parts[parts.length - 1] === 'mod' || (parts.length === 1 && (parts[0] === 'lib' || parts[0] === 'main'))) {
    parts.pop();
  }
  return parts;
}
