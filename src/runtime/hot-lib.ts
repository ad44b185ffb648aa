// HotLib: what a TypeScript host holds. Stable functions in `api` (see stable-api.ts), state allocated outside
// the library (so it survives every swap, and is migrated in place when its layout changes), events and hooks
// around swaps. Loading, following and migrating are the controller's (controller.ts), which hosts never see.
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { blockBytes, type LibController, type SwapHook } from './controller.js';
import type { HotLibEvents, HotLibListener } from './events.js';
import type { Pointer, StateSnapshot } from './state-memory.js';

export type { Pointer } from './state-memory.js';

/** A koffi type for a struct; `T` (optional, phantom) is its TypeScript shape, so `alloc` can check `init`. */
export type StructType<T = unknown> = TypeObject & { readonly __shape?: T };

export class HotLib<Api extends object> {
  /** Call the library through these: they always reach the current version, and may be kept or destructured. */
  readonly api: Api;
  readonly #controller: LibController<Api>;
  /** Where the runtime's one-line reports go (a restore at `alloc` prints one). */
  readonly #log: (line: string) => void;

  /** Hosts get a HotLib from `loadLib`. */
  constructor(controller: LibController<Api>, log: (line: string) => void = () => {}) {
    this.#controller = controller;
    this.#log = log;
    this.api = controller.stable.api;
  }

  /** The version the calls go to now. */
  get version(): number {
    return this.#controller.version;
  }

  /**
   * `reload`: after each swap. `firstCall`: the first call into a version after its swap. `error`: a refused swap.
   * `buildError` / `buildOk` (under `hot-reload dev`): a build of the lib failed / compiled again after failing.
   * `migrate`: the state from `alloc` was carried into a version whose layouts changed.
   */
  on<E extends keyof HotLibEvents>(event: E, listener: HotLibListener<E>): this {
    this.#controller.events.on(event, listener);
    return this;
  }

  off<E extends keyof HotLibEvents>(event: E, listener: HotLibListener<E>): this {
    this.#controller.events.off(event, listener);
    return this;
  }

  /** The diagnostics of the latest build while it failed (`hot-reload dev` only); undefined once one compiles. */
  get buildError(): string | undefined {
    return this.#controller.buildError;
  }

  /**
   * Runs before the calls switch to a new version (the new one is loaded and resolved by then).
   * Returns an unsubscribe function.
   */
  beforeSwap(hook: SwapHook): () => void {
    this.#controller.beforeSwap.add(hook);
    return () => this.#controller.beforeSwap.delete(hook);
  }

  /** Runs after the calls switched to a new version. Returns an unsubscribe function. */
  afterSwap(hook: SwapHook): () => void {
    this.#controller.afterSwap.add(hook);
    return () => this.#controller.afterSwap.delete(hook);
  }

  /**
   * Allocates one `Type` outside the library (not the lib's heap), so it survives every swap, and writes `init`
   * into it. Pass the pointer where the library takes `&mut Type` / `*mut Type`. Under `hot-reload dev` the
   * memory is migrated in place when a new version changes the type's layout, and a restarted host gets its
   * state back here from the snapshot the previous host wrote.
   */
  alloc<T>(type: StructType<T> | string, init?: T): Pointer {
    const { name, type: current } = this.#controller.resolve(type);
    const size = koffi.sizeof(current);
    const ptr = this.#controller.memory.alloc(name, size);
    if (init !== undefined) koffi.encode(ptr, current, init);
    const restored = this.#controller.restoreInto(ptr, name, blockBytes(ptr, size));
    if (restored) this.#log(`[hot-reload] migrated v${this.version}: ${restored}`);
    return ptr;
  }

  /** Decodes the value `ptr` points at, by the current version's layout of `type`. */
  read<T>(ptr: Pointer, type: StructType<T> | string): T {
    return koffi.decode(ptr, this.#controller.resolve(type).type) as T;
  }

  /** Overwrites the value `ptr` points at, by the current version's layout of `type`. */
  write<T>(ptr: Pointer, type: StructType<T> | string, value: T): void {
    koffi.encode(ptr, this.#controller.resolve(type).type, value);
  }

  /** Frees memory from `alloc`. Freed automatically by `close()` otherwise. */
  free(ptr: Pointer): void {
    this.#controller.memory.free(ptr);
  }

  /** The bytes of memory from `alloc` and the layout they have now (`hot-reload dev` only). */
  snapshot(ptr: Pointer): StateSnapshot {
    return this.#controller.snapshot(ptr);
  }

  /** Writes a snapshot back, migrated field by field if the layout changed since it was taken; the report line. */
  restore(ptr: Pointer, snapshot: StateSnapshot): string {
    return this.#controller.restore(ptr, snapshot);
  }

  /** Stops following new versions, frees what `alloc` gave and unloads the library. Call no api after. */
  close(): void {
    this.#controller.close();
  }
}
