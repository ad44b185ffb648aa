// `hot-reload dev`: the interpreter around the dev loop's transition function (loop-step.ts). It turns what
// the watchers, the build scheduler, cargo and the host processes report into events, feeds them to `step`,
// and performs the effects that come back. Every decision (what to build, publish, restart, print) is made in
// `step`; this file only does what it is told, with the existing Cargo, Publisher, RunningHost and
// BuildStatusWriter.
import fs from 'node:fs';
import path from 'node:path';
import { formatWarning, generateBindings, generatedRustPath, GENERATED_TS } from '../bindings/generate.js';
import type { LibModel } from '../bindings/model.js';
import { libraryFileName, type ProjectInfo } from '../project.js';
import { BuildStatusWriter } from './build-status.js';
import { Cargo } from './cargo.js';
import { appendHeldLine, clearHeldLines, removeHeldLines } from './held-lines.js';
import { hostCommand, RunningHost, type HostKind } from './host.js';
import { devLibBuilding, sourceAbi, type LibBuilding } from './lib-build.js';
import { initialState, type Effect, type LoopEvent, type LoopState, type TimerName } from './loop-state.js';
import { step } from './loop-step.js';
import { Publisher } from './publish.js';
import { BuildScheduler } from './scheduler.js';
import { defaultOutput, type DevLoopOptions, type DevOutput } from './loop-options.js';
import { trace } from './trace.js';
import { watchTree, type TreeWatcher } from './watch.js';

export class DevLoop {
  readonly #project: ProjectInfo;
  readonly #kind: HostKind;
  readonly #out: DevOutput;
  /** Extra arguments for the host (`hot-reload dev -- --port 8080`). */
  readonly #hostArgs: readonly string[];
  readonly #publisher: Publisher;
  /** `.hot/status.json`, for hosts that show compile errors (the game's page). */
  readonly #buildStatus: BuildStatusWriter;
  readonly #cargo: Cargo;
  readonly #scheduler: BuildScheduler;
  readonly #lib: LibBuilding;
  /** The bindings generated last: the build that follows is for them. */
  #generated: { abi: string; model: LibModel } | undefined;
  readonly #watchers: TreeWatcher[] = [];
  readonly #hosts = new Map<number, RunningHost>();
  readonly #timers = new Map<TimerName, NodeJS.Timeout>();
  #state: LoopState;
  /** Events that arrive while one is being handled wait their turn: one transition at a time. */
  readonly #inbox: LoopEvent[] = [];
  #dispatching = false;
  /** Resolves the scheduler's promise for the build in progress. */
  #buildDone: (() => void) | undefined;
  #shutdown: Promise<void> | undefined;
  #builds = 0;
  readonly #ended: Promise<number>;
  #end: (code: number) => void = () => {};

  constructor(project: ProjectInfo, kind: HostKind, options: DevLoopOptions = {}) {
    this.#hostArgs = options.hostArgs ?? [];
    this.#project = project;
    this.#kind = kind;
    this.#out = options.output ?? defaultOutput;
    this.#publisher = new Publisher(project.root, project.libCrate);
    this.#buildStatus = new BuildStatusWriter(project.root);
    this.#cargo = new Cargo(project.root);
    this.#lib = options.buildLib
      ? { build: options.buildLib, stop: async () => {} }
      : devLibBuilding(project, this.#cargo);
    this.#state = initialState({
      kind,
      hostLabel: this.#hostCommand().label,
      binPackage: project.binPackage,
      libraryFile: libraryFileName(project.libCrate),
      generatedFiles: [GENERATED_TS, generatedRustPath(project)],
    });
    this.#ended = new Promise((resolve) => (this.#end = resolve));
    this.#scheduler = new BuildScheduler({
      // One save fires all its watch events within 0.1 ms (rename and vim-style saves measured by bench/); a few ms
      // catch them all, and every ms here is save-to-reload latency. Longer bursts coalesce via quietMs.
      settleMs: 3,
      quietMs: 250,
      maxWaitMs: 2000,
      ...options.schedule,
      build: (changedAt) =>
        new Promise<void>((resolve) => {
          this.#buildDone = resolve;
          this.#dispatch({ type: 'build-requested', changedAt, at: performance.now() });
        }),
    });
  }

  /** Cleans `.hot/`, starts watching, runs the first build (which starts the host). */
  async start(): Promise<void> {
    this.#publisher.cleanAll();
    removeHeldLines(this.#project.root);
    this.#buildStatus.reset();
    const hostDir = this.#kind === 'ts' ? 'host' : path.relative(this.#project.root, this.#project.binSrcDir);
    this.#watchers.push(
      watchTree(this.#project.libSrcDir, () => {
        trace('change');
        this.#scheduler.notify();
        this.#dispatch({ type: 'lib-changed' });
      }),
    );
    try {
      this.#watchers.push(
        watchTree(path.join(this.#project.root, hostDir), (rel) => {
          const file = path.join(hostDir, rel ?? '');
          this.#dispatch({
            type: 'host-source-changed',
            file,
            exists: fs.existsSync(path.join(this.#project.root, file)),
          });
        }),
      );
    } catch {
      this.#out.status(`(${hostDir}/ not found: host sources are not watched)`);
    }
    const watched = path.relative(this.#project.root, this.#project.libSrcDir);
    this.#out.status(`watching ${watched} · host: ${this.#kind} (${this.#hostCommand().label}) · Ctrl-C to stop`);
    await this.#scheduler.buildNow();
  }

  /** Ctrl-C: stop cargo, the host and the watchers; leave only the current version in `.hot/`. */
  async stop(): Promise<void> {
    this.#dispatch({ type: 'stop' });
    await this.#shutdown;
  }

  /** Resolves with dev's exit code when the host ended dev (it exited 0: the user quit). */
  get ended(): Promise<number> {
    return this.#ended;
  }

  /** How many builds ran (for tests and the summary). */
  get builds(): number {
    return this.#builds;
  }

  #hostCommand(): ReturnType<typeof hostCommand> {
    return hostCommand(this.#kind, this.#project, process.env, this.#hostArgs);
  }

  #dispatch(event: LoopEvent): void {
    this.#inbox.push(event);
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let next = this.#inbox.shift(); next; next = this.#inbox.shift()) {
        const { state, effects } = step(this.#state, next);
        this.#state = state;
        for (const effect of effects) this.#perform(effect);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #perform(effect: Effect): void {
    const root = this.#project.root;
    switch (effect.type) {
      case 'say':
        return this.#out.status(effect.text);
      case 'diagnostics':
        return this.#out.diagnostics(effect.text);
      case 'hold':
        return appendHeldLine(root, effect.text);
      case 'clear-held-log':
        return clearHeldLines(root);
      case 'generate-bindings':
        return void this.#generate();
      case 'build-lib':
        return void this.#buildLib();
      case 'build-bin':
        return void this.#buildBin();
      case 'build-done': {
        const done = this.#buildDone;
        this.#buildDone = undefined;
        return done?.();
      }
      case 'publish': {
        const { abi, changedAt, buildMs, version } = effect.record;
        const layout = effect.layoutJson === undefined ? {} : { layoutJson: effect.layoutJson };
        this.#publisher.publish(effect.artifact, { abi, changedAt, buildMs, ...layout }, version);
        return;
      }
      case 'point': {
        const published = this.#publisher.get(effect.version);
        if (published) this.#publisher.point(published);
        return;
      }
      case 'request-restart':
        return this.#publisher.requestRestart();
      case 'prune':
        return this.#publisher.prune(effect.keep);
      case 'start-host':
        return this.#startHost(effect.host, effect.version, effect.restartReason);
      case 'stop-host':
        return void this.#hosts.get(effect.host)?.stop();
      case 'set-timer': {
        clearTimeout(this.#timers.get(effect.timer));
        const timer = effect.timer;
        this.#timers.set(
          timer,
          setTimeout(() => (this.#timers.delete(timer), this.#dispatch({ type: 'timer', timer })), effect.ms),
        );
        return;
      }
      case 'cancel-timer':
        clearTimeout(this.#timers.get(effect.timer));
        this.#timers.delete(effect.timer);
        return;
      case 'status-failed':
        return this.#buildStatus.failed(effect.message, effect.version);
      case 'status-ok':
        return this.#buildStatus.succeeded(effect.version);
      case 'shutdown':
        this.#shutdown ??= this.#shutDown(effect.keep);
        return;
      case 'end':
        return this.#end(effect.code);
    }
  }

  #generate(): void {
    this.#builds++;
    trace('build');
    try {
      const generated = generateBindings(this.#project.root);
      this.#generated = { abi: generated.abi, model: generated.model };
      const warnings = generated.model.warnings.map(formatWarning).join('\n');
      this.#dispatch({
        type: 'bindings-generated',
        bindings: { abi: generated.abi, model: generated.model },
        warnings,
      });
    } catch (error) {
      this.#dispatch({
        type: 'bindings-failed',
        message: `bindings: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  /** The lib's build: the one call site of the lib builder (rustc directly when it may, else cargo). */
  async #buildLib(): Promise<void> {
    trace('cargo-start');
    const { abi, model } = this.#generated!; // a build follows bindings generated
    const { how, ...build } = await this.#lib.build({ abi, model, layout: this.#kind === 'ts' });
    trace('cargo-end', how ?? {});
    // A save during the build: the ABI of the sources now tells whether this build may still be published.
    const sourceNow = this.#scheduler.pending ? { abi: sourceAbi(this.#project) } : undefined;
    this.#dispatch({ type: 'lib-built', at: performance.now(), ...build, ...(sourceNow ? { sourceNow } : {}) });
  }

  async #buildBin(): Promise<void> {
    const args = [
      'build',
      '-p',
      this.#project.binPackage,
      '--features',
      'reload',
      '--message-format=json-render-diagnostics',
    ];
    const { success, stopped, diagnostics, ms } = await this.#cargo.run(args);
    this.#dispatch({ type: 'bin-built', success, stopped, diagnostics, ms });
  }

  #startHost(id: number, version: number, restartReason: string | undefined): void {
    const host = new RunningHost(
      this.#hostCommand(),
      this.#project.root,
      version,
      {
        onHostLine: (line) => this.#dispatch({ type: 'host-line', host: id, line, now: Date.now() }),
        onExit: (exit) => {
          this.#hosts.delete(id);
          this.#dispatch({ type: 'host-exited', host: id, exit });
        },
      },
      restartReason,
    );
    this.#hosts.set(id, host);
  }

  async #shutDown(keep: number[]): Promise<void> {
    this.#scheduler.stop();
    for (const watcher of this.#watchers) watcher.close();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all([this.#cargo.stop(), this.#lib.stop()]);
    await Promise.all([...this.#hosts.values()].map((host) => host.stop()));
    await this.#scheduler.idle;
    this.#publisher.prune(keep);
    removeHeldLines(this.#project.root);
    this.#buildStatus.reset(); // no host is left to read it
  }
}
