// Memory from `lib.alloc`: outside the library, so it survives every swap, and migrated in place when a version
// changes the layout of its type. Each block is allocated with headroom (CAPACITY_FACTOR × the type's size, at
// least MIN_CAPACITY bytes), so the pointer the host holds stays valid when the type grows; a type that outgrows
// its block is carried by a restart with a snapshot instead.
import koffi from 'koffi';
import { migrate, type RemovedMemo } from '../migrate/engine.js';
import { defaultBytes, type LayoutFile } from '../migrate/layout-file.js';
import { formatReport } from '../migrate/report.js';
import { reachableSchema, type StateSchema } from '../migrate/schema.js';
import type { StateSnapshotFile } from './snapshot-file.js';

export type Pointer = bigint;

const CAPACITY_FACTOR = 4;
const MIN_CAPACITY = 256;

interface Block {
  /** The lib type it holds (by Rust name), or undefined for anything else (a koffi primitive). */
  type: string | undefined;
  capacity: number;
}

/** An allocation's bytes and the layout they were taken under (contract §6, `lib.snapshot`). */
export interface StateSnapshot {
  readonly type: string;
  readonly schema: StateSchema;
  readonly bytes: Uint8Array;
}

export class StateMemory {
  readonly #blocks = new Map<Pointer, Block>();
  /** Removed values, kept for the session (contract §2). */
  readonly memo: RemovedMemo = new Map();

  alloc(type: string | undefined, size: number): Pointer {
    const capacity = type === undefined ? size : Math.max(size * CAPACITY_FACTOR, MIN_CAPACITY);
    const ptr = koffi.alloc('uint8_t', capacity) as Pointer;
    new Uint8Array(koffi.view(ptr, capacity)).fill(0);
    this.#blocks.set(ptr, { type, capacity });
    return ptr;
  }

  free(ptr: Pointer): void {
    if (this.#blocks.delete(ptr)) koffi.free(ptr);
  }

  freeAll(): void {
    for (const ptr of this.#blocks.keys()) koffi.free(ptr);
    this.#blocks.clear();
  }

  typeOf(ptr: Pointer): string | undefined {
    return this.#blocks.get(ptr)?.type;
  }

  /** Why the blocks cannot be migrated in place into `next`, or undefined when they can. */
  obstacle(next: LayoutFile): string | undefined {
    for (const block of this.#blocks.values()) {
      if (block.type === undefined) continue;
      const layout = next.schema.types[block.type];
      if (!layout || layout.kind !== 'struct') return `${block.type} is no longer a struct of the lib`;
      if (layout.size > block.capacity)
        return `${block.type} grew to ${layout.size} bytes, beyond the ${block.capacity} reserved`;
    }
    return undefined;
  }

  /** Migrates every block of a lib type from `old`'s layouts to `next`'s, in place. One report line per block. */
  migrateAll(old: LayoutFile, next: LayoutFile): string[] {
    const lines: string[] = [];
    for (const [ptr, block] of this.#blocks) {
      if (block.type === undefined) continue;
      const view = new Uint8Array(koffi.view(ptr, block.capacity));
      const size = old.schema.types[block.type]?.size ?? 0;
      lines.push(this.carry(view, { type: block.type, schema: old.schema, bytes: view.slice(0, size) }, next));
    }
    return lines;
  }

  /** Writes `snapshot` migrated to `next`'s layouts into `view`; the report line. */
  carry(view: Uint8Array, snapshot: StateSnapshot, next: LayoutFile, initial?: Uint8Array): string {
    const { bytes: defaults, fromDefault } = defaultBytes(next, snapshot.type);
    const result = migrate({
      root: snapshot.type,
      oldSchema: snapshot.schema,
      oldBytes: snapshot.bytes,
      newSchema: next.schema,
      // Without a Default, what the host initialised the block with is the best default there is.
      newDefault: !fromDefault && initial ? initial : defaults,
      newHasDefault: fromDefault,
      memo: this.memo,
    });
    view.set(result.bytes.subarray(0, Math.min(result.bytes.length, view.length)));
    return formatReport(result.report);
  }

  snapshot(ptr: Pointer, layout: LayoutFile): StateSnapshot {
    const block = this.#blocks.get(ptr);
    if (!block?.type) throw new Error('snapshot: not memory from lib.alloc of a lib type');
    const size = layout.schema.types[block.type]?.size ?? 0;
    return {
      type: block.type,
      schema: reachableSchema(layout.schema, block.type),
      bytes: new Uint8Array(koffi.view(ptr, size)).slice(),
    };
  }

  view(ptr: Pointer): Uint8Array {
    const block = this.#blocks.get(ptr);
    if (!block) throw new Error('not memory from lib.alloc');
    return new Uint8Array(koffi.view(ptr, block.capacity));
  }

  /** Everything a restart needs to carry (contract §4). */
  snapshotFile(version: number, layout: LayoutFile): StateSnapshotFile {
    const allocations = [...this.#blocks.entries()]
      .filter(([, block]) => block.type !== undefined)
      .map(([ptr]) => this.snapshot(ptr, layout));
    const types = Object.assign({}, ...allocations.map((a) => a.schema.types)) as StateSchema['types'];
    return {
      version,
      schema: { types },
      allocations: allocations.map(({ type, bytes }) => ({ type, bytes })),
      memo: this.memo,
    };
  }
}
