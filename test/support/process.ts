// Runs real processes for end-to-end tests: the built CLIs, cargo, npm, and
// long-running hosts that are read until a line appears, then stopped with
// their whole process group so nothing is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const createBin = fileURLToPath(new URL('../../dist/cli/create.js', import.meta.url));
export const hotReloadBin = fileURLToPath(new URL('../../dist/cli/hot-reload.js', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in arrival order. */
  output: string;
}

/** Runs to completion without a shell; stdin is closed unless `input` is given. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const result: RunResult = { code: null, signal: null, stdout: '', stderr: '', output: '' };
    child.stdout.on('data', (chunk: Buffer) => {
      result.stdout += chunk;
      result.output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      result.stderr += chunk;
      result.output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out; output so far:\n${result.output}`));
    }, options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      result.code = code;
      result.signal = signal;
      resolve(result);
    });
    // A process that exits without reading stdin makes the write fail with EPIPE: that is not an error here.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export function runCreate(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }) {
  return run(process.execPath, [createBin, ...args], options);
}

/** A process that keeps running: its output so far, a way to wait for text, and a group kill. */
export class LiveProcess {
  readonly child: ChildProcess;
  output = '';
  private waiters: Array<() => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    command: string,
    args: readonly string[],
    options: { cwd: string; env?: NodeJS.ProcessEnv; pty?: boolean },
  ) {
    // detached: its own process group, so a test can signal the group and then prove it is empty.
    const [cmd, argv] = options.pty ? ptyCommand(command, args) : [command, [...args]];
    this.child = spawn(cmd, argv, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the match once `pattern` appears in the output after `fromIndex`. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000, fromIndex = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.slice(fromIndex).match(pattern);
      if (match) return match;
      const left = deadline - Date.now();
      if (left <= 0 || this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`did not see ${pattern} within ${timeoutMs} ms; output:\n${this.output}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Sends `signal` to the whole process group. */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      // Already gone.
    }
  }

  /** Stops the group (SIGTERM, then SIGKILL) and waits for the leader to exit. */
  async stop(): Promise<void> {
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    this.signalGroup('SIGKILL');
  }
}

/** Processes (other than zombies) in process group `pgid` or with their working directory inside `dir`. */
export function processesLeft(pgid: number, dir: string): string[] {
  const left: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may contain spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0];
      const group = Number(fields[2]);
      if (state === 'Z') continue;
      let cwd = '';
      try {
        cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // not ours to read
      }
      if (group === pgid || cwd === dir || cwd.startsWith(`${dir}/`)) {
        left.push(`${entry} ${fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
      }
    } catch {
      // exited while we looked
    }
  }
  return left;
}

/** Runs a command under a pseudo-terminal (util-linux `script`), so stdin.isTTY is true in it. */
function ptyCommand(command: string, args: readonly string[]): [string, string[]] {
  const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return ['script', ['-qfec', quoted, '/dev/null']];
}
