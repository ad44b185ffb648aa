// The ABI fingerprint: a hash over what both hosts depend on at the binary
// level (exported signatures, and the definition of every type they reach),
// and nothing else (bodies, comments, docs, formatting, order). Equal
// fingerprints mean a hot swap is safe; otherwise the dev loop restarts the host.
import { createHash } from 'node:crypto';
import type { EnumDef, ExportedFunction, LibModel, StructDef } from './model.js';
import { rustType } from './rust-type.js';

/** One canonical line per function; parameter names are not part of the ABI. */
export function functionSignature(fn: ExportedFunction): string {
  const params = fn.params.map((p) => rustType(p.type)).join(', ');
  return `${fn.unsafe ? 'unsafe ' : ''}extern "${fn.abi}" fn ${fn.name}(${params}) -> ${rustType(fn.returns)}`;
}

function structLine(s: StructDef): string {
  return `#[repr(${s.repr.written})] struct ${s.name} { ${s.fields.map((f) => `${f.name}: ${rustType(f.type)}`).join(', ')} }`;
}

function enumLine(e: EnumDef): string {
  return `#[repr(${e.repr.written})] enum ${e.name} { ${e.variants.map((v) => `${v.name} = ${v.value}`).join(', ')} }`;
}

/** The canonical text the fingerprint hashes; sorted, so declaration order does not matter. */
export function abiDescription(model: LibModel): string {
  const lines = [
    ...model.functions.map(functionSignature),
    ...model.structs.map(structLine),
    ...model.enums.map(enumLine),
  ];
  return lines.sort().join('\n');
}

/** A stable 16-hex-digit hash of `abiDescription`. */
export function abiFingerprint(model: LibModel): string {
  return createHash('sha256').update(abiDescription(model)).digest('hex').slice(0, 16);
}

/** Human lines saying what changed between two versions' ABI, e.g. `struct State: field added: speed: f32`. */
export function abiChanges(before: LibModel, after: LibModel): string[] {
  const lines: string[] = [];
  const byName = <T extends { name: string }>(items: T[]): Map<string, T> => new Map(items.map((i) => [i.name, i]));

  const oldFns = byName(before.functions);
  const newFns = byName(after.functions);
  for (const [name, fn] of newFns) {
    const old = oldFns.get(name);
    if (!old) {
      lines.push(`fn ${name}: added`);
      continue;
    }
    if (old.params.length !== fn.params.length) {
      lines.push(
        `fn ${name}: parameters changed from (${old.params.map((p) => rustType(p.type)).join(', ')}) to (${fn.params.map((p) => rustType(p.type)).join(', ')})`,
      );
    } else {
      fn.params.forEach((param, i) => {
        const was = rustType(old.params[i]!.type);
        const now = rustType(param.type);
        if (was !== now) lines.push(`fn ${name}: parameter ${i + 1} changed from ${was} to ${now}`);
      });
    }
    if (rustType(old.returns) !== rustType(fn.returns)) {
      lines.push(`fn ${name}: return type changed from ${rustType(old.returns)} to ${rustType(fn.returns)}`);
    }
    if (old.abi !== fn.abi) lines.push(`fn ${name}: ABI changed from extern "${old.abi}" to extern "${fn.abi}"`);
    if (old.unsafe !== fn.unsafe) lines.push(`fn ${name}: ${fn.unsafe ? 'became unsafe' : 'is no longer unsafe'}`);
  }
  for (const name of oldFns.keys()) if (!newFns.has(name)) lines.push(`fn ${name}: removed`);

  const oldStructs = byName(before.structs);
  const newStructs = byName(after.structs);
  for (const [name, s] of newStructs) {
    const old = oldStructs.get(name);
    if (!old) {
      lines.push(`struct ${name}: added`);
      continue;
    }
    if (old.repr.written !== s.repr.written) {
      lines.push(`struct ${name}: repr changed from #[repr(${old.repr.written})] to #[repr(${s.repr.written})]`);
    }
    const oldFields = byName(old.fields);
    const newFields = byName(s.fields);
    for (const field of s.fields) {
      const was = oldFields.get(field.name);
      if (!was) lines.push(`struct ${name}: field added: ${field.name}: ${rustType(field.type)}`);
      else if (rustType(was.type) !== rustType(field.type)) {
        lines.push(`struct ${name}: field ${field.name} changed from ${rustType(was.type)} to ${rustType(field.type)}`);
      }
    }
    for (const field of old.fields)
      if (!newFields.has(field.name))
        lines.push(`struct ${name}: field removed: ${field.name}: ${rustType(field.type)}`);
    const kept = (fields: typeof s.fields, other: Map<string, unknown>): string =>
      fields
        .filter((f) => other.has(f.name))
        .map((f) => f.name)
        .join(', ');
    if (kept(old.fields, newFields) !== kept(s.fields, oldFields)) {
      lines.push(
        `struct ${name}: fields reordered: (${kept(old.fields, newFields)}) -> (${kept(s.fields, oldFields)})`,
      );
    }
  }
  for (const name of oldStructs.keys()) if (!newStructs.has(name)) lines.push(`struct ${name}: removed`);

  const oldEnums = byName(before.enums);
  const newEnums = byName(after.enums);
  for (const [name, e] of newEnums) {
    const old = oldEnums.get(name);
    if (!old) {
      lines.push(`enum ${name}: added`);
      continue;
    }
    if (old.repr.written !== e.repr.written) {
      lines.push(`enum ${name}: repr changed from #[repr(${old.repr.written})] to #[repr(${e.repr.written})]`);
    }
    const oldVariants = byName(old.variants);
    for (const variant of e.variants) {
      const was = oldVariants.get(variant.name);
      if (!was) lines.push(`enum ${name}: variant added: ${variant.name} = ${variant.value}`);
      else if (was.value !== variant.value)
        lines.push(`enum ${name}: variant ${variant.name} changed from ${was.value} to ${variant.value}`);
    }
    const newVariants = byName(e.variants);
    for (const variant of old.variants)
      if (!newVariants.has(variant.name)) lines.push(`enum ${name}: variant removed: ${variant.name}`);
  }
  for (const name of oldEnums.keys()) if (!newEnums.has(name)) lines.push(`enum ${name}: removed`);
  return lines;
}
