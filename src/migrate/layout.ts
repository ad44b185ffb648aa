// What our model says the layouts are (repr(C) rules over the parsed source), and the check against what the
// compiler laid out: a migration reads bytes only through layouts both agree on.
import type { AbiType, EnumDef, LibModel, StructDef } from '../bindings/model.js';
import {
  fieldDirectives,
  POINTER_SIZE,
  SCALARS,
  type FieldType,
  type ScalarName,
  type StateSchema,
  type TypeLayout,
} from './schema.js';

/** The schema's field type for a model type; undefined for what cannot sit in a struct (void). */
export function fieldType(type: AbiType): FieldType | undefined {
  switch (type.kind) {
    case 'primitive':
      return { scalar: type.name };
    case 'named':
      return { named: type.name };
    case 'array': {
      const element = fieldType(type.element);
      return element && { array: element, length: type.length };
    }
    case 'cstring':
      return { pointer: type.mutable ? 'raw' : 'cstr' };
    case 'pointer':
      return { pointer: type.reference ? 'ref' : 'raw' };
    case 'function':
      return { pointer: 'fn' };
    case 'void':
      return undefined;
  }
}

/** `#[repr(C)]` enums are a C `int`; `#[repr(u8)]` etc. are that integer. */
export function enumRepr(e: EnumDef): ScalarName {
  return e.repr.int ?? 'i32';
}

function reprModifiers(s: StructDef): { packed?: number; align?: number } {
  const packed = s.repr.packed ? 1 : s.repr.packedTo;
  return { packed, align: s.repr.align };
}

/** The layouts of every struct and enum of `model` by the repr(C) rules, with the directives of each field. */
export function modelLayouts(model: LibModel): StateSchema {
  const types: Record<string, TypeLayout> = {};
  const structs = new Map(model.structs.map((s) => [s.name, s]));
  const enums = new Map(model.enums.map((e) => [e.name, e]));
  const sizeAlign = (type: FieldType): [number, number] => {
    if ('scalar' in type) return [SCALARS[type.scalar].size, SCALARS[type.scalar].size];
    if ('pointer' in type) return [POINTER_SIZE, POINTER_SIZE];
    if ('array' in type) {
      const [size, align] = sizeAlign(type.array);
      return [size * type.length, align];
    }
    const layout = layoutOf(type.named);
    return [layout.size, layout.align];
  };
  const layoutOf = (name: string): TypeLayout => {
    const done = types[name];
    if (done) return done;
    const e = enums.get(name);
    if (e) {
      const repr = enumRepr(e);
      const size = SCALARS[repr].size;
      return (types[name] = {
        kind: 'enum',
        size,
        align: size,
        repr,
        variants: e.variants.map(({ name, value }) => ({ name, value })),
      });
    }
    const s = structs.get(name);
    if (!s) throw new Error(`no struct or enum ${name} in the lib`);
    const { packed, align: minAlign } = reprModifiers(s);
    let offset = 0;
    let align = 1;
    const fields = s.fields.flatMap((field) => {
      const type = fieldType(field.type);
      if (!type) return [];
      const [size, natural] = sizeAlign(type);
      const fieldAlign = packed ? Math.min(natural, packed) : natural;
      offset = Math.ceil(offset / fieldAlign) * fieldAlign;
      const layout = { name: field.name, offset, size, type, ...fieldDirectives(field.docs) };
      offset += size;
      align = Math.max(align, fieldAlign);
      return [layout];
    });
    if (minAlign) align = Math.max(align, minAlign);
    return (types[name] = { kind: 'struct', size: Math.ceil(offset / align) * align, align, fields });
  };
  for (const name of [...structs.keys(), ...enums.keys()]) layoutOf(name);
  return { types };
}

/**
 * The first difference between our model's layouts and the compiler's, naming type and field; undefined when
 * they agree on every size, alignment and offset.
 */
export function layoutMismatch(ours: StateSchema, compiler: StateSchema): string | undefined {
  for (const [name, layout] of Object.entries(ours.types)) {
    const theirs = compiler.types[name];
    if (!theirs) return `the compiler reported no layout for ${name}`;
    if (theirs.kind !== layout.kind) return `${name} is a ${layout.kind} by our model, a ${theirs.kind} by rustc`;
    if (theirs.size !== layout.size) return `${name} is ${layout.size} bytes by our model, ${theirs.size} by rustc`;
    if (theirs.align !== layout.align)
      return `${name} aligns to ${layout.align} by our model, ${theirs.align} by rustc`;
    if (layout.kind !== 'struct' || theirs.kind !== 'struct') continue;
    for (const field of layout.fields) {
      const other = theirs.fields.find((f) => f.name === field.name);
      if (!other) return `the compiler reported no field ${name}.${field.name}`;
      if (other.offset !== field.offset)
        return `${name}.${field.name} is at offset ${field.offset} by our model, ${other.offset} by rustc`;
      if (other.size !== field.size)
        return `${name}.${field.name} is ${field.size} bytes by our model, ${other.size} by rustc`;
    }
  }
  return undefined;
}
