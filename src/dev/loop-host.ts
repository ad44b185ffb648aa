// The dev loop's transitions for the host: its protocol lines, its exit (crash policy, exit 75, exit 0), changes
// of its own sources, and the timers. Pure, like loop-step.ts.
import path from 'node:path';
import { formatDuration } from '../duration.js';
import { backoffAfterCrash } from './backoff.js';
import { crashSummary, stoppedFromOutside } from './crash-report.js';
import { FIRST_CALL_WAIT_MS, firstCall, flushHeld, hostRuns } from './latency.js';
import {
  buildBin,
  fallback,
  finishJob,
  point,
  prune,
  publishDelivery,
  releaseScreen,
  replaceHost,
  RESTART_GRACE_MS,
  say,
  startHostNow,
  startHostWhenIdle,
  versionRecord,
  type Draft,
} from './loop-actions.js';
import type { LoopEvent, TimerName, VersionRecord } from './loop-state.js';
import { formatMigration, formatRestart } from './status.js';

/** A host-source save fires several watch events; restart once. */
export const HOST_CHANGE_SETTLE_MS = 100;

/** Exit code 75 (EX_TEMPFAIL): "restart me on the current version", not a crash (contract §4). */
export const EXIT_RESTART = 75;

const HOST_SOURCES_CHANGED = 'its sources changed';

export function onHostLine(d: Draft, e: Extract<LoopEvent, { type: 'host-line' }>): void {
  const { s } = d;
  const host = s.host;
  if (!host || host.id !== e.host) return;
  const line = e.line;
  switch (line.kind) {
    case 'snapshot-capable':
      host.snapshotCapable = true;
      return;
    case 'screen':
      if (line.owned) host.screenOwned = true;
      else releaseScreen(d);
      return;
    case 'kept':
      return say(d, `host kept v${line.version}: ${line.reason}`);
    case 'called':
      for (const text of firstCall(s.latency, versionRecord(s, line.version), e.now)) say(d, text);
      return;
    case 'migrated':
    case 'fresh':
      return say(d, formatMigration(line.version, line));
    case 'loaded':
    case 'swapped': {
      host.version = line.version;
      const job = s.job;
      // A snapshot-capable host that swapped to the new ABI's version took it in process (state migrated in place).
      if (line.kind === 'swapped' && job?.stage === 'host-exit' && job.why === 'build' && line.version === s.current) {
        d.fx.push({ type: 'cancel-timer', timer: 'restart-grace' });
        host.bindings = job.bindings ?? host.bindings;
        finishJob(d);
      }
      const published = versionRecord(s, line.version);
      if (!published) return;
      const { lines, holding } = hostRuns(s.latency, s.config.kind, line.kind, line.ms, published, e.now);
      for (const text of lines) say(d, text);
      if (holding) d.fx.push({ type: 'set-timer', timer: 'first-call', ms: FIRST_CALL_WAIT_MS });
      return;
    }
  }
}

export function onHostExited(d: Draft, e: Extract<LoopEvent, { type: 'host-exited' }>): void {
  const { s } = d;
  if (s.host?.id !== e.host) return; // an earlier host, stopped by us
  if (s.host.screenOwned) releaseScreen(d);
  for (const text of flushHeld(s.latency)) say(d, text);
  s.host = undefined;
  if (s.stopping) return;
  const exit = e.exit;
  const job = s.job?.stage === 'host-exit' ? s.job : undefined;
  if (job) d.fx.push({ type: 'cancel-timer', timer: 'restart-grace' });
  const restartAsked = exit.code === EXIT_RESTART && exit.signal === null;
  if (job && (exit.expected || restartAsked)) {
    // The host we replace is gone: the new version (if not out yet) and a new host.
    publishDelivery(d);
    startHostNow(d, job.restartReason ?? 'restarted');
    return finishJob(d);
  }
  if (exit.expected) return;
  if (restartAsked) {
    say(d, `the host asked for a restart (exit code ${EXIT_RESTART}): restarting it on v${s.current ?? exit.version}`);
    return startHostWhenIdle(d, 'the host asked for a restart');
  }
  if (exit.code === 0 && exit.signal === null) {
    say(d, 'the host exited (exit code 0): stopping');
    d.fx.push({ type: 'end', code: 0 });
    if (job) finishJob(d);
    return;
  }
  say(d, crashSummary(exit, exit.version, exit.stderrTail));
  if (job) {
    // It crashed instead of restarting for the new version: start the one we were about to.
    publishDelivery(d);
    startHostNow(d, 'the previous host crashed');
    return finishJob(d);
  }
  restartAfterCrash(d, e.exit);
}

/**
 * A crash right after a swap is the new version's doing: never go back to it (until the next build). A crash on
 * the version the host started with may as well be the host's own, and a host ended by a signal only another
 * process sends is not the lib's fault: restart on that version. Quick crashes in a row back off.
 */
function restartAfterCrash(d: Draft, exit: Extract<LoopEvent, { type: 'host-exited' }>['exit']): void {
  const { s } = d;
  let target: VersionRecord | undefined;
  if (exit.version !== exit.startedOn && !stoppedFromOutside(exit)) {
    const crashed = versionRecord(s, exit.version);
    if (crashed) crashed.crashed = true;
    target = fallback(s);
  } else {
    target = versionRecord(s, exit.version);
  }
  if (!target || target.abi !== s.generated?.abi) {
    say(d, 'no earlier version to go back to: fix the code and save; the host starts again with the next good build');
    return;
  }
  point(d, target.version);
  const { crashesInARow, delayMs } = backoffAfterCrash(s.crashesInARow, exit.uptimeMs);
  s.crashesInARow = crashesInARow;
  const which =
    target.version === exit.version ? `v${target.version}` : `v${target.version}, the last version that did not crash`;
  if (delayMs > 0) {
    say(
      d,
      `the host keeps crashing (${crashesInARow} times in a row): restarting on ${which} in ${formatDuration(delayMs)}`,
    );
  } else {
    say(d, `restarting the host on ${which}`);
  }
  d.fx.push({ type: 'set-timer', timer: 'restart-host', ms: delayMs });
  prune(d);
}

export function onHostSourceChanged(d: Draft, file: string, exists: boolean): void {
  const { s } = d;
  const generated = s.config.generatedFiles.some((f) => path.normalize(f) === path.normalize(file));
  if (s.stopping || generated) return;
  s.hostChanges[file] = exists;
  s.hostOutdated = true;
  if (s.config.kind === 'rust') {
    s.binAbi = undefined; // its sources changed: rebuilt whatever the ABI
    if (s.job?.stage === 'bin') s.job.binOutdated = true;
  }
  d.fx.push({ type: 'set-timer', timer: 'host-change', ms: HOST_CHANGE_SETTLE_MS });
}

export function onTimer(d: Draft, timer: TimerName): void {
  const { s } = d;
  if (s.stopping) return;
  switch (timer) {
    case 'restart-host':
      return startHostWhenIdle(d, 'the previous host ended unexpectedly');
    case 'first-call':
      for (const text of flushHeld(s.latency)) say(d, text);
      return;
    case 'restart-grace':
      if (s.job?.stage !== 'host-exit' || !s.host) return;
      say(
        d,
        `the host did not restart within ${formatDuration(RESTART_GRACE_MS)}: stopping it (the new one starts fresh)`,
      );
      d.fx.push({ type: 'stop-host', host: s.host.id });
      return;
    case 'host-change':
      // A lib build due or running goes first: it may restart the host anyway (ABI change), and a restart now
      // would build the Rust host against bindings that build is about to replace.
      if (s.job || s.libChangePending) {
        d.fx.push({ type: 'set-timer', timer: 'host-change', ms: HOST_CHANGE_SETTLE_MS });
        return;
      }
      return restartForHostChange(d);
  }
}

function restartForHostChange(d: Draft): void {
  const { s } = d;
  // Editors' temp files show up in the events too; name what is there now (or everything, for a deletion).
  const all = Object.keys(s.hostChanges).sort();
  const existing = all.filter((f) => s.hostChanges[f]);
  s.hostChanges = {};
  if (s.current === undefined || !s.generated) return;
  // Restarted since (by an ABI change), from sources that include the change: nothing left to do.
  if (s.host && !s.hostOutdated) return;
  // The user changed the host: whatever crashed before deserves a fresh try, now.
  s.crashesInARow = 0;
  d.fx.push({ type: 'cancel-timer', timer: 'restart-host' });
  s.job = {
    why: 'host-change',
    stage: 'host-exit',
    changedAt: 0,
    startedAt: 0,
    changedFiles: existing.length > 0 ? existing : all,
  };
  if (s.config.kind === 'rust' && s.binAbi !== s.generated.abi) return buildBin(d, s.generated.abi);
  hostChangeReady(d);
}

/** The host's new sources are ready to run (the Rust host's binary is built): replace the host. */
export function hostChangeReady(d: Draft): void {
  for (const line of formatRestart(HOST_SOURCES_CHANGED, d.s.job?.changedFiles ?? [])) say(d, line);
  if (d.s.host) return replaceHost(d, HOST_SOURCES_CHANGED, 'request');
  startHostNow(d, HOST_SOURCES_CHANGED);
  finishJob(d);
}
