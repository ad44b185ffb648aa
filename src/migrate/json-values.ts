// Values as plain JSON, laid out by a schema: numbers, booleans, nested objects, arrays, enum variants by name,
// 64-bit integers that a double cannot hold as strings. The case table (test/fixtures/migration) and the
// benchmark write their states this way; missing fields are zero (enums: their first variant).
import { readScalar, showFloat, writeScalar } from './scalar.js';
import { SCALARS, sizeOf, type FieldType, type StateSchema } from './schema.js';

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The bytes of `root` holding `value`. */
export function encodeValue(schema: StateSchema, root: string, value: JsonValue): Uint8Array {
  const bytes = new Uint8Array(sizeOf(schema, { named: root }) ?? 0);
  write(schema, { named: root }, new DataView(bytes.buffer), 0, value);
  return bytes;
}

export function decodeValue(schema: StateSchema, root: string, bytes: Uint8Array): JsonValue {
  return read(schema, { named: root }, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0);
}

function write(schema: StateSchema, type: FieldType, view: DataView, at: number, value: JsonValue | undefined): void {
  if ('pointer' in type) {
    view.setBigUint64(at, BigInt((value as number | string | undefined) ?? 0), true);
  } else if ('scalar' in type) {
    const info = SCALARS[type.scalar];
    if (value === undefined || value === null) return;
    // A number for a bool is its raw byte (a case may need an invalid one, such as 2).
    if (info.kind === 'bool') view.setUint8(at, typeof value === 'number' ? value : value === true ? 1 : 0);
    else if (info.kind === 'float') writeScalar(view, at, type.scalar, { kind: 'float', value: Number(value) });
    else if (typeof value === 'boolean' || typeof value === 'object')
      throw new Error(`not an integer: ${JSON.stringify(value)}`);
    else writeScalar(view, at, type.scalar, { kind: 'int', value: BigInt(value) });
  } else if ('array' in type) {
    const stride = sizeOf(schema, type.array)!;
    const items = (value ?? []) as JsonValue[];
    for (let i = 0; i < type.length; i++) write(schema, type.array, view, at + i * stride, items[i]);
  } else {
    const layout = schema.types[type.named];
    if (!layout) throw new Error(`no type ${type.named}`);
    if (layout.kind === 'enum') {
      // A name is a variant; a number is a raw discriminant (for invalid ones); nothing is the first variant.
      const variant = typeof value === 'string' ? layout.variants.find((v) => v.name === value) : undefined;
      if (typeof value === 'string' && !variant) throw new Error(`no variant ${value} in ${type.named}`);
      const raw = variant?.value ?? (typeof value === 'number' ? value : (layout.variants[0]?.value ?? 0));
      writeScalar(view, at, layout.repr, { kind: 'int', value: BigInt(raw) });
      return;
    }
    const fields = (value ?? {}) as Record<string, JsonValue>;
    for (const name of Object.keys(fields)) {
      if (!layout.fields.some((f) => f.name === name)) throw new Error(`${type.named} has no field ${name}`);
    }
    for (const field of layout.fields) write(schema, field.type, view, at + field.offset, fields[field.name]);
  }
}

function read(schema: StateSchema, type: FieldType, view: DataView, at: number): JsonValue {
  if ('pointer' in type) return Number(view.getBigUint64(at, true));
  if ('scalar' in type) {
    const value = readScalar(view, at, type.scalar);
    if (!('kind' in value)) return value.byte;
    if (value.kind === 'bool') return value.value;
    if (value.kind === 'float') return Number(showFloat(value.value, type.scalar === 'f32'));
    return Number.isSafeInteger(Number(value.value)) ? Number(value.value) : String(value.value);
  }
  if ('array' in type) {
    const stride = sizeOf(schema, type.array)!;
    return Array.from({ length: type.length }, (_, i) => read(schema, type.array, view, at + i * stride));
  }
  const layout = schema.types[type.named]!;
  if (layout.kind === 'enum') {
    const value = readScalar(view, at, layout.repr);
    const variant = layout.variants.find((v) => 'value' in value && BigInt(v.value) === value.value);
    return variant ? variant.name : Number((value as { value: bigint }).value);
  }
  return Object.fromEntries(layout.fields.map((f) => [f.name, read(schema, f.type, view, at + f.offset)]));
}
