// `hot-reload dev` as a child process for the end-to-end tests: spawned in
// its own process group (as a terminal would run it), every output line
// recorded, and helpers to wait for lines and to check what is left running.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/own-package.js';

export const CLI = path.join(packageRoot, 'dist', 'cli', 'hot-reload.js');

export interface Line {
  text: string;
  at: number;
}

export class DevProcess {
  readonly child: ChildProcess;
  readonly lines: Line[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: (() => void)[] = [];

  /** `hot-reload <args>`, or with `command` another program (a host run by itself), with `env` added. */
  constructor(root: string, args: string[], options: { command?: string; env?: Record<string, string> } = {}) {
    const env = { ...process.env, ...options.env };
    delete env.CARGO_TARGET_DIR; // the project's own target/, inside the temp dir
    delete env.HOT_RELOAD_DEV;
    const [command, argv] = options.command ? [options.command, args] : [process.execPath, [CLI, ...args]];
    this.child = spawn(command, argv, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        rest += chunk;
        const parts = rest.split('\n');
        rest = parts.pop() ?? '';
        for (const text of parts) this.lines.push({ text, at: Date.now() });
        for (const wake of this.#waiters.splice(0)) wake();
      });
    }
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Index to pass as `from` so that a wait only looks at lines printed after now. */
  get mark(): number {
    return this.lines.length;
  }

  /** Waits for a line matching `pattern` at index >= `from`; returns its index and match. */
  async waitFor(
    pattern: RegExp,
    { from = 0, timeoutMs = 30_000 } = {},
  ): Promise<{ index: number; match: RegExpExecArray }> {
    const deadline = Date.now() + timeoutMs;
    let scanned = from;
    for (;;) {
      for (; scanned < this.lines.length; scanned++) {
        const match = pattern.exec(this.lines[scanned]!.text);
        if (match) return { index: scanned, match };
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`dev exited before printing ${pattern}:\n${this.tail()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Lines from `from` on matching `pattern`. */
  grep(pattern: RegExp, from = 0): string[] {
    return this.lines
      .slice(from)
      .map((l) => l.text)
      .filter((t) => pattern.test(t));
  }

  tail(n = 60): string {
    return this.lines
      .slice(-n)
      .map((l) => l.text)
      .join('\n');
  }

  /** Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group. */
  interrupt(): void {
    process.kill(-this.pid, 'SIGINT');
  }

  /** Last resort for a failed test: nothing may outlive it. */
  kill(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
