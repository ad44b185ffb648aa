// The layout schema of a lib's state types (contract §1): what the probe prints from the compiler, what a snapshot
// carries, and what the migration engine reads old and new bytes by. Sizes and offsets are the compiler's.

export type ScalarName =
  'u8' | 'u16' | 'u32' | 'u64' | 'usize' | 'i8' | 'i16' | 'i32' | 'i64' | 'isize' | 'f32' | 'f64' | 'bool' | 'c_char';

export type PointerKind = 'raw' | 'ref' | 'fn' | 'cstr';

export type FieldType =
  | { scalar: ScalarName }
  /** A #[repr(C)] struct or fieldless enum in `types`. */
  | { named: string }
  | { array: FieldType; length: number }
  /** Cannot be carried: becomes null/zero, reported. */
  | { pointer: PointerKind };

export interface FieldLayout {
  name: string;
  offset: number;
  size: number;
  type: FieldType;
  /** From a doc comment line `hot: was old_name`: the field's name in the old version. */
  was?: string;
  /** From a doc comment line `hot: reset`: the field keeps its new default at the next migration. */
  reset?: boolean;
}

export interface StructLayout {
  kind: 'struct';
  size: number;
  align: number;
  fields: FieldLayout[];
}

export interface EnumLayout {
  kind: 'enum';
  size: number;
  align: number;
  repr: ScalarName;
  variants: { name: string; value: number }[];
}

export type TypeLayout = StructLayout | EnumLayout;

/** Every repr(C) struct and enum of the lib, by Rust name. */
export interface StateSchema {
  types: Record<string, TypeLayout>;
}

export const POINTER_SIZE = 8;

interface ScalarInfo {
  size: number;
  kind: 'int' | 'float' | 'bool';
  signed: boolean;
}

export const SCALARS: Record<ScalarName, ScalarInfo> = {
  u8: { size: 1, kind: 'int', signed: false },
  u16: { size: 2, kind: 'int', signed: false },
  u32: { size: 4, kind: 'int', signed: false },
  u64: { size: 8, kind: 'int', signed: false },
  usize: { size: 8, kind: 'int', signed: false },
  i8: { size: 1, kind: 'int', signed: true },
  i16: { size: 2, kind: 'int', signed: true },
  i32: { size: 4, kind: 'int', signed: true },
  i64: { size: 8, kind: 'int', signed: true },
  isize: { size: 8, kind: 'int', signed: true },
  // c_char is i8 on the platforms the hosts run on (x86_64 Linux/macOS/Windows); aarch64 Linux makes it u8,
  // which only changes how a value above 127 would be shown.
  c_char: { size: 1, kind: 'int', signed: true },
  f32: { size: 4, kind: 'float', signed: true },
  f64: { size: 8, kind: 'float', signed: true },
  bool: { size: 1, kind: 'bool', signed: false },
};

/** The directive a field's doc comment lines carry, if any (`hot: was <ident>`, `hot: reset`). */
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

/** How a type reads in the report line: `u32`, `Vec2`, `[u8; 4]`, `pointer`. */
export function typeName(type: FieldType): string {
  if ('scalar' in type) return type.scalar;
  if ('named' in type) return type.named;
  if ('array' in type) return `[${typeName(type.array)}; ${type.length}]`;
  return type.pointer === 'fn'
    ? 'fn pointer'
    : type.pointer === 'cstr'
      ? 'C string'
      : type.pointer === 'ref'
        ? 'reference'
        : 'pointer';
}

/** The size of a field type in `schema`, or undefined when it names a type the schema lacks. */
export function sizeOf(schema: StateSchema, type: FieldType): number | undefined {
  if ('scalar' in type) return SCALARS[type.scalar].size;
  if ('pointer' in type) return POINTER_SIZE;
  if ('named' in type) return schema.types[type.named]?.size;
  const element = sizeOf(schema, type.array);
  return element === undefined ? undefined : element * type.length;
}

/**
 * Checks that a schema is consistent with itself before any byte is read by it: every field inside its struct,
 * of the size its type has, no two fields overlapping, enums of their repr's size. Returns the first problem.
 */
export function schemaProblem(schema: StateSchema, root: string): string | undefined {
  const seen = new Set<string>();
  const check = (name: string): string | undefined => {
    if (seen.has(name)) return undefined;
    seen.add(name);
    const layout = schema.types[name];
    if (!layout) return `no layout for type ${name}`;
    if (layout.kind === 'enum') {
      const repr = SCALARS[layout.repr];
      if (!repr || repr.kind !== 'int' || repr.size !== layout.size)
        return `layout of enum ${name}: size ${layout.size} does not match ${layout.repr}`;
      return undefined;
    }
    let end = 0;
    const sorted = [...layout.fields].sort((a, b) => a.offset - b.offset);
    for (const field of sorted) {
      const expected = sizeOf(schema, field.type);
      if (expected === undefined) return `layout of ${name}.${field.name}: unknown type ${typeName(field.type)}`;
      if (expected !== field.size) {
        const type = typeName(field.type);
        return `layout of ${name}.${field.name}: size ${field.size} does not match ${type} (${expected})`;
      }
      if (field.offset < end || field.offset + field.size > layout.size)
        return `layout of ${name}.${field.name}: offset ${field.offset} overlaps or lies outside the struct`;
      end = field.offset + field.size;
      const problem = namedIn(field.type);
      if (problem) return problem;
    }
    return undefined;
  };
  const namedIn = (type: FieldType): string | undefined => {
    if ('named' in type) return check(type.named);
    if ('array' in type) return namedIn(type.array);
    return undefined;
  };
  return check(root);
}

/** The types `root` reaches, and nothing else: what a snapshot carries. */
export function reachableSchema(schema: StateSchema, root: string): StateSchema {
  const types: Record<string, TypeLayout> = {};
  const visit = (type: FieldType): void => {
    if ('named' in type) add(type.named);
    else if ('array' in type) visit(type.array);
  };
  const add = (name: string): void => {
    const layout = schema.types[name];
    if (!layout || types[name]) return;
    types[name] = layout;
    if (layout.kind === 'struct') for (const field of layout.fields) visit(field.type);
  };
  add(root);
  return { types };
}
