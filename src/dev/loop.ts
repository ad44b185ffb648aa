// `hot-reload dev`: the loop that ties it together. A change in lib/src
// regenerates the bindings and builds the lib; a good build is published to
// `.hot/`; the host swaps it in by itself (same ABI), or is restarted by us
// (different ABI). Compile errors leave the host alone; host crashes are
// reported and the host restarted on the last version that did not crash.
import fs from 'node:fs';
import path from 'node:path';
import { abiChanges, abiFingerprint } from '../bindings/fingerprint.js';
import { formatWarning, generateBindings, generatedRustPath, GENERATED_TS } from '../bindings/generate.js';
import type { LibModel } from '../bindings/model.js';
import { parseLib } from '../bindings/validate.js';
import { libraryFileName, type ProjectInfo } from '../project.js';
import type { HostLine } from '../runtime/swap-line.js';
import type { PublishedVersion } from '../runtime/types.js';
import { CrashBackoff } from './backoff.js';
import { findLibArtifact } from './cargo-messages.js';
import { Cargo, type CargoRun } from './cargo.js';
import { crashSummary, describeExit } from './crash-report.js';
import { hostCommand, RunningHost, type HostExit, type HostKind } from './host.js';
import { Publisher } from './publish.js';
import { BuildScheduler } from './scheduler.js';
import { BuildStatusWriter } from './build-status.js';
import { trace } from './trace.js';
import { devLine, formatDuration, formatReload, formatRestart, formatStarted, type ReloadStatus } from './status.js';
import { watchTree, type TreeWatcher } from './watch.js';

export interface DevOutput {
  /** Our status lines (prefixed). */
  status(line: string): void;
  /** cargo's diagnostics and other text to show as is. */
  diagnostics(text: string): void;
}

export const defaultOutput: DevOutput = {
  status: (line) => void process.stdout.write(`${devLine(line)}\n`),
  diagnostics: (text) => void process.stderr.write(`${text}\n`),
};


/** A host-source save fires several watch events; restart once. */
const HOST_CHANGE_SETTLE_MS = 100;

/** How long a reload line waits for the TypeScript host's "first call" line before it is printed without it. */
const FIRST_CALL_WAIT_MS = 1500;

/**
 * Signals that some other process sends (kill, a closed terminal, the OOM killer), never the lib's code itself:
 * a host ended by one is restarted on the version it ran, which is not marked as crashed. A faulty lib raises
 * SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT (a panic across `extern "C"`), or exits non-zero.
 */
const EXTERNAL_SIGNALS = new Set<NodeJS.Signals>(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGQUIT', 'SIGPIPE']);

function stoppedFromOutside(exit: HostExit): boolean {
  return exit.signal !== null && EXTERNAL_SIGNALS.has(exit.signal);
}

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
  readonly #backoff = new CrashBackoff();
  readonly #watchers: TreeWatcher[] = [];
  /** Versions the host crashed on: never fallen back to. */
  readonly #crashed = new Set<number>();
  /** Versions whose reload line was printed. */
  readonly #reported = new Set<number>();
  #host: RunningHost | undefined;
  /** The model the running host's bindings were generated from (for the restart reasons). */
  #hostModel: LibModel | undefined;
  /** The latest generated bindings: what a host started now runs with. */
  #model: LibModel | undefined;
  #abi: string | undefined;
  /** Rust host: the ABI its binary was built with. */
  #binAbi: string | undefined;
  #warnings = '';
  /**
   * Builds, host starts and host stops run one at a time, in order: a host restarted for a change of its own
   * sources must never start between a lib build's regeneration of the bindings and that build's publish (it
   * would run bindings of one ABI against a library of another).
   */
  #queue: Promise<unknown> = Promise.resolve();
  #restartTimer: NodeJS.Timeout | undefined;
  #hostChangeTimer: NodeJS.Timeout | undefined;
  #hostChanges = new Set<string>();
  /** When a host source last changed, when the running host started, when the Rust host's last build started. */
  #hostChangedAt = 0;
  #hostStartedAt = 0;
  #binBuiltAt = 0;
  #stopping = false;
  #builds = 0;
  /** A reload line held until the first call into that version (TypeScript host). */
  #held: { status: ReloadStatus; timer: NodeJS.Timeout } | undefined;

  constructor(project: ProjectInfo, kind: HostKind, out: DevOutput = defaultOutput, hostArgs: readonly string[] = []) {
    this.#hostArgs = hostArgs;
    this.#project = project;
    this.#kind = kind;
    this.#out = out;
    this.#publisher = new Publisher(project.root, project.libCrate);
    this.#buildStatus = new BuildStatusWriter(project.root);
    this.#cargo = new Cargo(project.root);
    this.#scheduler = new BuildScheduler({
      // One save fires all its watch events within 0.1 ms (rename and vim-style saves measured by bench/); a few ms
      // catch them all, and every ms here is save-to-reload latency. Longer bursts coalesce via quietMs.
      settleMs: 3,
      quietMs: 250,
      maxWaitMs: 2000,
      build: (changedAt) => this.#serial(() => this.#build(changedAt)),
    });
  }

  /** Cleans `.hot/`, starts watching, runs the first build (which starts the host). */
  async start(): Promise<void> {
    this.#publisher.cleanAll();
    this.#buildStatus.reset();
    const hostDir = this.#kind === 'ts' ? 'host' : path.relative(this.#project.root, this.#project.binSrcDir);
    this.#watchers.push(
      watchTree(this.#project.libSrcDir, () => {
        trace('change');
        this.#scheduler.notify();
      }),
    );
    try {
      this.#watchers.push(watchTree(path.join(this.#project.root, hostDir), (rel) => this.#onHostSource(path.join(hostDir, rel ?? ''))));
    } catch {
      this.#out.status(`(${hostDir}/ not found: host sources are not watched)`);
    }
    const label = hostCommand(this.#kind, this.#project, process.env, this.#hostArgs).label;
    this.#out.status(`watching ${path.relative(this.#project.root, this.#project.libSrcDir)} · host: ${this.#kind} (${label}) · Ctrl-C to stop`);
    await this.#scheduler.buildNow();
  }

  /** Ctrl-C: stop cargo, the host and the watchers; leave only the current version in `.hot/`. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#scheduler.stop();
    for (const watcher of this.#watchers) watcher.close();
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#hostChangeTimer);
    this.#flushHeld();
    await this.#cargo.stop();
    await this.#host?.stop();
    await this.#queue.catch(() => undefined);
    await this.#host?.stop(); // one started meanwhile
    const current = this.#publisher.current;
    this.#publisher.prune(current ? [current.version] : []);
    this.#buildStatus.reset(); // no host is left to read it
  }

  /** How many builds ran (for tests and the summary). */
  get builds(): number {
    return this.#builds;
  }

  // ---- building and publishing ------------------------------------------------------------------------------

  async #build(changedAt: number): Promise<void> {
    if (this.#stopping) return;
    this.#builds++;
    trace('build');
    const started = performance.now();
    let generated;
    try {
      generated = await generateBindings(this.#project.root);
    } catch (error) {
      const message = `bindings: ${error instanceof Error ? error.message : String(error)}`;
      this.#out.status(`✗ ${message}`);
      this.#buildStatus.failed(message, this.#publisher.current?.version ?? 0);
      return;
    }
    this.#showWarnings(generated.model);
    this.#model = generated.model;
    this.#abi = generated.abi;

    trace('cargo-start');
    const run = await this.#cargo.run(['build', '-p', this.#project.libPackage, '--message-format=json-render-diagnostics']);
    trace('cargo-end');
    if (run.stopped) return;
    if (!run.success) {
      this.#showDiagnostics(run);
      const current = this.#publisher.current;
      this.#out.status(`✗ build failed (${formatDuration(run.ms)})${current ? `: v${current.version} keeps running` : ''}`);
      this.#buildStatus.failed(run.diagnostics || 'cargo build failed', current?.version ?? 0);
      return;
    }
    const artifact = findLibArtifact(run.messages, this.#project.libCrate, libraryFileName(this.#project.libCrate));
    if (!artifact) {
      this.#out.status(`✗ cargo built no ${libraryFileName(this.#project.libCrate)}: is crate-type ["rlib", "cdylib"] still in lib/Cargo.toml?`);
      return;
    }
    this.#showDiagnostics(run); // warnings of a good build
    this.#buildStatus.succeeded(this.#publisher.current?.version ?? 0);
    // A save during the build may have changed the ABI after the bindings were generated: publishing that
    // library with the old fingerprint would let a host swap across a layout change. The save queued another
    // build already; this one is dropped.
    if (this.#scheduler.pending && this.#sourceAbi() !== generated.abi) {
      this.#out.status('lib/src changed during the build: building again');
      return;
    }
    if (artifact.fresh && this.#publisher.current && !this.#crashed.has(this.#publisher.current.version)) {
      this.#out.status(`no change: v${this.#publisher.current.version} is current`);
      return;
    }
    const facts = { abi: generated.abi, changedAt, buildMs: performance.now() - started };
    this.#backoff.reset();
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    await this.#deliver(artifact.file, facts, generated.model);
  }

  /** Publishes a good build and gets a host running it: by its own swap, or by a (re)start. */
  async #deliver(artifact: string, facts: { abi: string; changedAt: number; buildMs: number }, model: LibModel): Promise<void> {
    const host = this.#host;
    if (host && host.abi === facts.abi) {
      this.#publish(artifact, facts); // the host swaps it in and says so on stderr
      return;
    }
    if (this.#kind === 'rust' && !(await this.#buildBin(facts.abi))) return; // the old host keeps running
    if (host) {
      const reasons = this.#hostModel ? abiChanges(this.#hostModel, model) : [];
      for (const line of formatRestart('the ABI changed (a hot swap would be undefined behaviour)', reasons)) this.#out.status(line);
      // Stopped before publishing: the old host never even sees a version it cannot run.
      await this.#stopHost();
    }
    this.#publish(artifact, facts);
    this.#startHost();
  }

  #publish(artifact: string, facts: { abi: string; changedAt: number; buildMs: number }): PublishedVersion {
    const published = this.#publisher.publish(artifact, facts);
    this.#prune();
    return published;
  }

  /** Keeps what a host may be loading or fall back to: the current and previous versions, and the fallback. */
  #prune(): void {
    const keep = this.#publisher.versions().slice(0, 2).map((v) => v.version);
    const fallback = this.#fallback();
    if (fallback) keep.push(fallback.version);
    if (this.#publisher.current) keep.push(this.#publisher.current.version);
    this.#publisher.prune(keep);
  }

  /** The newest version that did not crash and that a host started now (latest bindings) can load. */
  #fallback(): PublishedVersion | undefined {
    return this.#publisher.versions().find((v) => !this.#crashed.has(v.version) && v.abi === this.#abi);
  }

  /** Rust host: `cargo build -p <bin> --features reload`, unless the binary already has this ABI. */
  async #buildBin(abi: string): Promise<boolean> {
    if (this.#binAbi === abi) return true;
    this.#out.status(`building the Rust host (cargo build -p ${this.#project.binPackage} --features reload)`);
    this.#binBuiltAt = performance.now();
    const run = await this.#cargo.run(['build', '-p', this.#project.binPackage, '--features', 'reload', '--message-format=json-render-diagnostics']);
    if (run.stopped) return false;
    this.#showDiagnostics(run);
    if (!run.success) {
      this.#out.status(`✗ the Rust host did not build (${formatDuration(run.ms)})${this.#host ? ': the old host keeps running' : ''}`);
      return false;
    }
    this.#binAbi = abi;
    return true;
  }

  #sourceAbi(): string | undefined {
    try {
      return abiFingerprint(parseLib(this.#project.libSrcDir, this.#project.root));
    } catch {
      return undefined;
    }
  }

  #showDiagnostics(run: CargoRun): void {
    if (run.diagnostics) this.#out.diagnostics(run.diagnostics);
  }

  /** Bindings warnings, once per distinct set (not on every build). */
  #showWarnings(model: LibModel): void {
    const text = model.warnings.map(formatWarning).join('\n');
    if (text && text !== this.#warnings) this.#out.diagnostics(text);
    this.#warnings = text;
  }

  // ---- the host ------------------------------------------------------------------------------------------------

  #serial(job: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(job, job);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Starts a host on the current version, if its ABI is the one of the bindings a host would start with now. */
  #startHost(): void {
    const current = this.#publisher.current;
    if (this.#stopping || this.#host || !current || !this.#abi) return;
    if (current.abi !== this.#abi) {
      this.#out.status(`the host starts with the next good build (v${current.version} was built for other bindings)`);
      return;
    }
    const command = hostCommand(this.#kind, this.#project, process.env, this.#hostArgs);
    this.#hostModel = this.#model;
    this.#hostStartedAt = performance.now();
    this.#host = new RunningHost(command, this.#project.root, current.version, this.#abi, {
      onHostLine: (line, host) => this.#onHostLine(line, host),
      onExit: (exit, host) => this.#onHostExit(exit, host),
    });
    this.#out.status(formatStarted(current.version, command.label));
  }

  async #stopHost(): Promise<void> {
    const host = this.#host;
    this.#host = undefined;
    await host?.stop();
  }

  #onHostLine(line: HostLine, host: RunningHost): void {
    if (host !== this.#host) return;
    if (line.kind === 'kept') {
      this.#out.status(`host kept v${line.version}: ${line.reason}`);
      return;
    }
    if (line.kind === 'called') {
      if (this.#held?.status.version !== line.version) return;
      const published = this.#publisher.get(line.version);
      if (published) this.#held.status.saveToCallMs = Date.now() - published.changedAt;
      this.#flushHeld();
      return;
    }
    if (this.#reported.has(line.version)) return; // a restart on a version already reported
    const published = this.#publisher.get(line.version);
    if (!published) return;
    this.#reported.add(line.version);
    this.#flushHeld();
    const sinceChange = Date.now() - published.changedAt;
    const status: ReloadStatus = {
      version: line.version,
      buildMs: published.buildMs,
      how: line.kind,
      ms: line.ms,
      // The first build was not caused by a save: its time is the start-up time.
      ...(line.version === 1 ? { readyMs: sinceChange } : { saveToRunMs: sinceChange }),
    };
    // The Rust host swaps inside update(), right before its next call: the swap is the first call. The
    // TypeScript host swaps as soon as the file changes and reports the first call separately.
    if (this.#kind === 'rust' || line.kind === 'loaded') {
      this.#out.status(formatReload(status));
      return;
    }
    this.#held = { status, timer: setTimeout(() => this.#flushHeld(), FIRST_CALL_WAIT_MS) };
  }

  #flushHeld(): void {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    clearTimeout(held.timer);
    this.#out.status(formatReload(held.status));
  }

  #onHostExit(exit: HostExit, host: RunningHost): void {
    if (host === this.#host) this.#host = undefined;
    if (exit.expected || this.#stopping) return;
    if (exit.code === 0 && exit.signal === null) {
      this.#out.status(`host exited (${describeExit(exit)}); it starts again with the next build or host change`);
      return;
    }
    this.#out.status(crashSummary(exit, exit.version, exit.stderrTail));
    // A crash right after a swap is the new version's doing: never go back to it (until the next build). A crash
    // on the version the host started with may as well be the host's own: restart on it, backing off if it repeats.
    let target: PublishedVersion | undefined;
    if (exit.version !== exit.startedOn && !stoppedFromOutside(exit)) {
      this.#crashed.add(exit.version);
      target = this.#fallback();
    } else {
      target = this.#publisher.get(exit.version);
    }
    if (!target || target.abi !== this.#abi) {
      this.#out.status('no earlier version to go back to: fix the code and save; the host starts again with the next good build');
      return;
    }
    this.#publisher.point(target);
    const delay = this.#backoff.onCrash(exit.uptimeMs);
    const which = target.version === exit.version ? `v${target.version}` : `v${target.version}, the last version that did not crash`;
    if (delay > 0) {
      this.#out.status(`the host keeps crashing (${this.#backoff.crashesInARow} times in a row): restarting on ${which} in ${formatDuration(delay)}`);
    } else {
      this.#out.status(`restarting the host on ${which}`);
    }
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      void this.#serial(async () => this.#startHost());
    }, delay);
    this.#prune();
  }

  #onHostSource(relative: string): void {
    // Generated files: regenerating them is the ABI logic's business, not a host-source change.
    const generated = [GENERATED_TS, generatedRustPath(this.#project)].map((f) => path.normalize(f));
    if (this.#stopping || generated.includes(path.normalize(relative))) return;
    this.#hostChanges.add(relative);
    this.#hostChangedAt = performance.now();
    this.#armHostChange();
  }

  #armHostChange(): void {
    clearTimeout(this.#hostChangeTimer);
    this.#hostChangeTimer = setTimeout(() => {
      // A lib build due or running goes first: it may restart the host anyway (ABI change), and a restart now
      // would build the Rust host against bindings that build is about to replace.
      if (this.#scheduler.busy) this.#armHostChange();
      else void this.#serial(() => this.#restartForHostChange());
    }, HOST_CHANGE_SETTLE_MS);
  }

  async #restartForHostChange(): Promise<void> {
    // Editors' temp files show up in the events too; name what is there now (or everything, for a deletion).
    const all = [...this.#hostChanges].sort();
    this.#hostChanges.clear();
    const existing = all.filter((f) => fs.existsSync(path.join(this.#project.root, f)));
    const changed = existing.length > 0 ? existing : all;
    if (this.#stopping || !this.#publisher.current || !this.#abi) return;
    // Restarted since (by an ABI change), from sources that include the change: nothing left to do.
    const upToDate = this.#host && this.#hostStartedAt > this.#hostChangedAt && (this.#kind === 'ts' || this.#binBuiltAt > this.#hostChangedAt);
    if (upToDate) return;
    // The user changed the host: whatever crashed before deserves a fresh try, now.
    this.#backoff.reset();
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    if (this.#kind === 'rust') {
      this.#binAbi = undefined; // its sources changed: rebuild whatever the ABI
      if (!(await this.#buildBin(this.#abi))) return;
    }
    for (const line of formatRestart('its sources changed', changed)) this.#out.status(line);
    await this.#stopHost();
    this.#startHost();
  }
}
