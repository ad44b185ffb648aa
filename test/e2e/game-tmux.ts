// A real terminal for the terminal host's tests: a tmux server of our own (its own socket, so nothing else's
// sessions are touched), a pane running one shell command, screen captures with colours, and the pane's tty
// settings read from outside.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

let sessions = 0;

export class TmuxPane {
  readonly socket = `chr-game-${process.pid}-${++sessions}`;

  /** Starts `command` (a shell command line) in a `cols` x `rows` pane, working directory `cwd`. */
  constructor(command: string, cwd: string, cols = 100, rows = 32) {
    this.#tmux(['new-session', '-d', '-s', 'test', '-x', String(cols), '-y', String(rows), '-c', cwd, command]);
  }

  /** The screen as text; with `colors`, with the SGR escapes tmux keeps for each cell. */
  capture(colors = false): string {
    return this.#tmux(['capture-pane', '-p', ...(colors ? ['-e'] : []), '-t', 'test']);
  }

  /** Everything the main screen showed, scrolled-off lines included, wrapped lines joined. */
  history(): string {
    return this.#tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', 'test']);
  }

  /** tmux key names (`Right`, `q`, `C-c`, `Space`) or literal text. */
  sendKeys(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', 'test', ...keys]);
  }

  /** `stty -a` of the pane's terminal, read from outside (whatever runs in the pane). */
  stty(): string {
    const tty = this.#tmux(['display-message', '-p', '-t', 'test', '#{pane_tty}']).trim();
    const result = spawnSync('stty', ['-a', '-F', tty], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  }

  /** Polls the screen until `test` accepts it; returns that screen. */
  async waitFor(
    what: string,
    test: (screen: string) => boolean,
    { colors = false, timeoutMs = 30_000 } = {},
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture(colors);
      if (test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${this.capture()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
  }

  #tmux(args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    assert.equal(result.status, 0, `tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }
}

/** Raw-mode flags (`-icanon`, `-echo`) versus a usable shell terminal. */
export function isCooked(stty: string): boolean {
  const flags = new Set(stty.split(/\s+/));
  return flags.has('icanon') && flags.has('echo') && flags.has('isig') && !flags.has('-icanon') && !flags.has('-echo');
}

/**
 * The cells (row, column) of a `tmux capture-pane -e` screen that show `rgb` as foreground or background: the
 * terminal host draws two pixels per cell (`▀`, top pixel in the foreground colour, bottom in the background).
 */
export function cellsWithColor(screen: string, [r, g, b]: [number, number, number]): { row: number; col: number }[] {
  const target = `${r};${g};${b}`;
  const cells: { row: number; col: number }[] = [];
  let fg: string | undefined;
  let bg: string | undefined;
  screen.split('\n').forEach((line, row) => {
    let col = 0;
    for (const match of line.matchAll(/\x1b\[([0-9;]*)m|([^\x1b])/gu)) {
      if (match[1] === undefined) {
        if (fg === target || bg === target) cells.push({ row, col });
        col++;
        continue;
      }
      const params = match[1].split(';');
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        if ((p === '38' || p === '48') && params[i + 1] === '2') {
          const color = params.slice(i + 2, i + 5).join(';');
          if (p === '38') fg = color;
          else bg = color;
          i += 4;
        } else if (p === '0' || p === '') {
          fg = bg = undefined;
        } else if (p === '39') {
          fg = undefined;
        } else if (p === '49') {
          bg = undefined;
        }
      }
    }
  });
  return cells;
}

export function leftmost(cells: { row: number; col: number }[]): number {
  return Math.min(...cells.map((c) => c.col));
}
