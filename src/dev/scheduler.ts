// When to build. A lone save builds after a short settle (one save fires
// several watch events). Saves during a build coalesce into one more build,
// and saves in quick succession wait until they pause: ten saves within a
// second give at most two builds, and the last build has the last save.

export interface SchedulerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  /** Delay after a lone save, to gather the watch events of that one save. */
  settleMs: number;
  /** A save within this long of the previous one waits until saves pause this long. */
  quietMs: number;
  /** However many saves keep coming, a build starts at most this long after the first unbuilt one. */
  maxWaitMs: number;
  /** Runs one build; `changedAt` is when the newest change it includes was seen. */
  build(changedAt: number): Promise<void>;
  timers?: SchedulerTimers;
}

const realTimers: SchedulerTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class BuildScheduler {
  readonly #o: SchedulerOptions;
  readonly #t: SchedulerTimers;
  #running = false;
  #timer: unknown;
  /** When the newest change was seen (0: none yet). */
  #lastChangeAt = 0;
  /** When the oldest change not yet in a build was seen (undefined: nothing pending). */
  #pendingSince: number | undefined;
  #stopped = false;
  /** The delay of the build now due. */
  #delay = 0;
  #idle: Promise<void> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#o = options;
    this.#t = options.timers ?? realTimers;
  }

  /** A source file changed. */
  notify(): void {
    if (this.#stopped) return;
    const now = this.#t.now();
    const gap = this.#lastChangeAt > 0 ? now - this.#lastChangeAt : Infinity;
    this.#lastChangeAt = now;
    this.#pendingSince ??= now;
    if (this.#running) return; // picked up when the running build ends
    // Within the settle delay: more events of the same save, keep the delay chosen for it. Later but within the
    // quiet delay: the user saves in quick succession, wait until they pause.
    const delay = gap < this.#o.settleMs ? this.#delay : gap < this.#o.quietMs ? this.#o.quietMs : this.#o.settleMs;
    this.#schedule(delay);
  }

  /** Builds now (the first build), unless one runs; changes meanwhile still coalesce. */
  buildNow(): Promise<void> {
    this.#lastChangeAt ||= this.#t.now();
    this.#pendingSince ??= this.#lastChangeAt;
    if (!this.#running) this.#start();
    return this.#idle;
  }

  /** Whether a build runs or is due. */
  get busy(): boolean {
    return this.#running || this.#pendingSince !== undefined;
  }

  /** A change arrived that no started build includes yet (e.g. a save during the running build). */
  get pending(): boolean {
    return this.#pendingSince !== undefined;
  }

  /** Resolves when no build runs. */
  get idle(): Promise<void> {
    return this.#idle;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#t.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayFromLastChange: number): void {
    this.#delay = delayFromLastChange;
    if (this.#timer !== undefined) this.#t.clearTimeout(this.#timer);
    const now = this.#t.now();
    const due = Math.min(this.#lastChangeAt + delayFromLastChange, (this.#pendingSince ?? now) + this.#o.maxWaitMs);
    this.#timer = this.#t.setTimeout(
      () => {
        this.#timer = undefined;
        this.#start();
      },
      Math.max(0, due - now),
    );
  }

  #start(): void {
    if (this.#stopped) return;
    this.#running = true;
    this.#pendingSince = undefined;
    const changedAt = this.#lastChangeAt;
    this.#idle = this.#o
      .build(changedAt)
      .catch(() => undefined) // the build reports its own failures
      .then(() => {
        this.#running = false;
        // Changes arrived during the build: one more build, once they pause.
        if (this.#pendingSince !== undefined && !this.#stopped) this.#schedule(this.#o.quietMs);
      });
  }
}
