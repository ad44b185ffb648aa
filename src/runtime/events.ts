// HotLib's events: one typed map, one emitter. A listener that throws does not stop the others.

export interface ReloadEvent {
  /** The version now running. */
  version: number;
  /** The version it replaced. */
  previous: number;
  /** Load + resolve + migrate + switch, in milliseconds (hooks not included). */
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

/** The state in memory from `alloc` was carried into a version whose layouts changed (or started fresh). */
export interface MigrateEvent {
  version: number;
  /** One line per allocation, e.g. `State migrated: +lives u32 = 3 (Default)`. */
  lines: string[];
  /** Milliseconds the migration of every allocation took. */
  ms: number;
}

/** Every event of a HotLib and what its listeners receive. */
export interface HotLibEvents {
  reload: ReloadEvent;
  firstCall: FirstCallEvent;
  /** A refused swap, a failed hook. */
  error: Error;
  buildError: BuildErrorEvent;
  buildOk: BuildOkEvent;
  migrate: MigrateEvent;
}

export type HotLibListener<E extends keyof HotLibEvents> = (event: HotLibEvents[E]) => void;

export class Emitter {
  readonly #listeners = new Map<keyof HotLibEvents, Set<(event: never) => void>>();

  on<E extends keyof HotLibEvents>(event: E, listener: HotLibListener<E>): void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
  }

  off<E extends keyof HotLibEvents>(event: E, listener: HotLibListener<E>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  emit<E extends keyof HotLibEvents>(event: E, value: HotLibEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as HotLibListener<E>)(value);
  }
}
