// The declarative bindings spec (plain JSON: what host/lib.generated.ts contains) and how a parsed model becomes
// one. Pure: no koffi here, so emitting bindings never loads the native module; spec.ts interprets the spec.
import type { AbiType, IntegerName, LibModel, PrimitiveName } from './model.js';

export type { IntegerName } from './model.js';
/**
 * A type in the spec: a primitive name, `'void'`, `'cstr'` (`*const c_char`, a JS string), the name of a type
 * in `types`, a pointer, a fixed array (struct fields only) or a callback.
 */
export type TypeSpec =
  | PrimitiveName
  | 'void'
  | 'cstr'
  | (string & {})
  | { ptr: TypeSpec; mut?: true }
  | { array: TypeSpec; length: number }
  | { fn: TypeSpec[]; returns: TypeSpec };

export type TypeDefSpec =
  { struct: Record<string, TypeSpec>; packed?: true } | { enum: IntegerName; values: Record<string, number> };

export interface BindingsSpec {
  crate: string;
  abi: string;
  types: Record<string, TypeDefSpec>;
  functions: Record<string, { params: TypeSpec[]; returns: TypeSpec }>;
}

/** The spec for a parsed lib. Property order follows the model, so the emitted JSON is deterministic. */
export function specFromModel(model: LibModel, meta: { crate: string; abi: string }): BindingsSpec {
  const types: Record<string, TypeDefSpec> = {};
  for (const s of model.structs) {
    const fields: Record<string, TypeSpec> = {};
    for (const field of s.fields) fields[field.name] = typeSpec(field.type);
    types[s.name] = s.repr.packed ? { struct: fields, packed: true } : { struct: fields };
  }
  for (const e of model.enums) {
    const values: Record<string, number> = {};
    for (const variant of e.variants) values[variant.name] = variant.value;
    // Rust's #[repr(C)] enum is a C `int` on every platform koffi supports.
    types[e.name] = { enum: e.repr.int ?? 'i32', values };
  }
  const functions: BindingsSpec['functions'] = {};
  for (const fn of model.functions) {
    functions[fn.name] = { params: fn.params.map((p) => typeSpec(p.type)), returns: typeSpec(fn.returns) };
  }
  return { crate: meta.crate, abi: meta.abi, types, functions };
}

export function typeSpec(type: AbiType): TypeSpec {
  switch (type.kind) {
    case 'void':
      return 'void';
    case 'primitive':
      return type.name;
    case 'cstring':
      return type.mutable ? { ptr: 'c_char', mut: true } : 'cstr';
    case 'pointer':
      return type.mutable ? { ptr: typeSpec(type.to), mut: true } : { ptr: typeSpec(type.to) };
    case 'named':
      return type.name;
    case 'array':
      return { array: typeSpec(type.element), length: type.length };
    case 'function':
      return { fn: type.params.map(typeSpec), returns: typeSpec(type.returns) };
  }
}
