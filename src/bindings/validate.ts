// Raw items -> LibModel: every function whose types all cross the C ABI, the
// structs and enums they reach, and one warning per function left out.
import type { AbiType, EnumDef, ExportedFunction, LibModel, StructDef, Warning } from './model.js';
import type { RawEnum, RawLib, RawStruct } from './raw-items.js';
import { Refusal } from './parse-type.js';
import { rustType } from './rust-type.js';

/** Keeps the functions whose types all cross the C ABI and the types they reach; warns about the rest. */
export function validate(raw: RawLib): LibModel {
  const structsByName = groupByName(raw.structs);
  const enumsByName = groupByName(raw.enums);
  const warnings: Warning[] = [...raw.warnings];
  const functions: ExportedFunction[] = [];
  const reached = new Set<string>();
  const seenFunctions = new Map<string, string>();

  for (const fn of raw.functions) {
    const where = `${fn.file}:${fn.line}`;
    const previous = seenFunctions.get(fn.name);
    if (previous) {
      warnings.push({
        file: fn.file,
        line: fn.line,
        item: `function ${fn.name}`,
        reason: `a function with this name is already exported at ${previous}; C symbols must be unique`,
      });
      continue;
    }
    seenFunctions.set(fn.name, where);
    const types = new Set<string>();
    try {
      fn.params.forEach((param) => checkParam(param.type, `parameter ${param.name}`));
      checkReturn(fn.returns);
      const check = (type: AbiType, context: 'value' | 'field' | 'pointee' | 'callback'): void =>
        walkNamed(type, context, (name) => {
          if (types.has(name)) return;
          types.add(name);
          const structs = structsByName.get(name) ?? [];
          const enums = enumsByName.get(name) ?? [];
          const all = [...structs, ...enums];
          if (all.length === 0) {
            throw new Refusal(
              `unknown type ${name}: only primitives, *const c_char, and #[repr(C)] structs and enums defined in lib/src cross the C ABI`,
            );
          }
          if (all.length > 1) {
            throw new Refusal(
              `two types are named ${name} (${all.map((d) => `${d.file}:${d.line}`).join(', ')}); rename one`,
            );
          }
          const def = all[0]!;
          if (def.problem) throw new Refusal(def.problem);
          if ('fields' in def) def.fields.forEach((field) => check(field.type, 'field'));
        });
      fn.params.forEach((param) => check(param.type, 'value'));
      check(fn.returns, 'value');
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      warnings.push({ file: fn.file, line: fn.line, item: `function ${fn.name}`, reason: error.message });
      seenFunctions.delete(fn.name);
      continue;
    }
    types.forEach((name) => reached.add(name));
    functions.push({ ...fn });
  }

  const structs: StructDef[] = raw.structs
    .filter((s) => reached.has(s.name))
    .map(({ file, line, name, module, fields, repr, docs }) => ({ file, line, name, module, fields, repr, docs }));
  const enums: EnumDef[] = raw.enums
    .filter((e) => reached.has(e.name))
    .map(({ file, line, name, module, repr, variants, docs }) => ({ file, line, name, module, repr, variants, docs }));
  return { files: raw.files, functions, structs, enums, warnings };
}

function groupByName<T extends RawStruct | RawEnum>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(item.name, [...(map.get(item.name) ?? []), item]);
  return map;
}

/** Rules for a parameter position. */
function checkParam(type: AbiType, what: string): void {
  if (type.kind === 'void') throw new Refusal(`${what}: () is not a parameter type`);
  if (type.kind === 'array')
    throw new Refusal('arrays by value are not C ABI; wrap the array in a #[repr(C)] struct or take *const T');
  if (type.kind === 'pointer') checkPointee(type.to);
  if (type.kind === 'function') checkCallback(type);
}

function checkReturn(type: AbiType): void {
  if (type.kind === 'pointer' && type.reference) {
    throw new Refusal('returning a reference is not supported; return *const T (or *mut T)');
  }
  if (type.kind === 'array') throw new Refusal('arrays by value are not C ABI; wrap the array in a #[repr(C)] struct');
  if (type.kind === 'function') throw new Refusal('returning a fn pointer is not supported');
  if (type.kind === 'pointer') checkPointee(type.to);
}

function checkPointee(to: AbiType): void {
  if (to.kind === 'pointer' || to.kind === 'cstring')
    throw new Refusal('pointers to pointers are not supported; wrap the pointer in a #[repr(C)] struct');
  if (to.kind === 'array')
    throw new Refusal('pointers to arrays are not supported; take a pointer to the first element');
  if (to.kind === 'function') throw new Refusal('pointers to fn pointers are not supported');
}

function checkCallback(fn: Extract<AbiType, { kind: 'function' }>): void {
  for (const param of fn.params) {
    if (param.kind === 'function') throw new Refusal('callbacks that take callbacks are not supported');
    if (param.kind === 'array' || param.kind === 'void')
      throw new Refusal(`callback parameter ${rustType(param)} is not C ABI`);
    if (param.kind === 'pointer') checkPointee(param.to);
  }
  if (fn.returns.kind === 'function' || fn.returns.kind === 'array')
    throw new Refusal(`callback return type ${rustType(fn.returns)} is not supported`);
  if (fn.returns.kind === 'pointer' && fn.returns.reference)
    throw new Refusal('callbacks returning references are not supported; return *const T');
}

/** Calls `visit` for every named type `type` mentions, checking field-only rules on the way. */
function walkNamed(
  type: AbiType,
  context: 'value' | 'field' | 'pointee' | 'callback',
  visit: (name: string) => void,
): void {
  switch (type.kind) {
    case 'named':
      visit(type.name);
      return;
    case 'pointer':
      if (context === 'field' && type.reference)
        throw new Refusal('references in struct fields are not supported; use *const T');
      walkNamed(type.to, 'pointee', visit);
      return;
    case 'array':
      if (type.element.kind === 'pointer' || type.element.kind === 'function' || type.element.kind === 'cstring') {
        throw new Refusal('arrays of pointers are not supported');
      }
      walkNamed(type.element, context, visit);
      return;
    case 'function':
      if (context === 'field')
        throw new Refusal('fn pointers inside structs are not supported; pass the callback as a parameter');
      type.params.forEach((param) => walkNamed(param, 'callback', visit));
      walkNamed(type.returns, 'callback', visit);
      return;
    case 'void':
      if (context === 'field') throw new Refusal('c_void by value is not C ABI');
      return;
    default:
      return;
  }
}
