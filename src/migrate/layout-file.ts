// `.hot/<crate>-<n>.layout.json` (contract §5): the compiler's layouts of version n, each type's Default bytes and
// the version's bindings spec. The dev loop writes it (probe.ts); a TypeScript host reads it to migrate in process.
import fs from 'node:fs';
import type { BindingsSpec } from '../bindings/spec-from-model.js';
import { encodeValue } from './json-values.js';
import type { StateSchema } from './schema.js';

export interface LayoutFile {
  abi: string;
  /** The compiler's layouts (sizes, offsets) with our model's field types and directives. */
  schema: StateSchema;
  /** Each type's `Default::default()` bytes in hex; null for a type without Default. */
  defaults: Record<string, string | null>;
  /** The version's bindings spec, so a host declares its koffi types from it, not from its own import. */
  bindings: BindingsSpec;
  /** Set when the layouts cannot be trusted or were not found: why. Migrations into this version are refused. */
  refused?: string;
}

export function readLayoutFile(file: string): LayoutFile {
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LayoutFile>;
  if (
    typeof value.abi !== 'string' ||
    typeof value.schema?.types !== 'object' ||
    typeof value.bindings?.functions !== 'object'
  ) {
    throw new Error(`${file} is not a layout file`);
  }
  return value as LayoutFile;
}

/** The default bytes of `type` in a version: its Default, else zeros with every enum at its first variant. */
export function defaultBytes(layout: LayoutFile, type: string): { bytes: Uint8Array; fromDefault: boolean } {
  const hex = layout.defaults[type];
  if (typeof hex === 'string') return { bytes: new Uint8Array(Buffer.from(hex, 'hex')), fromDefault: true };
  return { bytes: encodeValue(layout.schema, type, {}), fromDefault: false };
}
