// Reads the lib's Rust sources into raw items: exported functions with their
// parsed signatures, and every struct and enum (valid or not, so validation can
// say why a function that uses one was left out). Works on tokens, not regexes,
// so comments, strings and raw strings that look like code are never code.
import fs from 'node:fs';
import path from 'node:path';
import type { AbiType, EnumVariant, Param, StructField, Warning } from './model.js';
import { parseIntegerLiteral, Refusal, TypeParser } from './parse-type.js';
import { tokenize, TokenizeError, type Token } from './tokenize.js';

export interface RawFunction {
  file: string;
  line: number;
  name: string;
  docs: string[];
  abi: 'C' | 'C-unwind';
  unsafe: boolean;
  params: Param[];
  returns: AbiType;
}

/** A struct or enum as written; `problem` says why no function may use it. */
export interface RawStruct {
  module: string[];
  file: string;
  line: number;
  name: string;
  docs: string[];
  repr: string;
  fields: StructField[];
  problem?: string;
}

export interface RawEnum {
  module: string[];
  file: string;
  line: number;
  name: string;
  docs: string[];
  repr: string;
  variants: EnumVariant[];
  problem?: string;
}

export interface RawLib {
  files: string[];
  functions: RawFunction[];
  structs: RawStruct[];
  enums: RawEnum[];
  /** Functions refused while reading their signature. */
  warnings: Warning[];
}

/** Every `.rs` file under `dir`, recursively, sorted so output never depends on directory order. */
export function listRustFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.rs')) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads all sources; `file` names are what warnings print (relative to the project root). */
export function readSources(sources: readonly { file: string; source: string }[]): RawLib {
  const lib: RawLib = { files: sources.map((s) => s.file), functions: [], structs: [], enums: [], warnings: [] };
  for (const { file, source } of sources) {
    let tokens: Token[];
    try {
      tokens = tokenize(source);
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      lib.warnings.push({ file, line: error.line, item: `file ${file}`, reason: `cannot be read (${error.message}); fix the syntax` });
      continue;
    }
    new ItemReader(file, tokens, lib, moduleOfFile(file)).items('top');
  }
  return lib;
}

interface Attribute {
  tokens: Token[];
}

type Context = 'top' | 'impl';

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

class ItemReader {
  private pos = 0;
  constructor(
    private readonly file: string,
    private readonly tokens: Token[],
    private readonly lib: RawLib,
    /** The module being read, e.g. `['shapes']`; inline `mod` blocks push onto it. */
    private readonly module: string[],
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== 'literal' && token.text === text;
  }

  /** Skips a balanced (), [] or {} group starting at the current token; returns the tokens inside. */
  private group(): Token[] {
    const open = this.peek()!.text;
    const close = CLOSE[open]!;
    const start = this.pos + 1;
    let depth = 0;
    for (; this.pos < this.tokens.length; this.pos++) {
      const token = this.tokens[this.pos]!;
      if (token.kind !== 'punct') continue;
      if (token.text === '(' || token.text === '[' || token.text === '{') depth++;
      else if (token.text === ')' || token.text === ']' || token.text === '}') {
        depth--;
        if (depth === 0) {
          if (token.text !== close) break;
          this.pos++;
          return this.tokens.slice(start, this.pos - 1);
        }
      }
    }
    this.pos = this.tokens.length;
    return this.tokens.slice(start);
  }

  /** Skips an item we do not care about: up to a `;` or through a `{}` group at depth 0. */
  private skipItem(): void {
    while (this.pos < this.tokens.length) {
      const token = this.peek()!;
      if (token.kind === 'punct' && (token.text === '(' || token.text === '[')) this.group();
      else if (token.kind === 'punct' && token.text === '{') {
        this.group();
        if (this.is(';')) this.pos++;
        return;
      } else if (token.kind === 'punct' && token.text === '}') return;
      else {
        this.pos++;
        if (token.kind === 'punct' && token.text === ';') return;
      }
    }
  }

  items(context: Context): void {
    while (this.pos < this.tokens.length) {
      if (this.is('}')) {
        this.pos++;
        return;
      }
      this.item(context);
    }
  }

  private item(context: Context): void {
    const docs: string[] = [];
    const attributes: Attribute[] = [];
    for (;;) {
      const token = this.peek();
      if (!token) return;
      if (token.kind === 'doc') {
        docs.push(token.text);
        this.pos++;
      } else if (this.is('#') && this.is('!', 1) && this.is('[', 2)) {
        this.pos += 2;
        this.group(); // inner attribute: about the enclosing module
      } else if (this.is('#') && this.is('[', 1)) {
        this.pos++;
        attributes.push({ tokens: this.group() });
      } else break;
    }
    const start = this.peek();
    if (!start) return;
    if (this.is('}')) return;
    if (this.is(';')) {
      this.pos++;
      return;
    }

    let isPub = false;
    if (this.is('pub')) {
      this.pos++;
      isPub = true;
      // `pub(crate)` and friends are not visible outside the crate.
      if (this.is('(')) {
        this.group();
        isPub = false;
      }
    }
    let isUnsafe = false;
    let isAsync = false;
    let abi: string | undefined;
    for (;;) {
      if (this.is('const') && (this.is('fn', 1) || this.is('unsafe', 1) || this.is('extern', 1) || this.is('async', 1))) this.pos++;
      else if (this.is('async')) {
        isAsync = true;
        this.pos++;
      } else if (this.is('unsafe')) {
        isUnsafe = true;
        this.pos++;
      } else if (this.is('safe') || this.is('default')) this.pos++;
      else if (this.is('extern') && !this.is('crate', 1)) {
        this.pos++;
        abi = this.peek()?.kind === 'literal' ? String(JSON.parse(this.peek()!.text)) : 'C';
        if (this.peek()?.kind === 'literal') this.pos++;
      } else break;
    }

    const keyword = this.peek()!;
    if (this.is('fn')) {
      this.pos++;
      this.fn({ docs, attributes, isPub, isUnsafe, isAsync, abi, line: start.line, context });
      return;
    }
    if (abi !== undefined && this.is('{')) {
      this.group(); // `extern "C" { ... }`: foreign declarations, not exports
      return;
    }
    if (context === 'top' && (this.is('struct') || this.is('union'))) {
      this.pos++;
      this.struct(keyword.text, docs, attributes, start.line);
      return;
    }
    if (context === 'top' && this.is('enum')) {
      this.pos++;
      this.enumeration(docs, attributes, start.line);
      return;
    }
    if (context === 'top' && this.is('mod') && this.peek(1)?.kind === 'ident' && this.is('{', 2)) {
      this.module.push(this.peek(1)!.text);
      this.pos += 3;
      this.items('top'); // inline module: its items are exported like any other
      this.module.pop();
      return;
    }
    if (context === 'top' && (this.is('impl') || this.is('trait'))) {
      while (this.pos < this.tokens.length && !this.is('{') && !this.is(';')) {
        if (this.is('(') || this.is('[')) this.group();
        else this.pos++;
      }
      if (this.is('{')) {
        this.pos++;
        this.items('impl');
      } else this.pos++;
      return;
    }
    if (keyword.kind === 'ident' && this.is('!', 1)) {
      // A macro invocation or macro_rules! definition.
      this.pos += 2;
      if (this.peek()?.kind === 'ident') this.pos++;
      if (this.is('(') || this.is('[') || this.is('{')) this.group();
      if (this.is(';')) this.pos++;
      return;
    }
    this.skipItem();
  }

  private fn(decl: {
    docs: string[];
    attributes: Attribute[];
    isPub: boolean;
    isUnsafe: boolean;
    isAsync: boolean;
    abi: string | undefined;
    line: number;
    context: Context;
  }): void {
    const nameToken = this.peek();
    if (!nameToken || nameToken.kind !== 'ident') {
      this.skipItem();
      return;
    }
    const name = nameToken.text;
    this.pos++;
    let generics: Token[] = [];
    if (this.is('<')) generics = this.angleGroup();
    const params = this.is('(') ? this.group() : [];
    const signature: Token[] = [];
    while (this.pos < this.tokens.length && !this.is('{') && !this.is(';')) signature.push(this.tokens[this.pos++]!);
    if (this.is('{')) this.group();
    else this.pos++;

    const exported = decl.attributes.some(isNoMangle);
    if (!exported) {
      // A pub method with an extern "C" ABI looks like an export attempt; anything else is ordinary Rust.
      if (decl.context === 'impl' && decl.isPub && decl.abi !== undefined && decl.abi !== 'Rust') this.refuse(decl.line, name, METHOD_REASON);
      return;
    }
    if (decl.context === 'impl') return this.refuse(decl.line, name, METHOD_REASON);
    if (decl.abi === undefined || decl.abi === 'Rust') {
      return this.refuse(decl.line, name, 'extern "Rust" functions have no stable ABI; declare it pub extern "C"');
    }
    if (decl.abi !== 'C' && decl.abi !== 'C-unwind') {
      return this.refuse(decl.line, name, `the ${JSON.stringify(decl.abi)} ABI is not supported; declare it pub extern "C"`);
    }
    if (!decl.isPub) return this.refuse(decl.line, name, 'not pub; make it pub so the Rust host can call it without reloading too');
    if (decl.isAsync) return this.refuse(decl.line, name, 'async functions are not C ABI');
    if (generics.some((token) => token.kind === 'ident')) {
      return this.refuse(decl.line, name, 'generic functions have no single C symbol; write one function per concrete type');
    }

    const parsedParams: Param[] = [];
    try {
      splitTopLevel(params).forEach((tokens, index) => {
        if (tokens.some((t) => t.text === 'self' && t.kind === 'ident')) throw new Refusal(METHOD_REASON);
        if (tokens.length > 0 && tokens.every((t) => t.text === '.')) throw new Refusal('variadic functions are not supported');
        const colon = tokens.findIndex((t) => t.kind === 'punct' && t.text === ':');
        if (colon < 0) throw new Refusal(`cannot read parameter ${index + 1}`);
        const pattern = tokens.slice(0, colon).filter((t) => t.kind === 'ident' && t.text !== 'mut');
        const paramName = pattern.length === 1 && pattern[0]!.text !== '_' ? pattern[0]!.text : `arg${index}`;
        parsedParams.push({ name: paramName, type: parseTypeOrRefuse(tokens.slice(colon + 1), `parameter ${paramName}`) });
      });
      let returns: AbiType = { kind: 'void' };
      if (signature[0]?.text === '->') {
        const whereAt = signature.findIndex((t) => t.kind === 'ident' && t.text === 'where');
        returns = parseTypeOrRefuse(signature.slice(1, whereAt < 0 ? undefined : whereAt), 'return type');
      }
      this.lib.functions.push({
        file: this.file,
        line: decl.line,
        name,
        docs: decl.docs,
        abi: decl.abi,
        unsafe: decl.isUnsafe,
        params: parsedParams,
        returns,
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.refuse(decl.line, name, error.message);
    }
  }

  private refuse(line: number, name: string, reason: string): void {
    this.lib.warnings.push({ file: this.file, line, item: `function ${name}`, reason });
  }

  /** `<...>` counted by angle brackets (`->` is its own token, so it never confuses the count). */
  private angleGroup(): Token[] {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.tokens.length; this.pos++) {
      const t = this.tokens[this.pos]!;
      if (t.kind !== 'punct') continue;
      if (t.text === '<') depth++;
      else if (t.text === '>' && --depth === 0) {
        this.pos++;
        return this.tokens.slice(start + 1, this.pos - 1);
      }
    }
    return this.tokens.slice(start + 1);
  }

  private struct(keyword: string, docs: string[], attributes: Attribute[], line: number): void {
    const name = this.peek()?.text ?? '?';
    this.pos++;
    const repr = reprOf(attributes);
    const def: RawStruct = { module: [...this.module], file: this.file, line, name, docs, repr, fields: [] };
    this.lib.structs.push(def);
    if (keyword === 'union') def.problem = `${name} is a union; unions are not supported`;
    if (this.is('<')) {
      this.angleGroup();
      def.problem ??= `struct ${name} is generic; only concrete #[repr(C)] structs cross the C ABI`;
    }
    while (this.pos < this.tokens.length && !this.is('{') && !this.is('(') && !this.is(';')) this.pos++; // where clauses
    if (this.is(';')) {
      this.pos++;
      def.problem ??= `struct ${name} has no fields; zero-sized structs are not C ABI`;
      return;
    }
    if (this.is('(')) {
      this.group();
      if (this.is(';')) this.pos++;
      def.problem ??= `struct ${name} is a tuple struct; give its fields names`;
      return;
    }
    const body = this.group();
    if (!/^C\b/.test(repr)) def.problem ??= `struct ${name} is not #[repr(C)]; add #[repr(C)] so its layout is fixed`;
    else if (/align|packed\(/.test(repr)) def.problem ??= `struct ${name} has #[repr(${repr})]; only #[repr(C)] and #[repr(C, packed)] are supported`;
    for (const fieldTokens of splitTopLevel(body)) {
      const fieldDocs = fieldTokens.filter((t) => t.kind === 'doc').map((t) => t.text);
      const rest = stripAttributes(fieldTokens.filter((t) => t.kind !== 'doc'));
      const colon = rest.findIndex((t) => t.kind === 'punct' && t.text === ':');
      const fieldName = rest[colon - 1]?.text ?? '?';
      try {
        const type = TypeParser.parse(rest.slice(colon + 1));
        def.fields.push({ name: fieldName, type, docs: fieldDocs });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        def.problem ??= `struct ${name} field ${fieldName}: ${error.message}`;
      }
    }
    if (def.fields.length === 0) def.problem ??= `struct ${name} has no fields; zero-sized structs are not C ABI`;
  }

  private enumeration(docs: string[], attributes: Attribute[], line: number): void {
    const name = this.peek()?.text ?? '?';
    this.pos++;
    const repr = reprOf(attributes);
    const def: RawEnum = { module: [...this.module], file: this.file, line, name, docs, repr, variants: [] };
    this.lib.enums.push(def);
    if (this.is('<')) {
      this.angleGroup();
      def.problem ??= `enum ${name} is generic; only fieldless enums cross the C ABI`;
    }
    while (this.pos < this.tokens.length && !this.is('{')) this.pos++;
    const body = this.group();
    if (!/^(C|[iu](8|16|32|64))$/.test(repr)) {
      def.problem ??= `enum ${name} has no #[repr(C)] or #[repr(u8)] (or another integer); add one so its size is fixed`;
    }
    let next = 0n;
    for (const variantTokens of splitTopLevel(body)) {
      const variantDocs = variantTokens.filter((t) => t.kind === 'doc').map((t) => t.text);
      const rest = stripAttributes(variantTokens.filter((t) => t.kind !== 'doc'));
      const variantName = rest[0]?.text ?? '?';
      if (rest[1] && (rest[1].text === '(' || rest[1].text === '{')) {
        def.problem ??= `enum ${name} has fields (variant ${variantName}); only fieldless enums cross the C ABI`;
        continue;
      }
      if (rest[1]?.text === '=') {
        const value = parseIntegerLiteral(rest.slice(2).map((t) => t.text).join(''));
        if (value === undefined) {
          def.problem ??= `enum ${name} variant ${variantName}: discriminants must be integer literals`;
          continue;
        }
        next = value;
      }
      if (next > BigInt(Number.MAX_SAFE_INTEGER) || next < BigInt(Number.MIN_SAFE_INTEGER)) {
        def.problem ??= `enum ${name} variant ${variantName}: discriminant beyond 2^53 is not supported`;
      }
      def.variants.push({ name: variantName, value: Number(next), docs: variantDocs });
      next++;
    }
  }
}

/** `lib/src/lib.rs` -> `[]`, `lib/src/shapes.rs` and `lib/src/shapes/mod.rs` -> `['shapes']`, `lib/src/a/b.rs` -> `['a', 'b']`. */
export function moduleOfFile(file: string): string[] {
  const inSrc = /(?:^|\/)src\/(.+)\.rs$/.exec(file)?.[1] ?? file.replace(/\.rs$/, '');
  const parts = inSrc.split('/');
  if (parts[parts.length - 1] === 'mod' || (parts.length === 1 && (parts[0] === 'lib' || parts[0] === 'main'))) parts.pop();
  return parts;
}

const METHOD_REASON = 'methods in impl blocks are not exported to the bindings; write a free #[unsafe(no_mangle)] pub extern "C" fn';

function parseTypeOrRefuse(tokens: readonly Token[], what: string): AbiType {
  if (tokens.length === 0) throw new Refusal(`cannot read the ${what}`);
  return TypeParser.parse(tokens);
}

/** `#[no_mangle]`, `#[unsafe(no_mangle)]`, `#[cfg_attr(feature = "x", unsafe(no_mangle))]`. */
function isNoMangle(attribute: Attribute): boolean {
  return attribute.tokens.some((t) => t.kind === 'ident' && t.text === 'no_mangle');
}

/** The contents of `#[repr(...)]`, normalised (`C`, `C, packed`, `u8`); also inside cfg_attr. */
function reprOf(attributes: Attribute[]): string {
  for (const { tokens } of attributes) {
    const at = tokens.findIndex((t) => t.kind === 'ident' && t.text === 'repr');
    if (at < 0 || tokens[at + 1]?.text !== '(') continue;
    let depth = 0;
    let out = '';
    for (const token of tokens.slice(at + 1)) {
      if (token.text === '(') depth++;
      if (token.text === ')') depth--;
      if (depth === 0) break;
      if (depth === 1 && token.text === '(') continue;
      out += token.text === ',' ? ', ' : token.text;
    }
    return out;
  }
  return '';
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
function stripAttributes(tokens: Token[]): Token[] {
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
