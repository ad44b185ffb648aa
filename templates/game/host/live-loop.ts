// Looped live editing: `L` records a stretch of play, `L` again replays it over
// and over (the state put back to the snapshot taken when the recording started,
// the recorded inputs fed frame by frame), `Esc` plays on from where the replay
// is. The game's update takes only the state and the input, so a pass with
// unchanged code plays out exactly like the last; save a change and the next
// pass shows it. A new version comes in only between two passes.

/** 60 s at 60 Hz. A recording that reaches it closes into a loop by itself. */
export const MAX_LOOP_FRAMES = 60 * 60;

export type LoopPhase = 'off' | 'recording' | 'looping';

export class LiveLoop<Snapshot> {
  #phase: LoopPhase = 'off';
  #start: Snapshot | undefined;
  /** One byte of packed input per frame. */
  #inputs = new Uint8Array(MAX_LOOP_FRAMES);
  #length = 0;
  #position = 0;
  /** Completed passes since the loop closed. */
  passes = 0;

  get phase(): LoopPhase {
    return this.#phase;
  }
  /** Frames recorded. */
  get length(): number {
    return this.#length;
  }
  /** The next frame of the pass (0 at a pass's start). */
  get position(): number {
    return this.#position;
  }

  /** `L`: off → recording from `snapshot()`; recording → looping; looping → a new recording from here. */
  toggle(snapshot: () => Snapshot): void {
    if (this.#phase === 'recording' && this.#length > 0) {
      this.#close();
    } else {
      this.#phase = 'recording';
      this.#start = snapshot();
      this.#length = 0;
      this.#position = 0;
      this.passes = 0;
    }
  }

  /** `Esc`: the game plays on from the state it has now. */
  leave(): void {
    this.#phase = 'off';
    this.#start = undefined;
    this.#length = 0;
    this.#position = 0;
  }

  /** True between two passes, and whenever no loop runs: when a new version may come in. */
  get atPassStart(): boolean {
    return this.#phase !== 'looping' || this.#position === 0;
  }

  /**
   * The packed input for this frame. Recording: `live`, kept. Looping: the recorded one; at a pass's first
   * frame `restore` puts the state back to the recording's start first.
   */
  next(live: number, restore: (snapshot: Snapshot) => void): number {
    if (this.#phase === 'recording') {
      this.#inputs[this.#length++] = live;
      if (this.#length === MAX_LOOP_FRAMES) this.#close();
      return live;
    }
    if (this.#phase !== 'looping') return live;
    if (this.#position === 0) restore(this.#start!);
    const input = this.#inputs[this.#position++]!;
    if (this.#position === this.#length) {
      this.#position = 0;
      this.passes++;
    }
    return input;
  }

  #close(): void {
    this.#phase = 'looping';
    this.#position = 0;
    this.passes = 0;
  }
}
