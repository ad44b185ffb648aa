// The declarative bindings spec (plain JSON: what host/lib.generated.ts
// contains) and its one interpreter, defineBindings(), which turns it into
// koffi types and, per loaded library, koffi functions. Generated files and the
// scaffolder's load check both come through here: one path from model to koffi.
import koffi, { type LibraryHandle, type TypeObject } from 'koffi';
import type { LibBindings } from '../runtime/types.js';
import type { PrimitiveName } from './model.js';
import type { BindingsSpec, TypeSpec } from './spec-from-model.js';

// The spec's types and specFromModel live in spec-from-model.ts, which does not load koffi (the emitters and the
// scaffolder import it on paths that never call a library); re-exported here for existing imports.
export {
  specFromModel,
  typeSpec,
  type BindingsSpec,
  type IntegerName,
  type TypeDefSpec,
  type TypeSpec,
} from './spec-from-model.js';

export type DefinedBindings<Api extends object> = LibBindings<Api> & {
  /** The koffi type of every struct and enum, by Rust name (for `alloc`, `read`, `koffi.sizeof`...). */
  readonly types: Readonly<Record<string, TypeObject>>;
  /** The spec these bindings were defined from (the runtime compares a new version's functions against it). */
  readonly spec: BindingsSpec;
};

const KOFFI_PRIMITIVES: Record<PrimitiveName, string> = {
  i8: 'int8_t',
  i16: 'int16_t',
  i32: 'int32_t',
  i64: 'int64_t',
  isize: 'intptr_t',
  u8: 'uint8_t',
  u16: 'uint16_t',
  u32: 'uint32_t',
  u64: 'uint64_t',
  usize: 'uintptr_t',
  f32: 'float',
  f64: 'double',
  bool: 'bool',
  c_char: 'char',
};

/**
 * Declares every type once (anonymous koffi types: koffi registers names per process, and a second set of
 * bindings in the same process, e.g. after an ABI change, must not collide with the first).
 */
export function defineBindings<Api extends object>(spec: BindingsSpec): DefinedBindings<Api> {
  const types: Record<string, TypeObject> = {};
  const declaring = new Set<string>();

  const named = (name: string): TypeObject => {
    const existing = types[name];
    if (existing) return existing;
    const def = spec.types[name];
    if (!def) throw new Error(`bindings: unknown type ${name}`);
    if (declaring.has(name)) throw new Error(`bindings: type ${name} contains itself by value`);
    declaring.add(name);
    let type: TypeObject;
    if ('struct' in def) {
      const fields: Record<string, TypeObject> = {};
      for (const [field, fieldType] of Object.entries(def.struct)) fields[field] = resolve(fieldType, 'field');
      type = def.packed ? koffi.pack(fields) : koffi.struct(fields);
    } else {
      type = koffi.type(KOFFI_PRIMITIVES[def.enum]);
    }
    types[name] = type;
    return type;
  };

  /** `param` positions get in/out pointers, so a plain object passed for `&mut T` sees the changes. */
  const resolve = (type: TypeSpec, position: 'param' | 'return' | 'field'): TypeObject => {
    if (typeof type === 'string') {
      if (type === 'void') return koffi.types.void;
      if (type === 'cstr') return position === 'field' ? koffi.pointer(koffi.types.char) : koffi.types.str;
      const primitive = KOFFI_PRIMITIVES[type as PrimitiveName];
      return primitive ? koffi.type(primitive) : named(type);
    }
    if ('ptr' in type) {
      // Pointers inside structs stay opaque addresses: no copies, and no cycles between struct types.
      if (position === 'field') return koffi.pointer(koffi.types.void);
      const to = type.ptr === 'void' ? koffi.types.void : resolve(type.ptr, 'field');
      const pointer = koffi.pointer(to);
      return position === 'param' && type.mut && type.ptr !== 'void'
        ? (koffi.inout(pointer) as unknown as TypeObject)
        : pointer;
    }
    if ('array' in type) return koffi.array(resolve(type.array, 'field'), type.length, 'Array');
    const proto = koffi.proto(
      resolve(type.returns, 'return'),
      type.fn.map((param) => resolve(param, 'return')),
    );
    return koffi.pointer(proto);
  };

  for (const name of Object.keys(spec.types).sort()) named(name);
  const functions = Object.entries(spec.functions).map(([name, fn]) => ({
    name,
    returns: resolve(fn.returns, 'return'),
    params: fn.params.map((param) => resolve(param, 'param')),
    callbackFixes: fn.params.map(unsignedCallbackArgs),
  }));

  return {
    crate: spec.crate,
    abi: spec.abi,
    functions: functions.map((fn) => fn.name).sort(),
    types,
    spec,
    bind(lib: LibraryHandle): Api {
      const api: Record<string, unknown> = {};
      for (const fn of functions) {
        try {
          const native = lib.func(fn.name, fn.returns, fn.params);
          api[fn.name] = fn.callbackFixes.some((fix) => fix !== undefined)
            ? withCallbackFixes(native, fn.callbackFixes)
            : native;
        } catch (error) {
          throw new Error(
            `the library does not export ${fn.name} (${(error as Error).message}); is it built from these sources?`,
          );
        }
      }
      return api as Api;
    },
  };
}

/**
 * koffi 3.3 hands a JS callback its top-level u64/usize arguments as if they were signed (u64::MAX arrives as -1;
 * struct fields and return values are fine). For a callback parameter, the indexes of its arguments to correct.
 */
function unsignedCallbackArgs(param: TypeSpec): number[] | undefined {
  if (typeof param !== 'object' || !('fn' in param)) return undefined;
  const indexes = param.fn.flatMap((arg, index) => (arg === 'u64' || arg === 'usize' ? [index] : []));
  return indexes.length ? indexes : undefined;
}

/** Reinterprets a signed 64-bit value as unsigned; a no-op on values that are already right. */
function asUnsigned(value: unknown): unknown {
  if (typeof value === 'number' && value < 0) return BigInt.asUintN(64, BigInt(value));
  if (typeof value === 'bigint' && value < 0n) return BigInt.asUintN(64, value);
  return value;
}

/** Wraps a koffi function so JS callbacks passed to it see unsigned 64-bit arguments; keeps `info` (the runtime reads the arity from it). */
function withCallbackFixes(native: ReturnType<LibraryHandle['func']>, fixes: (number[] | undefined)[]): unknown {
  const wrapped = (...args: unknown[]): unknown => {
    fixes.forEach((indexes, position) => {
      const callback = args[position];
      if (indexes && typeof callback === 'function') {
        args[position] = (...received: unknown[]) => {
          for (const index of indexes) received[index] = asUnsigned(received[index]);
          return (callback as (...a: unknown[]) => unknown)(...received);
        };
      }
    });
    return native(...args);
  };
  return Object.assign(wrapped, { info: native.info });
}
