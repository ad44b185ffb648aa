// The migration engine (contract §2): old bytes of a root type, read by the old schema, carried over onto the new
// version's default bytes, field by field and by name, with every change reported. Works on bytes only (DataView),
// so the TypeScript host runs it in process between two calls, and snapshots go through the same code.
import { convertScalar, InvalidBool, readScalar, showScalar, writeScalar } from './scalar.js';
import {
  SCALARS,
  schemaProblem,
  sizeOf,
  typeName,
  type FieldType,
  type StateSchema,
  type StructLayout,
} from './schema.js';
import { showValue } from './show.js';

/** A value dropped by a migration, kept for the session so it can come back (`State.old_timer`). */
export interface RemovedValue {
  type: FieldType;
  /** The schema `type` is read by (its named types). */
  schema: StateSchema;
  bytes: Uint8Array;
}

/** Removed values by path (`State.old_timer`, `State.player.z`). One per session; migrations update it. */
export type RemovedMemo = Map<string, RemovedValue>;

export interface MigrationInput {
  root: string;
  oldSchema: StateSchema;
  oldBytes: Uint8Array;
  newSchema: StateSchema;
  /** The new version's `Default::default()` of the root, or zeros (enums at their first variant) without one. */
  newDefault: Uint8Array;
  /** Whether `newDefault` came from a `Default` implementation (the report says so for new fields). */
  newHasDefault: boolean;
  memo: RemovedMemo;
}

export interface MigrationReport {
  root: string;
  /** Set when nothing could be carried: why. The state is the new default. */
  fresh?: string;
  /** One item per change, in field order, e.g. `+lives u32 = 3 (Default)`. */
  changes: string[];
}

export interface MigrationResult {
  bytes: Uint8Array;
  report: MigrationReport;
}

export function migrate(input: MigrationInput): MigrationResult {
  const { root, oldSchema, newSchema } = input;
  const bytes = new Uint8Array(input.newDefault);
  const fresh = (reason: string): MigrationResult => ({ bytes, report: { root, fresh: reason, changes: [] } });
  const newRoot = newSchema.types[root];
  if (!newRoot) return fresh(`the new version has no type ${root}`);
  if (newRoot.kind !== 'struct') return fresh(`${root} is no longer a struct`);
  const oldRoot = oldSchema.types[root];
  if (!oldRoot || oldRoot.kind !== 'struct') return fresh(`the old state has no struct ${root}`);
  const problem = schemaProblem(oldSchema, root) ?? schemaProblem(newSchema, root);
  if (problem) return fresh(problem);
  if (input.oldBytes.length < oldRoot.size)
    return fresh(`the old state is ${input.oldBytes.length} bytes, its layout says ${oldRoot.size}`);
  if (bytes.length < newRoot.size)
    return fresh(`the new default is ${bytes.length} bytes, its layout says ${newRoot.size}`);
  const changes: string[] = [];
  const run = new Run(input, view(input.oldBytes), view(bytes), changes);
  run.fields(oldRoot, 0, newRoot, 0, '');
  return { bytes, report: { root, changes } };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

class Run {
  constructor(
    private readonly input: MigrationInput,
    private readonly from: DataView,
    private readonly to: DataView,
    private changes: string[],
  ) {}

  /** Carries the fields of one struct by name; `path` is the struct's own (`''` for the root, `player`). */
  fields(old: StructLayout, oldAt: number, next: StructLayout, nextAt: number, path: string): void {
    const oldByName = new Map(old.fields.map((f) => [f.name, f]));
    const used = new Set<string>();
    const added: string[] = [];
    const prefix = path ? `${path}.` : '';
    for (const field of next.fields) {
      const fieldPath = prefix + field.name;
      const renamed = field.was !== undefined && oldByName.has(field.was) && !oldByName.has(field.name);
      const source = renamed ? oldByName.get(field.was!) : oldByName.get(field.name);
      if (source) used.add(source.name);
      if (field.reset) {
        this.changes.push(
          `${fieldPath} ${typeName(field.type)} = ${this.showNew(field.type, nextAt + field.offset)} (reset)`,
        );
        continue;
      }
      if (!source) {
        if (!this.restore(field.type, nextAt + field.offset, field.size, fieldPath)) added.push(field.name);
        continue;
      }
      const label = renamed ? `${prefix}${source.name}→${field.name}` : fieldPath;
      this.convert(source.type, oldAt + source.offset, field.type, nextAt + field.offset, fieldPath, label);
    }
    const removed = old.fields.filter((f) => !used.has(f.name));
    for (const field of removed) {
      const fieldPath = prefix + field.name;
      const at = oldAt + field.offset;
      this.changes.push(`-${fieldPath} dropped (was ${showValue(this.input.oldSchema, field.type, this.from, at)})`);
      if (!fieldPath.includes('[')) {
        this.input.memo.set(`${this.input.root}.${fieldPath}`, {
          type: field.type,
          schema: this.input.oldSchema,
          bytes: new Uint8Array(
            this.from.buffer.slice(this.from.byteOffset + at, this.from.byteOffset + at + field.size),
          ),
        });
      }
    }
    if (removed.length === 1 && added.length === 1) {
      const [gone] = removed;
      const newField = next.fields.find((f) => f.name === added[0])!;
      if (typeName(gone!.type) === typeName(newField.type)) {
        this.changes.push(`rename? add \`/// hot: was ${gone!.name}\` above ${prefix}${newField.name}`);
      }
    }
  }

  /** A new field: its value from the memo when one of that path and a compatible type was removed earlier. */
  private restore(type: FieldType, at: number, size: number, path: string): boolean {
    const key = `${this.input.root}.${path}`;
    const kept = this.input.memo.get(key);
    if (kept) {
      const saved = new Uint8Array(this.to.buffer.slice(this.to.byteOffset + at, this.to.byteOffset + at + size));
      const sub = new Run({ ...this.input, oldSchema: kept.schema }, view(kept.bytes), this.to, []);
      if (sub.convert(kept.type, 0, type, at, path, path)) {
        this.input.memo.delete(key);
        this.changes.push(`+${path} ${typeName(type)} = ${this.showNew(type, at)} (restored)`);
        return true;
      }
      new Uint8Array(this.to.buffer, this.to.byteOffset + at, size).set(saved);
    }
    const origin = this.input.newHasDefault ? 'Default' : 'no Default';
    this.changes.push(`+${path} ${typeName(type)} = ${this.showNew(type, at)} (${origin})`);
    return false;
  }

  /**
   * Carries one value; on failure the new default stays and the report says why. Returns whether everything
   * was carried. `path` names the new place (for nested paths), `label` how the report names it (a rename).
   */
  convert(oldType: FieldType, oldAt: number, newType: FieldType, newAt: number, path: string, label: string): boolean {
    const incompatible = (): false => {
      const shown = this.showNew(newType, newAt);
      this.changes.push(`${label} ${typeName(oldType)}→${typeName(newType)}: incompatible, default ${shown}`);
      return false;
    };
    if ('pointer' in newType) {
      new Uint8Array(this.to.buffer, this.to.byteOffset + newAt, 8).fill(0);
      this.changes.push(`${label}: ${typeName(newType)} not carried, null`);
      return false;
    }
    if ('scalar' in newType) {
      if (!('scalar' in oldType)) return incompatible();
      if (oldType.scalar === newType.scalar && newType.scalar !== 'bool' && label === path) {
        // The same number type: its bytes are its value (no conversion, nothing to check).
        const size = SCALARS[newType.scalar].size;
        for (let i = 0; i < size; i++) this.to.setUint8(newAt + i, this.from.getUint8(oldAt + i));
        return true;
      }
      const value = readScalar(this.from, oldAt, oldType.scalar);
      if (value instanceof InvalidBool) {
        this.changes.push(`${label}: invalid bool byte ${value.byte}, default ${this.showNew(newType, newAt)}`);
        return false;
      }
      const converted = convertScalar(value, newType.scalar);
      if (converted === 'incompatible') return incompatible();
      const conversion = `${label} ${oldType.scalar}→${newType.scalar}`;
      if (converted === 'does not fit') {
        const shown = showScalar(value, oldType.scalar);
        this.changes.push(`${conversion}: ${shown} does not fit, default ${this.showNew(newType, newAt)}`);
        return false;
      }
      writeScalar(this.to, newAt, newType.scalar, converted);
      if (oldType.scalar !== newType.scalar) this.changes.push(conversion);
      else if (label !== path) this.changes.push(label);
      return true;
    }
    if ('array' in newType) {
      if (!('array' in oldType)) return incompatible();
      return this.array(oldType, oldAt, newType, newAt, path, label);
    }
    const next = this.input.newSchema.types[newType.named]!;
    if (!('named' in oldType)) return incompatible();
    const old = this.input.oldSchema.types[oldType.named]!;
    if (old.kind !== next.kind) return incompatible();
    if (label !== path) this.changes.push(label);
    if (old.kind === 'struct' && next.kind === 'struct') {
      const before = this.changes.length;
      this.fields(old, oldAt, next, newAt, path);
      return this.changes.length === before;
    }
    if (old.kind !== 'enum' || next.kind !== 'enum') return false;
    const discriminant = readScalar(this.from, oldAt, old.repr);
    const variant = old.variants.find((v) => 'value' in discriminant && BigInt(v.value) === discriminant.value);
    if (!variant) {
      this.changes.push(
        `${label}: invalid discriminant ${showScalar(discriminant, old.repr)}, default ${this.showNew(newType, newAt)}`,
      );
      return false;
    }
    const target = next.variants.find((v) => v.name === variant.name);
    if (!target) {
      this.changes.push(`${label}: variant ${variant.name} no longer exists, default ${this.showNew(newType, newAt)}`);
      return false;
    }
    writeScalar(this.to, newAt, next.repr, { kind: 'int', value: BigInt(target.value) });
    return true;
  }

  private array(
    oldType: { array: FieldType; length: number },
    oldAt: number,
    newType: { array: FieldType; length: number },
    newAt: number,
    path: string,
    label: string,
  ): boolean {
    const { oldSchema, newSchema } = this.input;
    const oldStride = elementSize(oldSchema, oldType.array);
    const newStride = elementSize(newSchema, newType.array);
    const shared = Math.min(oldType.length, newType.length);
    const outer = this.changes;
    const perElement: string[][] = [];
    let whole = true;
    for (let i = 0; i < shared; i++) {
      this.changes = [];
      const at = `${path}[${i}]`;
      whole =
        this.convert(
          oldType.array,
          oldAt + i * oldStride,
          newType.array,
          newAt + i * newStride,
          at,
          `${label}[${i}]`,
        ) && whole;
      perElement.push(this.changes);
    }
    this.changes = outer;
    // The same change in every element (a field added to each item) is said once, as `items[]`.
    const general = perElement.map((items, i) => items.map((item) => item.split(`[${i}]`).join('[]')));
    const same = general.every((items) => items.join('\n') === general[0]!.join('\n'));
    if (same && general[0]) this.changes.push(...general[0]);
    else for (const items of perElement) this.changes.push(...items);
    if (oldType.length !== newType.length) {
      const dropped = oldType.length > newType.length ? `: ${oldType.length - newType.length} dropped` : '';
      this.changes.push(`${label} length ${oldType.length}→${newType.length}${dropped}`);
    }
    return whole && oldType.length <= newType.length;
  }

  private showNew(type: FieldType, at: number): string {
    return showValue(this.input.newSchema, type, this.to, at);
  }
}

function elementSize(schema: StateSchema, type: FieldType): number {
  // Both schemas passed schemaProblem, so every size is known.
  return sizeOf(schema, type)!;
}
