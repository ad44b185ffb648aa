// Key events from the page to the game's Input. The page sends what it saw
// ({type: 'key', code, down}); this decides what counts, so a page (or a
// stale tab of an older version) can never put anything else into the game.

/** The shape of the lib's `Input` (host/lib.generated.ts), repeated here so that this file stands alone. */
export interface GameInput {
  left: boolean;
  right: boolean;
  up: boolean;
  down: boolean;
  restart: boolean;
}

type Held = Exclude<keyof GameInput, 'restart'>;

/** KeyboardEvent.code values the game uses (arrows and WASD: the same physical keys on every layout). */
export const KEY_CODES: Readonly<Record<string, keyof GameInput>> = {
  ArrowLeft: 'left',
  KeyA: 'left',
  ArrowRight: 'right',
  KeyD: 'right',
  ArrowUp: 'up',
  KeyW: 'up',
  ArrowDown: 'down',
  KeyS: 'down',
  KeyR: 'restart',
  Enter: 'restart',
};

const INPUT_BITS: readonly (keyof GameInput)[] = ['left', 'right', 'up', 'down', 'restart'];

/** One frame's input in one byte, for a loop's recording. */
export function packInput(input: GameInput): number {
  return INPUT_BITS.reduce((byte, key, bit) => (input[key] ? byte | (1 << bit) : byte), 0);
}

export function unpackInput(byte: number): GameInput {
  const bit = (key: keyof GameInput): boolean => (byte & (1 << INPUT_BITS.indexOf(key))) !== 0;
  return { left: bit('left'), right: bit('right'), up: bit('up'), down: bit('down'), restart: bit('restart') };
}

export class KeyState {
  /** Codes held down, so that releasing A while holding ArrowLeft keeps moving left. */
  readonly #held = new Set<string>();
  #restart = false;

  /** Applies one message from the page; returns false if it was not a key message we understand. */
  apply(message: unknown): boolean {
    if (typeof message !== 'object' || message === null) return false;
    const m = message as Record<string, unknown>;
    if (m.type === 'release-all') {
      this.clear();
      return true;
    }
    if (m.type !== 'key' || typeof m.code !== 'string' || typeof m.down !== 'boolean') return false;
    const action = KEY_CODES[m.code];
    if (!action) return false;
    if (action === 'restart') {
      if (m.down) this.#restart = true;
    } else if (m.down) {
      this.#held.add(m.code);
    } else {
      this.#held.delete(m.code);
    }
    return true;
  }

  /** The input for the next step. A restart press counts once. */
  take(): GameInput {
    const held = (direction: Held): boolean => [...this.#held].some((code) => KEY_CODES[code] === direction);
    const input = {
      left: held('left'),
      right: held('right'),
      up: held('up'),
      down: held('down'),
      restart: this.#restart,
    };
    this.#restart = false;
    return input;
  }

  clear(): void {
    this.#held.clear();
    this.#restart = false;
  }
}
