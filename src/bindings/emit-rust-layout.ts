// The layouts part of src/hot_lib.rs: every #[repr(C)] type of the lib as a static the Rust host's migration
// engine reads (templates/base/src/hot_lib/layout.rs), with the compiler's sizes and offsets beside the ones
// computed here from the parsed source by the repr(C) rules. The host refuses to migrate when they differ.
import type { AbiType, EnumDef, LibModel, PrimitiveName, StructDef } from './model.js';
import { rustType } from './rust-type.js';

const POINTER = 8;
/** rustfmt's limits: a line, and the arguments of a call on one line. */
export const MAX_WIDTH = 100;
export const CALL_ARGS_WIDTH = 60;
const PRIMITIVE_SIZES: Record<PrimitiveName, number> = {
  i8: 1,
  u8: 1,
  bool: 1,
  c_char: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  f32: 4,
  i64: 8,
  u64: 8,
  f64: 8,
  isize: 8,
  usize: 8,
};

/** The Rust `Scalar` variant of a primitive: `u64` → `U64`, `c_char` → `CChar`. */
export const scalarVariant = (name: string): string =>
  name
    .split('_')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** A Rust expression: text, or a call whose arguments rustfmt may put one per line. */
export type Expr = string | { callee: string; args: Expr[] };

export interface FieldRender {
  name: string;
  /** Rust expressions (the compiler's, or literal numbers in tests). */
  offset: string;
  size: string;
  expected: [number, number];
  ty: Expr;
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

/** A struct literal: its type and its fields, each a Rust expression, a literal, or a list of literals. */
interface Literal {
  type: string;
  fields: [string, Expr | Literal | Literal[]][];
}

const flat = (e: Expr): string => (typeof e === 'string' ? e : `${e.callee}(${e.args.map(flat).join(', ')})`);

/** An expression as rustfmt lays it out, starting `used` columns into its first line (a comma follows it). */
function exprLines(e: Expr, used: number, depth: number): string[] {
  const line = flat(e);
  if (typeof e === 'string') return [line];
  const args = e.args.map(flat).join(', ');
  if (args.length <= CALL_ARGS_WIDTH && used + line.length + 1 <= MAX_WIDTH) return [line];
  const pad = '    '.repeat(depth + 1);
  const inner = e.args.flatMap((arg) => {
    const lines = exprLines(arg, pad.length, depth + 1);
    return [...lines.slice(0, -1), `${lines.at(-1)},`].map((l, i) => (i === 0 ? pad + l : l));
  });
  return [`${e.callee}(`, ...inner, `${'    '.repeat(depth)})`];
}

/**
 * Lines of a struct literal as rustfmt lays it out: always one field per line; a list of one literal hugs it
 * (`&[T {` … `}]`), a longer list puts each on its own line. `head` is the text before it on its first line.
 */
function literalLines(head: string, literal: Literal, tail: string, depth: number): string[] {
  const pad = '    '.repeat(depth);
  const out = [`${pad}${head}${literal.type} {`];
  for (const [name, value] of literal.fields) {
    if (typeof value === 'string' || 'callee' in value) {
      const lines = exprLines(value, pad.length + 4 + name.length + 2, depth + 1);
      lines[0] = `${pad}    ${name}: ${lines[0]}`;
      lines[lines.length - 1] += ',';
      out.push(...lines);
    } else if (Array.isArray(value)) out.push(...listLines(`${name}: `, value, ',', depth + 1));
    else out.push(...literalLines(`${name}: `, value, ',', depth + 1));
  }
  out.push(`${pad}}${tail}`);
  return out;
}

function listLines(head: string, items: Literal[], tail: string, depth: number, prefix = '&'): string[] {
  const pad = '    '.repeat(depth);
  if (items.length === 0) return [`${pad}${head}${prefix}[]${tail}`];
  if (items.length === 1) return literalLines(`${head}${prefix}[`, items[0]!, `]${tail}`, depth);
  return [
    `${pad}${head}${prefix}[`,
    ...items.flatMap((item) => literalLines('', item, ',', depth + 1)),
    `${pad}]${tail}`,
  ];
}

/** `static LAYOUTS: [layout::TypeLayout; N] = [...];`, formatted as rustfmt formats it. */
export function renderLayouts(types: TypeRender[], indent = ''): string[] {
  const literals = types.map((t): Literal => {
    const shape: Literal =
      'fields' in t.shape
        ? {
            type: 'layout::Shape::Struct',
            fields: [
              [
                'fields',
                t.shape.fields.map((f) => ({
                  type: 'layout::FieldLayout',
                  fields: [
                    ['name', JSON.stringify(f.name)],
                    ['offset', f.offset],
                    ['size', f.size],
                    ['expected', `(${f.expected[0]}, ${f.expected[1]})`],
                    ['ty', f.ty],
                    ['was', f.was === undefined ? 'None' : `Some(${JSON.stringify(f.was)})`],
                    ['reset', f.reset ? 'true' : 'false'],
                  ],
                })),
              ],
            ],
          }
        : {
            type: 'layout::Shape::Enum',
            fields: [
              ['repr', `migrate::Scalar::${scalarVariant(t.shape.repr)}`],
              [
                'variants',
                t.shape.variants.map((v) => ({
                  type: 'layout::Variant',
                  fields: [
                    ['name', JSON.stringify(v.name)],
                    ['value', v.value],
                  ],
                })),
              ],
            ],
          };
    return {
      type: 'layout::TypeLayout',
      fields: [
        ['name', JSON.stringify(t.name)],
        ['size', t.size],
        ['align', t.align],
        ['expected', `(${t.expected[0]}, ${t.expected[1]})`],
        ['shape', shape],
      ],
    };
  });
  const lines = listLines(`static LAYOUTS: [layout::TypeLayout; ${types.length}] = `, literals, ';', 0, '');
  return lines.map((line) => `${indent}${line}`);
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
function tyExpr(type: AbiType): Expr {
  switch (type.kind) {
    case 'primitive':
      return `layout::Ty::Scalar(migrate::Scalar::${scalarVariant(type.name)})`;
    case 'named':
      return `layout::Ty::Named(${JSON.stringify(type.name)})`;
    case 'array':
      return { callee: 'layout::Ty::Array', args: [refTo(tyExpr(type.element)), String(type.length)] };
    case 'cstring':
      // `*mut c_char` is a buffer, not a string (as in the bindings).
      return type.mutable
        ? 'layout::Ty::Pointer(migrate::Pointer::Raw)'
        : 'layout::Ty::Pointer(migrate::Pointer::Cstr)';
    case 'function':
      return 'layout::Ty::Pointer(migrate::Pointer::Fn)';
    case 'pointer':
      return type.reference
        ? 'layout::Ty::Pointer(migrate::Pointer::Ref)'
        : 'layout::Ty::Pointer(migrate::Pointer::Raw)';
    default:
      return 'layout::Ty::Pointer(migrate::Pointer::Raw)';
  }
}

function refTo(e: Expr): Expr {
  return typeof e === 'string' ? `&${e}` : { ...e, callee: `&${e.callee}` };
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
