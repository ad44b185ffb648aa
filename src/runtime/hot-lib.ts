// HotLib: what a TypeScript host holds. Stable functions in `api` (see
// stable-api.ts), state allocated outside the library (so it survives every
// swap), events and hooks around swaps. Loading and watching live in load.ts
// and follow.ts; this class only knows how to switch from one loaded version
// to the next.
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { createStableApi, type StableApi } from './stable-api.js';

/** One loaded copy of the library, with its functions already resolved. */
export interface LoadedVersion<Api> {
  /** The published version number (0 outside `hot-reload dev`). */
  readonly version: number;
  readonly api: Api;
  /** Unloads the library (dlclose) and deletes any private copy. */
  unload(): void;
}

export interface ReloadEvent {
  /** The version now running. */
  version: number;
  /** The version it replaced. */
  previous: number;
  /** Load + resolve + switch, in milliseconds (hooks not included). */
  swapMs: number;
}

export interface FirstCallEvent {
  /** The version the call went to. */
  version: number;
  /** The function called. */
  name: string;
  /** Milliseconds from the end of the swap to this call. */
  afterSwapMs: number;
}

/** A build of the lib failed (`hot-reload dev` only); the running version keeps running. */
export interface BuildErrorEvent {
  /** The compiler's diagnostics, plain text. */
  message: string;
  /** The version that keeps running. */
  version: number;
}

/** The build after a failed one compiled again. */
export interface BuildOkEvent {
  version: number;
}

export interface SwapInfo {
  from: number;
  to: number;
}

export type SwapHook = (info: SwapInfo) => void | Promise<void>;

/** A koffi type for a struct; `T` (optional, phantom) is its TypeScript shape, so `alloc` can check `init`. */
export type StructType<T = unknown> = TypeObject & { readonly __shape?: T };

/** A native pointer, as koffi 3 represents it. */
export type Pointer = bigint;

interface Listeners {
  reload: Set<(event: ReloadEvent) => void>;
  firstCall: Set<(event: FirstCallEvent) => void>;
  error: Set<(error: Error) => void>;
  buildError: Set<(event: BuildErrorEvent) => void>;
  buildOk: Set<(event: BuildOkEvent) => void>;
}

type Listener =
  | ((event: ReloadEvent) => void)
  | ((event: FirstCallEvent) => void)
  | ((error: Error) => void)
  | ((event: BuildErrorEvent) => void)
  | ((event: BuildOkEvent) => void);

export class HotLib<Api extends object> {
  /** Call the library through these: they always reach the current version, and may be kept or destructured. */
  readonly api: Api;
  readonly #stable: StableApi<Api>;
  #current: LoadedVersion<Api>;
  readonly #listeners: Listeners = { reload: new Set(), firstCall: new Set(), error: new Set(), buildError: new Set(), buildOk: new Set() };
  #buildError: string | undefined;
  readonly #beforeSwap = new Set<SwapHook>();
  readonly #afterSwap = new Set<SwapHook>();
  readonly #allocations = new Set<Pointer>();
  /** Swaps run one after the other, even when a hook is async. */
  #queue: Promise<unknown> = Promise.resolve();
  #onClose: (() => void) | undefined;
  #closed = false;

  constructor(initial: LoadedVersion<Api>) {
    this.#current = initial;
    this.#stable = createStableApi(initial.api);
    this.api = this.#stable.api;
  }

  /** The version the calls go to now. */
  get version(): number {
    return this.#current.version;
  }

  /**
   * `reload`: after each swap. `firstCall`: the first call into a version after its swap. `error`: a refused swap.
   * `buildError` / `buildOk` (under `hot-reload dev`): a build of the lib failed / compiled again after failing.
   */
  on(event: 'reload', listener: (event: ReloadEvent) => void): this;
  on(event: 'firstCall', listener: (event: FirstCallEvent) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'buildError', listener: (event: BuildErrorEvent) => void): this;
  on(event: 'buildOk', listener: (event: BuildOkEvent) => void): this;
  on(event: keyof Listeners, listener: Listener): this {
    (this.#listeners[event] as Set<Listener>).add(listener);
    return this;
  }

  off(event: 'reload', listener: (event: ReloadEvent) => void): this;
  off(event: 'firstCall', listener: (event: FirstCallEvent) => void): this;
  off(event: 'error', listener: (error: Error) => void): this;
  off(event: 'buildError', listener: (event: BuildErrorEvent) => void): this;
  off(event: 'buildOk', listener: (event: BuildOkEvent) => void): this;
  off(event: keyof Listeners, listener: Listener): this {
    (this.#listeners[event] as Set<Listener>).delete(listener);
    return this;
  }

  /** The diagnostics of the latest build while it failed (`hot-reload dev` only); undefined once one compiles. */
  get buildError(): string | undefined {
    return this.#buildError;
  }

  /**
   * @internal The dev-mode follower calls this with each `.hot/status.json` it reads; listeners hear of changes
   * only (a new failure, another message, or the first success after a failure).
   */
  setBuildStatus(status: { ok: boolean; message?: string; version: number }): void {
    if (status.ok) {
      if (this.#buildError === undefined) return;
      this.#buildError = undefined;
      for (const listener of this.#listeners.buildOk) listener({ version: status.version });
      return;
    }
    const message = status.message ?? '';
    if (message === this.#buildError) return;
    this.#buildError = message;
    for (const listener of this.#listeners.buildError) listener({ message, version: status.version });
  }

  /** Runs before the calls switch to a new version (the new one is loaded and resolved by then). Returns an unsubscribe function. */
  beforeSwap(hook: SwapHook): () => void {
    this.#beforeSwap.add(hook);
    return () => this.#beforeSwap.delete(hook);
  }

  /** Runs after the calls switched to a new version. Returns an unsubscribe function. */
  afterSwap(hook: SwapHook): () => void {
    this.#afterSwap.add(hook);
    return () => this.#afterSwap.delete(hook);
  }

  /**
   * Allocates one `Type` outside the library (koffi's heap, not the lib's), so it survives every swap, and
   * writes `init` into it. Pass the pointer where the library takes `&mut Type` / `*mut Type`.
   */
  alloc<T>(type: StructType<T> | string, init?: T): Pointer {
    const ptr = koffi.alloc(type, 1) as Pointer;
    if (init !== undefined) koffi.encode(ptr, type, init);
    this.#allocations.add(ptr);
    return ptr;
  }

  /** Decodes the value `ptr` points at. */
  read<T>(ptr: Pointer, type: StructType<T> | string): T {
    return koffi.decode(ptr, type) as T;
  }

  /** Overwrites the value `ptr` points at. */
  write<T>(ptr: Pointer, type: StructType<T> | string, value: T): void {
    koffi.encode(ptr, type, value);
  }

  /** Frees memory from `alloc`. Freed automatically by `close()` otherwise. */
  free(ptr: Pointer): void {
    if (this.#allocations.delete(ptr)) koffi.free(ptr);
  }

  /**
   * Switches to the version `load` returns. `load` runs first: if it throws (missing symbol, bad file), the old
   * version keeps running and an `error` event is emitted. Resolves to the reload event, or to the error.
   * @internal The dev-mode follower calls this; hosts never need to.
   */
  swapTo(version: number, load: () => LoadedVersion<Api>): Promise<ReloadEvent | Error> {
    const run = async (): Promise<ReloadEvent | Error> => {
      if (this.#closed) return new Error('closed');
      const from = this.#current.version;
      const started = performance.now();
      let next: LoadedVersion<Api>;
      try {
        next = load();
      } catch (error) {
        return this.emitError(asError(error, `v${version} not loaded`));
      }
      const loadMs = performance.now() - started;
      try {
        for (const hook of this.#beforeSwap) await hook({ from, to: version });
      } catch (error) {
        next.unload();
        return this.emitError(asError(error, `beforeSwap hook failed; kept v${from}`));
      }
      const switchStarted = performance.now();
      let swappedAt = 0;
      this.#stable.retarget(next.api, (name) => {
        const event: FirstCallEvent = { version, name, afterSwapMs: performance.now() - swappedAt };
        for (const listener of this.#listeners.firstCall) listener(event);
      });
      swappedAt = performance.now();
      const old = this.#current;
      this.#current = next;
      // Nothing can reach the old version now: the wrappers point at the new one, and a swap never runs while a
      // native call is on the stack (it starts from a file-watch callback). So it is unloaded right away and
      // memory stays bounded however long the session runs.
      old.unload();
      const swapMs = loadMs + (performance.now() - switchStarted);
      for (const hook of this.#afterSwap) {
        try {
          await hook({ from, to: version });
        } catch (error) {
          this.emitError(asError(error, 'afterSwap hook failed'));
        }
      }
      const event: ReloadEvent = { version, previous: from, swapMs };
      for (const listener of this.#listeners.reload) listener(event);
      return event;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result;
    return result;
  }

  /** @internal */
  emitError(error: Error): Error {
    for (const listener of this.#listeners.error) listener(error);
    return error;
  }

  /** @internal Called once by close(). */
  setOnClose(onClose: () => void): void {
    this.#onClose = onClose;
  }

  /** Stops following new versions, frees what `alloc` gave and unloads the library. The api must not be called after. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose?.();
    for (const ptr of this.#allocations) koffi.free(ptr);
    this.#allocations.clear();
    this.#current.unload();
  }
}

function asError(error: unknown, context: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${context}: ${message}`, { cause: error });
}
