// What runs a HotLib: the loaded version, the stable api, the state memory, events, and the one way from one
// version to the next (swap, with an in-process migration when the layouts changed). The dev-mode follower and
// loadLib drive it; hosts only see the HotLib facade over it.
import koffi, { type TypeObject } from 'koffi';
import { defaultBytes, type LayoutFile } from '../migrate/layout-file.js';
import { Emitter, type FirstCallEvent, type MigrateEvent, type ReloadEvent } from './events.js';
import { createStableApi, type StableApi } from './stable-api.js';
import { StateMemory, type Pointer, type StateSnapshot } from './state-memory.js';
import type { StateSnapshotFile } from './snapshot-file.js';
import type { LibBindings } from './types.js';

/** One loaded copy of the library, with its functions already resolved. */
export interface LoadedVersion<Api> {
  /** The published version number (0 outside `hot-reload dev`). */
  readonly version: number;
  readonly api: Api;
  /** Unloads the library (dlclose) and deletes any private copy. */
  unload(): void;
}

/** A version ready to switch to: loaded, and for a layout change its layouts and koffi types. */
export interface Candidate<Api extends object> {
  loaded: LoadedVersion<Api>;
  abi: string;
  layout?: LayoutFile;
  /** The new version's own bindings (from its spec), when they differ from the host's. */
  bindings?: LibBindings<Api> & { readonly types: Readonly<Record<string, TypeObject>> };
}

export interface SwapInfo {
  from: number;
  to: number;
}

export type SwapHook = (info: SwapInfo) => void | Promise<void>;

export class LibController<Api extends object> {
  readonly events = new Emitter();
  readonly memory = new StateMemory();
  readonly stable: StableApi<Api>;
  readonly beforeSwap = new Set<SwapHook>();
  readonly afterSwap = new Set<SwapHook>();
  readonly onClose = new Set<() => void>();
  /** Runs right before allocations are migrated in place (the follower writes the rollback snapshot). */
  beforeMigrate: (() => void) | undefined;
  buildError: string | undefined;
  #current: LoadedVersion<Api>;
  #abi: string;
  #layout: LayoutFile | undefined;
  /** The host's own koffi types by identity → their Rust name; lookups go to the current version's types. */
  readonly #hostTypes = new Map<TypeObject, string>();
  #types: Readonly<Record<string, TypeObject>>;
  #restoring: StateSnapshotFile | undefined;
  /** Swaps run one after the other, even when a hook is async. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** The bindings the current version was loaded with: the host's, until a migration brings the new version's. */
  #bindings: LibBindings<Api>;

  constructor(
    initial: LoadedVersion<Api>,
    readonly hostBindings: LibBindings<Api>,
    layout?: LayoutFile,
  ) {
    this.#current = initial;
    this.#bindings = hostBindings;
    this.stable = createStableApi(initial.api);
    this.#abi = hostBindings.abi;
    this.#layout = layout;
    this.#types = hostBindings.types ?? {};
    for (const [name, type] of Object.entries(this.#types)) this.#hostTypes.set(type, name);
  }

  get version(): number {
    return this.#current.version;
  }

  get abi(): string {
    return this.#abi;
  }

  get bindings(): LibBindings<Api> {
    return this.#bindings;
  }

  get layout(): LayoutFile | undefined {
    return this.#layout;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The koffi type to use now for a type the host imported at start (a string or unknown type is itself). */
  resolve<T extends TypeObject | string>(type: T): { name: string | undefined; type: TypeObject | string } {
    const name = typeof type === 'string' ? undefined : this.#hostTypes.get(type);
    return { name, type: (name && this.#types[name]) || type };
  }

  /** The next allocations of these types take their state from `snapshot` (a restart restoring its state). */
  restoreFrom(snapshot: StateSnapshotFile): void {
    this.#restoring = snapshot;
  }

  /** After `alloc` initialised a block: the report line when a snapshot entry was carried into it. */
  restoreInto(ptr: Pointer, name: string | undefined, initial: Uint8Array): string | undefined {
    const pending = this.#restoring;
    if (!pending || !name) return undefined;
    const at = pending.allocations.findIndex((a) => a.type === name);
    if (at < 0) return undefined;
    const [entry] = pending.allocations.splice(at, 1);
    for (const [key, kept] of pending.memo) this.memory.memo.set(key, kept);
    pending.memo.clear();
    if (!this.#layout) return undefined;
    return this.memory.carry(this.memory.view(ptr), { ...entry!, schema: pending.schema }, this.#layout, initial);
  }

  snapshot(ptr: Pointer): StateSnapshot {
    if (!this.#layout)
      throw new Error('snapshot: the layouts of this version are unknown (only under `hot-reload dev`)');
    return this.memory.snapshot(ptr, this.#layout);
  }

  restore(ptr: Pointer, snapshot: StateSnapshot): string {
    if (!this.#layout)
      throw new Error('restore: the layouts of this version are unknown (only under `hot-reload dev`)');
    return this.memory.carry(
      this.memory.view(ptr),
      snapshot,
      this.#layout,
      defaultBytes(this.#layout, snapshot.type).bytes,
    );
  }

  /**
   * Switches to the version `load` returns; when its ABI differs, every allocation is migrated in place first.
   * `load` runs first: if it throws, the old version keeps running and an `error` event is emitted.
   */
  swap(version: number, load: () => Candidate<Api>): Promise<ReloadEvent | Error> {
    const run = async (): Promise<ReloadEvent | Error> => {
      if (this.#closed) return new Error('closed');
      const from = this.#current.version;
      const started = performance.now();
      let next: Candidate<Api>;
      try {
        next = load();
      } catch (error) {
        return this.emitError(asError(error, `v${version} not loaded`));
      }
      const loadMs = performance.now() - started;
      try {
        for (const hook of this.beforeSwap) await hook({ from, to: version });
      } catch (error) {
        next.loaded.unload();
        return this.emitError(asError(error, `beforeSwap hook failed; kept v${from}`));
      }
      const switchStarted = performance.now();
      let migrated: MigrateEvent | undefined;
      if (next.abi !== this.#abi && next.layout && this.#layout) {
        this.beforeMigrate?.();
        const lines = this.memory.migrateAll(this.#layout, next.layout);
        migrated = { version, lines, ms: performance.now() - switchStarted };
      }
      let swappedAt = 0;
      this.stable.retarget(next.loaded.api, (name) => {
        const event: FirstCallEvent = { version, name, afterSwapMs: performance.now() - swappedAt };
        this.events.emit('firstCall', event);
      });
      swappedAt = performance.now();
      const old = this.#current;
      this.#current = next.loaded;
      this.#abi = next.abi;
      if (next.layout) this.#layout = next.layout;
      if (next.bindings) {
        this.#bindings = next.bindings;
        this.#types = next.bindings.types;
      }
      // Nothing can reach the old version now: the wrappers point at the new one, and a swap never runs while a
      // native call is on the stack (it starts from a file-watch callback). So it is unloaded right away and
      // memory stays bounded however long the session runs.
      old.unload();
      const swapMs = loadMs + (performance.now() - switchStarted);
      for (const hook of this.afterSwap) {
        try {
          await hook({ from, to: version });
        } catch (error) {
          this.emitError(asError(error, 'afterSwap hook failed'));
        }
      }
      if (migrated) this.events.emit('migrate', migrated);
      const event: ReloadEvent = { version, previous: from, swapMs };
      this.events.emit('reload', event);
      return event;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result;
    return result;
  }

  /** Listeners hear of changes only: a new failure, another message, or the first success after a failure. */
  setBuildStatus(status: { ok: boolean; message?: string; version: number }): void {
    if (status.ok) {
      if (this.buildError === undefined) return;
      this.buildError = undefined;
      this.events.emit('buildOk', { version: status.version });
      return;
    }
    const message = status.message ?? '';
    if (message === this.buildError) return;
    this.buildError = message;
    this.events.emit('buildError', { message, version: status.version });
  }

  emitError(error: Error): Error {
    this.events.emit('error', error);
    return error;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const callback of this.onClose) callback();
    this.memory.freeAll();
    this.#current.unload();
  }
}

/** The bytes a block holds right after `alloc` wrote the host's initial value. */
export function blockBytes(ptr: Pointer, size: number): Uint8Array {
  return new Uint8Array(koffi.view(ptr, size)).slice();
}

function asError(error: unknown, context: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${context}: ${message}`, { cause: error });
}
