// What the reader finds in the lib's sources, before validation decides what crosses the C ABI.
import type { AbiType, EnumVariant, Param, Repr, StructField, Warning } from './model.js';
import type { Token } from './tokenize.js';

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
  repr: Repr;
  fields: StructField[];
  problem?: string;
}

export interface RawEnum {
  module: string[];
  file: string;
  line: number;
  name: string;
  docs: string[];
  repr: Repr;
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

/** Where an item starts and what precedes it. */
export interface ItemStart {
  file: string;
  line: number;
  /** Doc comment lines, without the `///`. */
  docs: string[];
  /** The tokens inside each outer `#[...]`. */
  attributes: Attribute[];
}

export interface Attribute {
  tokens: Token[];
}
