// The layouts part of src/hot_lib.rs: every #[repr(C)] type of the lib as a static the Rust host's migration
// engine reads (templates/base/src/hot_lib/layout.rs), with the compiler's sizes and offsets beside the ones
// computed here from the parsed source by the repr(C) rules. The host refuses to migrate when they differ.
import { modelLayouts } from '../migrate/layout.js';
import type { AbiType, LibModel } from './model.js';
import { rustType } from './rust-type.js';

/** rustfmt's limits: a line, and the arguments of a call on one line. */
export const MAX_WIDTH = 100;
export const CALL_ARGS_WIDTH = 60;

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
  const layouts = modelLayouts(model).types;
  const types: TypeRender[] = [];
  for (const s of model.structs) {
    const computed = layouts[s.name];
    if (computed?.kind !== 'struct') continue;
    const byName = new Map(computed.fields.map((f) => [f.name, f]));
    const fields = s.fields.flatMap((f): FieldRender[] => {
      const layout = byName.get(f.name);
      if (!layout) return [];
      const { offset, size, was, reset } = layout;
      const directives = { ...(was === undefined ? {} : { was }), ...(reset ? { reset } : {}) };
      return [
        {
          name: f.name,
          offset: `offset_of!(${s.name}, ${f.name})`,
          size: `size_of::<${rustType(f.type)}>()`,
          expected: [offset, size],
          ty: tyExpr(f.type),
          ...directives,
        },
      ];
    });
    types.push({ ...compilerSize(s.name), expected: [computed.size, computed.align], shape: { fields } });
  }
  for (const e of model.enums) {
    const computed = layouts[e.name];
    if (computed?.kind !== 'enum') continue;
    const variants = e.variants.map((v) => ({ name: v.name, value: `${e.name}::${v.name} as i64` }));
    types.push({
      ...compilerSize(e.name),
      expected: [computed.size, computed.align],
      shape: { repr: computed.repr, variants },
    });
  }
  return types;
}

function compilerSize(name: string): { name: string; size: string; align: string } {
  return { name, size: `size_of::<${name}>()`, align: `align_of::<${name}>()` };
}
