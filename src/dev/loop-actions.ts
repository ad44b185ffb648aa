// The building blocks of the dev loop's transitions (loop-step.ts, loop-host.ts): each one changes the draft of
// the next state and appends the effects that go with it. Nothing here performs I/O.
import { stripAnsi } from './cargo-messages.js';
import type { Effect, LoopState, VersionRecord } from './loop-state.js';
import { formatStarted } from './status.js';

/** The next state being built (a private copy) and the effects asked for so far. */
export interface Draft {
  s: LoopState;
  fx: Effect[];
}

/** How long a snapshot-capable host has to exit 75 after it was asked to restart, before it is stopped. */
export const RESTART_GRACE_MS = 3000;

/** One of our status lines: printed, or held while the host owns the screen. */
export function say(d: Draft, text: string): void {
  emit(d, 'status', text);
}

/** cargo's diagnostics and other text shown as is. */
export function showDiagnostics(d: Draft, text: string): void {
  if (text) emit(d, 'diagnostics', text);
}

function emit(d: Draft, kind: 'status' | 'diagnostics', text: string): void {
  if (d.s.host?.screenOwned) {
    d.s.held.push({ kind, text });
    // The host shows the newest line of the file: plain text, one line each.
    for (const line of stripAnsi(text).split('\n')) d.fx.push({ type: 'hold', text: line });
    return;
  }
  d.fx.push(kind === 'status' ? { type: 'say', text } : { type: 'diagnostics', text });
}

/** The host gave the terminal back (or is gone): everything held is printed, in order. */
export function releaseScreen(d: Draft): void {
  if (d.s.host) d.s.host.screenOwned = false;
  const held = d.s.held;
  d.s.held = [];
  for (const line of held) emit(d, line.kind, line.text);
  d.fx.push({ type: 'clear-held-log' });
}

export function versionRecord(s: LoopState, version: number): VersionRecord | undefined {
  return s.versions.find((v) => v.version === version);
}

export function currentRecord(s: LoopState): VersionRecord | undefined {
  return s.current === undefined ? undefined : versionRecord(s, s.current);
}

/** The newest version that did not crash and that a host started now (latest bindings) can load. */
export function fallback(s: LoopState): VersionRecord | undefined {
  return [...s.versions].reverse().find((v) => !v.crashed && v.abi === s.generated?.abi);
}

/** Keeps what a host may be loading or fall back to: the current and previous versions, and the fallback. */
export function prune(d: Draft): void {
  const keep = new Set(d.s.versions.slice(-2).map((v) => v.version));
  const back = fallback(d.s);
  if (back) keep.add(back.version);
  if (d.s.current !== undefined) keep.add(d.s.current);
  d.s.versions = d.s.versions.filter((v) => keep.has(v.version));
  d.fx.push({ type: 'prune', keep: [...keep].sort((a, b) => a - b) });
}

export function point(d: Draft, version: number): void {
  d.s.current = version;
  d.fx.push({ type: 'point', version });
}

/** Publishes the job's good build, if it has one still waiting: the next version number, current.json at it. */
export function publishDelivery(d: Draft): void {
  const delivery = d.s.job?.delivery;
  if (!delivery || !d.s.job) return;
  d.s.job.delivery = undefined;
  const record: VersionRecord = { ...delivery.record, version: ++d.s.lastVersion };
  d.s.versions.push(record);
  d.s.current = record.version;
  const { artifact, layoutJson } = delivery;
  d.fx.push({ type: 'publish', artifact, record, ...(layoutJson === undefined ? {} : { layoutJson }) });
  prune(d);
}

/** Starts a host on the current version, if its ABI is the one of the bindings a host would start with now. */
export function startHostNow(d: Draft, reason: string): void {
  const { s, fx } = d;
  const current = currentRecord(s);
  if (s.stopping || s.host || !current || !s.generated) return;
  if (current.abi !== s.generated.abi) {
    say(d, `the host starts with the next good build (v${current.version} was built for other bindings)`);
    return;
  }
  s.hostsStarted += 1;
  const id = s.hostsStarted;
  s.host = { id, bindings: s.generated, version: current.version, snapshotCapable: false, screenOwned: false };
  // A TypeScript host reads its sources as it starts; a Rust host runs the binary built last.
  if (s.config.kind === 'ts' || s.binAbi !== undefined) s.hostOutdated = false;
  fx.push({ type: 'start-host', host: id, version: current.version, restartReason: id > 1 ? reason : undefined });
  say(d, formatStarted(current.version, s.config.hostLabel));
}

/** A (re)start that must not cut into a job in progress: it waits for the job to end. */
export function startHostWhenIdle(d: Draft, reason: string): void {
  if (d.s.job) d.s.startWhenIdle = reason;
  else startHostNow(d, reason);
}

/** The job in progress is over: the scheduler hears of a build's end, and whatever waited for it runs. */
export function finishJob(d: Draft): void {
  const job = d.s.job;
  d.s.job = undefined;
  if (job?.why === 'build') d.fx.push({ type: 'build-done' });
  const reason = d.s.startWhenIdle;
  d.s.startWhenIdle = undefined;
  if (reason !== undefined) startHostNow(d, reason);
  const queued = d.s.queuedBuild;
  d.s.queuedBuild = undefined;
  if (queued) startBuild(d, queued.changedAt, queued.at);
}

export function startBuild(d: Draft, changedAt: number, at: number): void {
  if (d.s.stopping) {
    d.fx.push({ type: 'build-done' });
    return;
  }
  if (d.s.job) {
    d.s.queuedBuild = { changedAt, at };
    return;
  }
  d.s.job = { why: 'build', stage: 'bindings', changedAt, startedAt: at };
  d.fx.push({ type: 'generate-bindings' });
}

/**
 * Replaces the running host within the current job: a snapshot-capable host is told (by the publish of the new
 * version, or by a restart request in current.json) and given RESTART_GRACE_MS to exit 75; any other host is
 * stopped now. The job goes on when the host has exited (loop-host.ts).
 */
export function replaceHost(d: Draft, reason: string, tell: 'publish' | 'request'): void {
  const { s, fx } = d;
  if (!s.job || !s.host) return;
  s.job.stage = 'host-exit';
  s.job.restartReason = reason;
  if (!s.host.snapshotCapable) {
    fx.push({ type: 'stop-host', host: s.host.id });
    return;
  }
  if (tell === 'publish') publishDelivery(d);
  else fx.push({ type: 'request-restart' });
  fx.push({ type: 'set-timer', timer: 'restart-grace', ms: RESTART_GRACE_MS });
}

/** The Rust host's binary is built for `abi` (`cargo build -p <bin> --features reload`). */
export function buildBin(d: Draft, abi: string): void {
  if (!d.s.job) return;
  d.s.job.stage = 'bin';
  d.s.job.binFor = abi;
  d.s.job.binOutdated = false;
  say(d, `building the Rust host (cargo build -p ${d.s.config.binPackage} --features reload)`);
  d.fx.push({ type: 'build-bin' });
}
