// The layouts part of src/hot_lib.rs: every #[repr(C)] type of the lib as a static the Rust host's migration
// engine reads (templates/base/src/hot_lib/layout.rs), with the compiler's sizes and offsets beside the ones
// computed here from the parsed source by the repr(C) rules. The host refuses to migrate when they differ.
import type { AbiType, EnumDef, LibModel, PrimitiveName, StructDef } from './model.js';
import { rustType } from './rust-type.js';

const POINTER = 8;
const PRIMITIVE_SIZES: Record<PrimitiveName, number> = {
  i8: 1, u8: 1, bool: 1, c_char: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, i64: 8, u64: 8, f64: 8, isize: 8, usize: 8,
};

/** The Rust `Scalar` variant of a primitive: `u64` → `U64`, `c_char` → `CChar`. */
export const scalarVariant = (name: string): string => name.split('_').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');

/** A field type as the Rust `Ty` static expression. */
export type TyExpr = string;

export interface FieldRender {
  name: string;
  /** Rust expressions (the compiler's, or literal numbers in tests). */
  offset: string;
  size: string;
  expected: [number, number];
  ty: TyExpr;
  was?: string;
  reset?: boolean;
}

export interface TypeRender {
  name: string;
  size: string;
  align: string;
  expected: [number, number];
  shape: { fields: FieldRender[] } | { repr: string; variants: { name: string; value: string }[] };
}

/** `static LAYOUTS: [TypeLayout; N] = [...];`, formatted as rustfmt formats it. */
export function renderLayouts(types: TypeRender[], indent = ''): string[] {
  const out: string[] = [];
  const at = (depth: number, line: string): number => out.push(`${indent}${'    '.repeat(depth)}${line}`);
  at(0, `static LAYOUTS: [TypeLayout; ${types.length}] = [`);
  for (const t of types) {
    at(1, 'TypeLayout {');
    at(2, `name: ${JSON.stringify(t.name)},`);
    at(2, `size: ${t.size},`);
    at(2, `align: ${t.align},`);
    at(2, `expected: (${t.expected[0]}, ${t.expected[1]}),`);
    if ('fields' in t.shape) {
      if (t.shape.fields.length === 0) at(2, 'shape: Shape::Struct(&[]),');
      else {
        at(2, 'shape: Shape::Struct(&[');
        for (const f of t.shape.fields) {
          at(3, 'FieldLayout {');
          at(4, `name: ${JSON.stringify(f.name)},`);
          at(4, `offset: ${f.offset},`);
          at(4, `size: ${f.size},`);
          at(4, `expected: (${f.expected[0]}, ${f.expected[1]}),`);
          at(4, `ty: ${f.ty},`);
          at(4, `was: ${f.was === undefined ? 'None' : `Some(${JSON.stringify(f.was)})`},`);
          at(4, `reset: ${f.reset ? 'true' : 'false'},`);
          at(3, '},');
        }
        at(2, ']),');
      }
    } else {
      at(2, 'shape: Shape::Enum(');
      at(3, `Scalar::${scalarVariant(t.shape.repr)},`);
      if (t.shape.variants.length === 0) at(3, '&[],');
      else {
        at(3, '&[');
        for (const v of t.shape.variants) {
          at(4, 'Variant {');
          at(5, `name: ${JSON.stringify(v.name)},`);
          at(5, `value: ${v.value},`);
          at(4, '},');
        }
        at(3, '],');
      }
      at(2, '),');
    }
    at(1, '},');
  }
  at(0, '];');
  return out;
}

/** `hot: was <ident>` / `hot: reset` from a field's doc comment lines. */
export function fieldDirectives(docs: readonly string[]): { was?: string; reset?: boolean } {
  const found: { was?: string; reset?: boolean } = {};
  for (const line of docs) {
    const text = line.trim();
    const was = /^hot:\s*was\s+([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
    if (was) found.was = was[1];
    else if (/^hot:\s*reset$/.test(text)) found.reset = true;
  }
  return found;
}

/** The repr(C) layout our model computes for every struct and enum, by name (size, align, field offsets). */
export class ModelLayouts {
  readonly #structs = new Map<string, StructDef>();
  readonly #enums = new Map<string, EnumDef>();
  readonly #done = new Map<string, { size: number; align: number; offsets: number[] }>();

  constructor(model: LibModel) {
    for (const s of model.structs) this.#structs.set(s.name, s);
    for (const e of model.enums) this.#enums.set(e.name, e);
  }

  sizeAlign(type: AbiType): [number, number] {
    switch (type.kind) {
      case 'primitive':
        return [PRIMITIVE_SIZES[type.name], PRIMITIVE_SIZES[type.name]];
      case 'array': {
        const [size, align] = this.sizeAlign(type.element);
        return [size * type.length, align];
      }
      case 'named': {
        const e = this.#enums.get(type.name);
        if (e) return enumSize(e);
        const s = this.struct(type.name);
        return [s.size, s.align];
      }
      default:
        return [POINTER, POINTER];
    }
  }

  struct(name: string): { size: number; align: number; offsets: number[] } {
    const done = this.#done.get(name);
    if (done) return done;
    const def = this.#structs.get(name);
    if (!def) return { size: 0, align: 1, offsets: [] };
    const packed = /packed(?:\((\d+)\))?/.exec(def.repr);
    const maxAlign = packed ? Number(packed[1] ?? 1) : Infinity;
    const minAlign = Number(/align\((\d+)\)/.exec(def.repr)?.[1] ?? 1);
    let offset = 0;
    let align = 1;
    const offsets: number[] = [];
    for (const field of def.fields) {
      const [size, fieldAlign] = this.sizeAlign(field.type);
      const a = Math.min(fieldAlign, maxAlign);
      offset = roundUp(offset, a);
      offsets.push(offset);
      offset += size;
      align = Math.max(align, a);
    }
    align = Math.max(align, minAlign);
    const result = { size: roundUp(offset, align), align, offsets };
    this.#done.set(name, result);
    return result;
  }
}

function enumSize(e: EnumDef): [number, number] {
  const size = e.repr in PRIMITIVE_SIZES ? PRIMITIVE_SIZES[e.repr as PrimitiveName] : 4;
  return [size, size];
}

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/** A field type as a `Ty` expression. */
function tyExpr(type: AbiType): TyExpr {
  switch (type.kind) {
    case 'primitive':
      return `Ty::Scalar(Scalar::${scalarVariant(type.name)})`;
    case 'named':
      return `Ty::Named(${JSON.stringify(type.name)})`;
    case 'array':
      return `Ty::Array(&${tyExpr(type.element)}, ${type.length})`;
    case 'cstring':
      return 'Ty::Pointer(Pointer::Cstr)';
    case 'function':
      return 'Ty::Pointer(Pointer::Fn)';
    case 'pointer':
      return type.reference ? 'Ty::Pointer(Pointer::Ref)' : 'Ty::Pointer(Pointer::Raw)';
    default:
      return 'Ty::Pointer(Pointer::Raw)';
  }
}

/** Every struct and enum of the lib with the compiler's layout expressions and the model's numbers. */
export function modelTypes(model: LibModel): TypeRender[] {
  const layouts = new ModelLayouts(model);
  const types: TypeRender[] = [];
  for (const s of model.structs) {
    const computed = layouts.struct(s.name);
    const fields = s.fields.map((f, i): FieldRender => ({
      name: f.name,
      offset: `offset_of!(${s.name}, ${f.name})`,
      size: `size_of::<${rustType(f.type)}>()`,
      expected: [computed.offsets[i]!, layouts.sizeAlign(f.type)[0]],
      ty: tyExpr(f.type),
      ...fieldDirectives(f.docs),
    }));
    types.push({ ...compilerSize(s.name), expected: [computed.size, computed.align], shape: { fields } });
  }
  for (const e of model.enums) {
    const repr = e.repr in PRIMITIVE_SIZES ? e.repr : 'i32';
    const variants = e.variants.map((v) => ({ name: v.name, value: `${e.name}::${v.name} as i64` }));
    types.push({ ...compilerSize(e.name), expected: enumSize(e), shape: { repr, variants } });
  }
  return types;
}

function compilerSize(name: string): { name: string; size: string; align: string } {
  return { name, size: `size_of::<${name}>()`, align: `align_of::<${name}>()` };
}
