// Reading, writing, converting and showing one scalar in memory laid out by the compiler (little-endian: every
// platform the hosts run on). Integers travel as bigint so that 64-bit values stay exact.
import { SCALARS, type ScalarName } from './schema.js';

export type ScalarValue =
  { kind: 'int'; value: bigint } | { kind: 'float'; value: number } | { kind: 'bool'; value: boolean };

/** A bool byte other than 0/1 in old memory: not a value, never read as one. */
export class InvalidBool {
  constructor(readonly byte: number) {}
}

export function readScalar(view: DataView, offset: number, name: ScalarName): ScalarValue | InvalidBool {
  switch (name) {
    case 'u8':
      return { kind: 'int', value: BigInt(view.getUint8(offset)) };
    case 'u16':
      return { kind: 'int', value: BigInt(view.getUint16(offset, true)) };
    case 'u32':
      return { kind: 'int', value: BigInt(view.getUint32(offset, true)) };
    case 'u64':
    case 'usize':
      return { kind: 'int', value: view.getBigUint64(offset, true) };
    case 'i8':
    case 'c_char':
      return { kind: 'int', value: BigInt(view.getInt8(offset)) };
    case 'i16':
      return { kind: 'int', value: BigInt(view.getInt16(offset, true)) };
    case 'i32':
      return { kind: 'int', value: BigInt(view.getInt32(offset, true)) };
    case 'i64':
    case 'isize':
      return { kind: 'int', value: view.getBigInt64(offset, true) };
    case 'f32':
      return { kind: 'float', value: view.getFloat32(offset, true) };
    case 'f64':
      return { kind: 'float', value: view.getFloat64(offset, true) };
    case 'bool': {
      const byte = view.getUint8(offset);
      return byte <= 1 ? { kind: 'bool', value: byte === 1 } : new InvalidBool(byte);
    }
  }
}

/** Writes a value already known to fit `name` (see convertScalar). */
export function writeScalar(view: DataView, offset: number, name: ScalarName, value: ScalarValue): void {
  const int = value.kind === 'int' ? value.value : value.kind === 'bool' ? BigInt(value.value) : 0n;
  switch (name) {
    case 'u8':
      return view.setUint8(offset, Number(int));
    case 'u16':
      return view.setUint16(offset, Number(int), true);
    case 'u32':
      return view.setUint32(offset, Number(int), true);
    case 'u64':
    case 'usize':
      return view.setBigUint64(offset, int, true);
    case 'i8':
    case 'c_char':
      return view.setInt8(offset, Number(int));
    case 'i16':
      return view.setInt16(offset, Number(int), true);
    case 'i32':
      return view.setInt32(offset, Number(int), true);
    case 'i64':
    case 'isize':
      return view.setBigInt64(offset, int, true);
    case 'f32':
      return view.setFloat32(offset, value.kind === 'float' ? value.value : Number(int), true);
    case 'f64':
      return view.setFloat64(offset, value.kind === 'float' ? value.value : Number(int), true);
    case 'bool':
      return view.setUint8(offset, value.kind === 'bool' && value.value ? 1 : 0);
  }
}

function intRange(name: ScalarName): [bigint, bigint] {
  const bits = BigInt(SCALARS[name].size * 8);
  return SCALARS[name].signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
}

/**
 * `value` as a `to`, when exactly representable (contract §2). 'does not fit': a checked narrowing or sign change
 * that failed for this value; 'incompatible': never carried (float → int, int → bool, …).
 */
export function convertScalar(value: ScalarValue, to: ScalarName): ScalarValue | 'does not fit' | 'incompatible' {
  const target = SCALARS[to];
  if (target.kind === 'bool') return value.kind === 'bool' ? value : 'incompatible';
  if (target.kind === 'int') {
    if (value.kind === 'float') return 'incompatible';
    const int = value.kind === 'bool' ? BigInt(value.value) : value.value;
    const [min, max] = intRange(to);
    return int >= min && int <= max ? { kind: 'int', value: int } : 'does not fit';
  }
  if (value.kind === 'bool') return 'incompatible';
  if (value.kind === 'int') {
    const float = Number(value.value);
    if (BigInt(float) !== value.value) return 'does not fit';
    if (to === 'f32' && Math.fround(float) !== float) return 'does not fit';
    return { kind: 'float', value: float };
  }
  if (to === 'f32' && !Number.isNaN(value.value) && Math.fround(value.value) !== value.value) return 'does not fit';
  return value;
}

/**
 * How a value reads in the report: integers in decimal, floats in the shortest text that reads back to the same
 * value of their width (so an f32 0.1 shows as 0.1, as Rust prints it).
 */
export function showScalar(value: ScalarValue | InvalidBool, name: ScalarName): string {
  if (value instanceof InvalidBool) return `invalid bool byte ${value.byte}`;
  if (value.kind === 'int') return String(value.value);
  if (value.kind === 'bool') return String(value.value);
  return showFloat(value.value, name === 'f32');
}

export function showFloat(value: number, single: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (!single) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = Number(value.toPrecision(digits));
    if (Math.fround(text) === value) return String(text);
  }
  return String(value);
}
