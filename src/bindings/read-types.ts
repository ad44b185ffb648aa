// Reading `struct` and `enum` items. Every one is kept, with `problem` set when no exported function may use it,
// so validation can say why a function that reaches it was left out.
import { reprOf, splitTopLevel, stripAttributes } from './attributes.js';
import type { Repr } from './model.js';
import { parseIntegerLiteral, Refusal, TypeParser } from './parse-type.js';
import type { ItemStart, RawEnum, RawStruct } from './raw-items.js';
import type { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

/** After `struct` or `union`; the cursor is on the name. */
export function readStruct(cursor: TokenCursor, keyword: string, start: ItemStart, module: string[]): RawStruct {
  const name = cursor.peek()?.text ?? '?';
  cursor.pos++;
  const { file, line, docs } = start;
  const def: RawStruct = { module: [...module], file, line, name, docs, repr: reprOf(start.attributes), fields: [] };
  if (keyword === 'union') def.problem = `${name} is a union; unions are not supported`;
  if (cursor.is('<')) {
    cursor.angleGroup();
    def.problem ??= `struct ${name} is generic; only concrete #[repr(C)] structs cross the C ABI`;
  }
  while (!cursor.done && !cursor.is('{') && !cursor.is('(') && !cursor.is(';')) cursor.pos++; // where clauses
  if (cursor.is(';')) {
    cursor.pos++;
    def.problem ??= `struct ${name} has no fields; zero-sized structs are not C ABI`;
    return def;
  }
  if (cursor.is('(')) {
    cursor.group();
    if (cursor.is(';')) cursor.pos++;
    def.problem ??= `struct ${name} is a tuple struct; give its fields names`;
    return def;
  }
  const body = cursor.group();
  def.problem ??= structReprProblem(name, def.repr);
  readFields(def, body);
  if (def.fields.length === 0) def.problem ??= `struct ${name} has no fields; zero-sized structs are not C ABI`;
  return def;
}

function structReprProblem(name: string, repr: Repr): string | undefined {
  if (!repr.c) return `struct ${name} is not #[repr(C)]; add #[repr(C)] so its layout is fixed`;
  if (repr.align !== undefined || repr.packedTo !== undefined) {
    return `struct ${name} has #[repr(${repr.written})]; only #[repr(C)] and #[repr(C, packed)] are supported`;
  }
  return undefined;
}

function readFields(def: RawStruct, body: readonly Token[]): void {
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
      def.problem ??= `struct ${def.name} field ${fieldName}: ${error.message}`;
    }
  }
}

/** After `enum`; the cursor is on the name. */
export function readEnum(cursor: TokenCursor, start: ItemStart, module: string[]): RawEnum {
  const name = cursor.peek()?.text ?? '?';
  cursor.pos++;
  const { file, line, docs } = start;
  const def: RawEnum = { module: [...module], file, line, name, docs, repr: reprOf(start.attributes), variants: [] };
  if (cursor.is('<')) {
    cursor.angleGroup();
    def.problem ??= `enum ${name} is generic; only fieldless enums cross the C ABI`;
  }
  while (!cursor.done && !cursor.is('{')) cursor.pos++;
  const body = cursor.group();
  const { repr } = def;
  if (repr.hints !== 1 || (!repr.c && repr.int === undefined)) {
    def.problem ??= `enum ${name} has no #[repr(C)] or #[repr(u8)] (or another integer); add one so its size is fixed`;
  }
  readVariants(def, body);
  return def;
}

function readVariants(def: RawEnum, body: readonly Token[]): void {
  const { name } = def;
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
      const value = parseIntegerLiteral(
        rest
          .slice(2)
          .map((t) => t.text)
          .join(''),
      );
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
