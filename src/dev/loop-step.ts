// The dev loop's transition function: (state, event) → (next state, effects). Pure: the state passed in is never
// changed, and nothing here touches files, processes or clocks. This file has the build pipeline (bindings →
// lib → Rust host → publish) and the dispatch; the host's lines, exits and source changes are in loop-host.ts.
import { abiChanges } from '../bindings/fingerprint.js';
import { formatDuration } from '../duration.js';
import { flushHeld } from './latency.js';
import {
  buildBin,
  currentRecord,
  finishJob,
  publishDelivery,
  releaseScreen,
  replaceHost,
  say,
  showDiagnostics,
  startBuild,
  startHostNow,
  type Draft,
} from './loop-actions.js';
import { hostChangeReady, onHostExited, onHostLine, onHostSourceChanged, onTimer } from './loop-host.js';
import type { Effect, LoopEvent, LoopState, TimerName } from './loop-state.js';
import { formatRestart, formatStateCarried } from './status.js';

export function step(state: LoopState, event: LoopEvent): { state: LoopState; effects: Effect[] } {
  const d: Draft = { s: structuredClone(state), fx: [] };
  apply(d, event);
  return { state: d.s, effects: d.fx };
}

function apply(d: Draft, e: LoopEvent): void {
  switch (e.type) {
    case 'lib-changed':
      d.s.libChangePending = true;
      return;
    case 'build-requested':
      d.s.libChangePending = false;
      return startBuild(d, e.changedAt, e.at);
    case 'bindings-failed':
      return onBindingsFailed(d, e.message);
    case 'bindings-generated':
      return onBindingsGenerated(d, e);
    case 'lib-built':
      return onLibBuilt(d, e);
    case 'bin-built':
      return onBinBuilt(d, e);
    case 'host-line':
      return onHostLine(d, e);
    case 'host-exited':
      return onHostExited(d, e);
    case 'host-source-changed':
      return onHostSourceChanged(d, e.file, e.exists);
    case 'timer':
      return onTimer(d, e.timer);
    case 'stop':
      return onStop(d);
  }
}

/** The job's stage, if the event belongs to it (an answer that comes after a stop finishes the job, nothing else). */
function inStage(d: Draft, stage: 'bindings' | 'lib' | 'bin'): boolean {
  if (d.s.job?.stage !== stage) return false;
  if (!d.s.stopping) return true;
  finishJob(d);
  return false;
}

function onBindingsFailed(d: Draft, message: string): void {
  if (!inStage(d, 'bindings')) return;
  say(d, `✗ ${message}`);
  d.fx.push({ type: 'status-failed', message, version: d.s.current ?? 0 });
  finishJob(d);
}

function onBindingsGenerated(d: Draft, e: Extract<LoopEvent, { type: 'bindings-generated' }>): void {
  if (!inStage(d, 'bindings') || !d.s.job) return;
  // Once per distinct set of warnings, not on every build.
  if (e.warnings && e.warnings !== d.s.warnings) showDiagnostics(d, e.warnings);
  d.s.warnings = e.warnings;
  d.s.generated = e.bindings;
  d.s.job.bindings = e.bindings;
  d.s.job.stage = 'lib';
  d.fx.push({ type: 'build-lib' });
}

function onLibBuilt(d: Draft, e: Extract<LoopEvent, { type: 'lib-built' }>): void {
  if (!inStage(d, 'lib') || !d.s.job?.bindings) return;
  const job = d.s.job;
  const bindings = job.bindings!;
  if (e.stopped) return finishJob(d);
  const current = currentRecord(d.s);
  if (!e.success) {
    showDiagnostics(d, e.diagnostics);
    say(d, `✗ build failed (${formatDuration(e.ms)})${current ? `: v${current.version} keeps running` : ''}`);
    d.fx.push({
      type: 'status-failed',
      message: e.diagnostics || 'cargo build failed',
      version: current?.version ?? 0,
    });
    return finishJob(d);
  }
  if (!e.artifact) {
    say(d, `✗ cargo built no ${d.s.config.libraryFile}: is crate-type ["rlib", "cdylib"] still in lib/Cargo.toml?`);
    return finishJob(d);
  }
  showDiagnostics(d, e.diagnostics); // warnings of a good build
  d.fx.push({ type: 'status-ok', version: current?.version ?? 0 });
  // A save during the build may have changed the ABI after the bindings were generated: publishing that library
  // with the old fingerprint would let a host swap across a layout change. The save queued another build already.
  if (e.sourceNow && e.sourceNow.abi !== bindings.abi) {
    say(d, 'lib/src changed during the build: building again');
    return finishJob(d);
  }
  if (e.artifact.fresh && current && !current.crashed) {
    say(d, `no change: v${current.version} is current`);
    return finishJob(d);
  }
  const buildMs = e.at - job.startedAt;
  job.delivery = {
    artifact: e.artifact.file,
    record: { version: 0, abi: bindings.abi, changedAt: job.changedAt, buildMs, crashed: false },
    ...(e.layoutJson === undefined ? {} : { layoutJson: e.layoutJson }),
  };
  // A new build deserves an immediate start, whatever crashed before.
  d.s.crashesInARow = 0;
  d.fx.push({ type: 'cancel-timer', timer: 'restart-host' });
  deliver(d);
}

/** Gets a host running the good build: by its own swap, or by a (re)start. */
function deliver(d: Draft): void {
  const abi = d.s.job!.bindings!.abi;
  if (d.s.host && d.s.host.bindings.abi === abi) {
    publishDelivery(d); // the host swaps it in and says so on stderr
    return finishJob(d);
  }
  // The Rust host is built first, while the old one keeps running.
  if (d.s.config.kind === 'rust' && d.s.binAbi !== abi) return buildBin(d, abi);
  deliverToNewHost(d);
}

function deliverToNewHost(d: Draft): void {
  const job = d.s.job!;
  const host = d.s.host;
  if (host) {
    const reasons = abiChanges(host.bindings.model, job.bindings!.model);
    const lines = host.snapshotCapable
      ? formatStateCarried(reasons)
      : formatRestart('the ABI changed (a hot swap would be undefined behaviour)', reasons);
    for (const line of lines) say(d, line);
    // A host that cannot snapshot is stopped before the publish: it never even sees a version it cannot run.
    return replaceHost(d, 'the ABI changed', 'publish');
  }
  publishDelivery(d);
  startHostNow(d, 'a new build');
  finishJob(d);
}

function onBinBuilt(d: Draft, e: Extract<LoopEvent, { type: 'bin-built' }>): void {
  if (!inStage(d, 'bin')) return;
  const job = d.s.job!;
  if (e.stopped) return finishJob(d);
  showDiagnostics(d, e.diagnostics);
  if (!e.success) {
    say(d, `✗ the Rust host did not build (${formatDuration(e.ms)})${d.s.host ? ': the old host keeps running' : ''}`);
    return finishJob(d);
  }
  d.s.binAbi = job.binOutdated ? undefined : job.binFor;
  if (job.why === 'build') deliverToNewHost(d);
  else hostChangeReady(d);
}

const TIMERS: TimerName[] = ['restart-host', 'host-change', 'first-call', 'restart-grace'];

/** Ctrl-C: nothing starts any more; what is held is printed; the interpreter stops cargo, the host, the watchers. */
function onStop(d: Draft): void {
  if (d.s.stopping) return;
  d.s.stopping = true;
  for (const timer of TIMERS) d.fx.push({ type: 'cancel-timer', timer });
  releaseScreen(d);
  for (const line of flushHeld(d.s.latency)) say(d, line);
  if (d.s.queuedBuild) d.fx.push({ type: 'build-done' });
  d.s.queuedBuild = undefined;
  d.s.startWhenIdle = undefined;
  // Waiting for a host to exit: it is stopped with everything else, and the job ends here.
  if (d.s.job?.stage === 'host-exit') finishJob(d);
  d.fx.push({ type: 'shutdown', keep: d.s.current === undefined ? [] : [d.s.current] });
}
