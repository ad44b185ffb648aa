// The host process under supervision: started in its own process group with
// HOT_RELOAD_DEV=1 and HOT_RELOAD_ROOT (and, for a replacement host,
// HOT_RELOAD_RESTART=<why>), stdout passed straight through,
// stderr read line by line: the runtime's `[hot-reload] ...` lines are
// protocol (parsed, not echoed), everything else is echoed and the last lines
// kept for the crash report.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ProjectInfo } from '../project.js';
import { cargoTargetDir } from '../runtime/load.js';
import { parseHostLine, type HostLine } from '../runtime/swap-line.js';
import { isPanicStart, type ExitInfo } from './crash-report.js';
import { onLines } from './lines.js';
import { stopGroup } from './process-group.js';

export type HostKind = 'ts' | 'rust';

export interface HostCommand {
  command: string;
  args: string[];
  /** How the status lines name it, e.g. `node host/main.ts`. */
  label: string;
}

/** The tsx loader this package depends on, as a URL: works whichever package manager installed us. */
export function tsxLoaderUrl(): string {
  return import.meta.resolve('tsx');
}

/** `hostArgs` (from `hot-reload dev -- <args>`, e.g. the game's `--port 8080`) go to the host as they are. */
export function hostCommand(
  kind: HostKind,
  project: ProjectInfo,
  env: NodeJS.ProcessEnv = process.env,
  hostArgs: readonly string[] = [],
): HostCommand {
  const shown = hostArgs.length > 0 ? ` ${hostArgs.join(' ')}` : '';
  if (kind === 'ts') {
    return {
      command: process.execPath,
      args: ['--import', tsxLoaderUrl(), path.join('host', 'main.ts'), ...hostArgs],
      label: `node host/main.ts${shown}`,
    };
  }
  const exe = process.platform === 'win32' ? `${project.binPackage}.exe` : project.binPackage;
  const file = path.join(cargoTargetDir(project.root, env), 'debug', exe);
  return { command: file, args: [...hostArgs], label: `${path.relative(project.root, file)}${shown}` };
}

export interface HostExit extends ExitInfo {
  /** The version it ran when it ended. */
  version: number;
  /** The version it was started on (differs from `version` when it swapped before it ended). */
  startedOn: number;
  uptimeMs: number;
  /** Its last stderr lines (protocol lines excluded). */
  stderrTail: string[];
  /** We stopped it (restart or shutdown). */
  expected: boolean;
}

export interface HostCallbacks {
  onHostLine(line: HostLine, host: RunningHost): void;
  onExit(exit: HostExit, host: RunningHost): void;
}

/** The host's environment: ours, plus the protocol's variables (HOT_RELOAD_RESTART only for a replacement). */
export function hostEnv(
  root: string,
  restartReason: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, HOT_RELOAD_DEV: '1', HOT_RELOAD_ROOT: root };
  delete result.HOT_RELOAD_RESTART; // one inherited from a dev run inside a host would lie
  if (restartReason !== undefined) result.HOT_RELOAD_RESTART = restartReason;
  return result;
}

const TAIL_LINES = 40;
/** Lines kept from each panic (its header and message), apart from the tail: backtraces push them out of it. */
const PANIC_LINES = 6;
const PANIC_KEEP = 4 * PANIC_LINES;

export class RunningHost {
  readonly #child: ChildProcess;
  readonly #startedAt = performance.now();
  #stopping = false;
  #tail: string[] = [];
  #panics: string[] = [];
  #inPanic = 0;
  /** The version it runs: the one it started on, then every version it swapped to. */
  version: number;
  /** The version it was started on. */
  readonly startedOn: number;

  constructor(
    command: HostCommand,
    root: string,
    version: number,
    callbacks: HostCallbacks,
    /** Why it replaces an earlier host (its HOT_RELOAD_RESTART); undefined for the first start. */
    restartReason?: string,
  ) {
    this.version = version;
    this.startedOn = version;
    this.#child = spawn(command.command, command.args, {
      cwd: root,
      // Its own process group, so that stopping it stops whatever it started too. (On Windows `detached` means
      // a new console window instead, and there are no groups to signal.)
      detached: process.platform !== 'win32',
      stdio: ['inherit', 'inherit', 'pipe'],
      env: hostEnv(root, restartReason),
    });
    onLines(this.#child.stderr!, (line) => {
      const parsed = parseHostLine(line);
      if (parsed) {
        if (parsed.kind === 'loaded' || parsed.kind === 'swapped') this.version = parsed.version;
        callbacks.onHostLine(parsed, this);
        return;
      }
      process.stderr.write(`${line}\n`);
      this.#tail.push(line);
      if (this.#tail.length > TAIL_LINES) this.#tail.shift();
      if (isPanicStart(line)) this.#inPanic = PANIC_LINES;
      if (this.#inPanic > 0) {
        this.#inPanic--;
        this.#panics.push(line);
        if (this.#panics.length > PANIC_KEEP) this.#panics.shift();
      }
    });
    let reported = false;
    const report = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (reported) return;
      reported = true;
      callbacks.onExit(
        {
          code,
          signal,
          version: this.version,
          startedOn: this.startedOn,
          uptimeMs: performance.now() - this.#startedAt,
          // Panic lines first (the first real panic is the cause), then the end of the output.
          stderrTail: [...this.#panics, '', ...this.#tail],
          expected: this.#stopping,
        },
        this,
      );
    };
    this.#child.once('error', (error) => {
      process.stderr.write(`${error.message}\n`);
      report(127, null);
    });
    // 'close' (not 'exit'): by then its stderr is fully read, panic message included.
    this.#child.once('close', (code, signal) => report(code, signal));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Stops the host and everything in its process group. */
  stop(): Promise<void> {
    this.#stopping = true;
    return stopGroup(this.#child);
  }
}
