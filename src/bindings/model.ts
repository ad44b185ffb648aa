// The parsed shape of a lib crate's C ABI: what every emitter (TypeScript
// bindings, Rust hot module, ABI fingerprint) and the runtime binder read.
// Parsing produces it; nothing else builds it by hand.

/** Where something was found, for warnings that point at the source. */
export interface SourceLocation {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line. */
  line: number;
}

export type PrimitiveName =
  'i8' | 'i16' | 'i32' | 'i64' | 'isize' | 'u8' | 'u16' | 'u32' | 'u64' | 'usize' | 'f32' | 'f64' | 'bool' | 'c_char';

export type IntegerName = 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64';

/** A `#[repr(...)]` attribute, read once by the parser. */
export interface Repr {
  /** `C` is among the hints. */
  c: boolean;
  /** Bare `packed`. */
  packed: boolean;
  /** `packed(N)`. */
  packedTo?: number;
  /** `align(N)`. */
  align?: number;
  /** An integer hint (`u8`, `i32`, ...): an enum's size. */
  int?: IntegerName;
  /** How many hints the attribute has (`C, packed` has two); 0 when there is no #[repr]. */
  hints: number;
  /** The contents as written, normalised (`C, packed`): what messages and the ABI fingerprint show. */
  written: string;
}

/** A Rust type as it crosses the C ABI. */
export type AbiType =
  | { kind: 'void' }
  | { kind: 'primitive'; name: PrimitiveName }
  /** `*const c_char` (a string: in as a JS string, out copied into one) / `*mut c_char` (a raw buffer pointer). */
  | { kind: 'cstring'; mutable: boolean }
  /** `&T`, `&mut T`, `*const T`, `*mut T`, `Option<&T>`, `Option<&mut T>`; `to` is `void` for `*mut c_void`. */
  | { kind: 'pointer'; to: AbiType; mutable: boolean; nullable: boolean; reference: boolean }
  /** A `#[repr(C)]` struct or a fieldless enum, by name. */
  | { kind: 'named'; name: string }
  /** `[T; N]` (only inside structs). */
  | { kind: 'array'; element: AbiType; length: number }
  /** `extern "C" fn(..) -> ..` (callbacks); `Option<extern "C" fn ..>` is nullable. */
  | {
      kind: 'function';
      params: AbiType[];
      returns: AbiType;
      nullable: boolean;
      unsafe: boolean;
      abi: 'C' | 'C-unwind';
    };

export interface Param {
  name: string;
  type: AbiType;
}

export interface ExportedFunction extends SourceLocation {
  name: string;
  params: Param[];
  returns: AbiType;
  /** Doc comment lines, without the `///`. */
  docs: string[];
  /** `extern "C"` or `extern "C-unwind"`. */
  abi: 'C' | 'C-unwind';
  unsafe: boolean;
}

export interface StructField {
  name: string;
  type: AbiType;
  docs: string[];
}

export interface StructDef extends SourceLocation {
  name: string;
  /** Rust module path inside the lib crate, e.g. `[]` (crate root) or `['shapes']`. */
  module: string[];
  fields: StructField[];
  repr: Repr;
  docs: string[];
}

export interface EnumVariant {
  name: string;
  value: number;
  docs: string[];
}

export interface EnumDef extends SourceLocation {
  name: string;
  /** Rust module path inside the lib crate, e.g. `[]` (crate root) or `['shapes']`. */
  module: string[];
  /** `#[repr(C)]` or an integer `#[repr(u8)]` etc. */
  repr: Repr;
  variants: EnumVariant[];
  docs: string[];
}

export interface Warning extends SourceLocation {
  /** What was left out, e.g. `function make_string`. */
  item: string;
  /** Why, in words a user can act on. */
  reason: string;
}

export interface LibModel {
  /** Every .rs file read, relative to the project root, sorted. */
  files: string[];
  functions: ExportedFunction[];
  structs: StructDef[];
  enums: EnumDef[];
  warnings: Warning[];
}
