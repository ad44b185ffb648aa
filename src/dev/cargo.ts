// Running cargo: arguments as an array (never a shell), in its own process
// group so that stopping it also stops rustc, stdout parsed as JSON messages,
// stderr kept for the user (diagnostics only, progress chatter dropped).
import { spawn, type ChildProcess } from 'node:child_process';
import { parseCargoMessage, diagnosticsOnly, type CargoMessage } from './cargo-messages.js';
import { onLines } from './lines.js';
import { stopGroup } from './process-group.js';

export interface CargoRun {
  /** cargo's exit was 0 and it said `build-finished` with success. */
  success: boolean;
  messages: CargoMessage[];
  /** Errors and warnings as cargo rendered them (colored when our stderr is a terminal). */
  diagnostics: string;
  ms: number;
  /** Stopped by us (shutdown) rather than finished. */
  stopped: boolean;
}

export class Cargo {
  #child: ChildProcess | undefined;
  #stopping = false;
  /** One cargo at a time: two would only wait for each other on cargo's lock. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly cwd: string) {}

  /** `env`: variables to add for this run (the dev loop's own environment is passed on). */
  run(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CargoRun> {
    const next = this.#queue.then(() => this.#run(args, env));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #run(args: readonly string[], env: NodeJS.ProcessEnv | undefined): Promise<CargoRun> {
    const started = performance.now();
    if (this.#stopping) return Promise.resolve({ success: false, messages: [], diagnostics: '', ms: 0, stopped: true });
    const color = process.stderr.isTTY ? 'always' : 'never';
    const child = spawn('cargo', [...args, `--color=${color}`], {
      cwd: this.cwd,
      env: env ? { ...process.env, ...env } : undefined,
      detached: process.platform !== 'win32', // see host.ts
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const messages: CargoMessage[] = [];
    let stderr = '';
    onLines(child.stdout, (line) => {
      const message = parseCargoMessage(line);
      if (message) messages.push(message);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve) => {
      child.once('error', (error) => {
        this.#child = undefined;
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        resolve({
          success: false,
          messages,
          diagnostics: missing ? 'cargo not found: install Rust from https://rustup.rs' : String(error),
          ms: performance.now() - started,
          stopped: false,
        });
      });
      child.once('close', (code) => {
        this.#child = undefined;
        const finished = messages.find((m) => m.reason === 'build-finished');
        resolve({
          success: code === 0 && finished?.reason === 'build-finished' && finished.success,
          messages,
          diagnostics: diagnosticsOnly(stderr),
          ms: performance.now() - started,
          stopped: this.#stopping,
        });
      });
    });
  }

  /** Stops the running cargo (and its rustc) and refuses further runs. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#child) await stopGroup(this.#child);
  }
}
