// The dev loop's policies as tables: given events that set a situation up, when more events arrive, exactly these
// effects follow (rendered compactly by dev-loop-support.ts). No cargo, no processes, no clocks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostKind } from '../../src/dev/host.js';
import type { LoopEvent } from '../../src/dev/loop-state.js';
import {
  A,
  B,
  build,
  capable,
  exited,
  line,
  loaded,
  run,
  SAVED_AT,
  started,
  swapped,
  timer,
} from './dev-loop-support.js';

interface Case {
  name: string;
  kind?: HostKind;
  given: LoopEvent[];
  when: LoopEvent[];
  effects: string[];
}

const ts = started('ts');
const rust = started('rust');
/** v2 (same ABI) published and swapped in by host #1. */
const swappedToV2 = [...ts, ...build(A), swapped(1, 2), line(1, { kind: 'called', version: 2, ms: 5 })];
const RESTART_ABI = '⟳ restarting the host: the ABI changed (a hot swap would be undefined behaviour)';
const CARRIED = '⟳ the ABI changed: the host carries its state over (in place, or across a restart)';
const FIELD_ADDED = '    struct State: field added: extra: u64';

const cases: Case[] = [
  {
    name: 'the first build publishes v1 and starts the host, without HOT_RELOAD_RESTART',
    given: [],
    when: [...build(A), loaded(1, 1)],
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v0',
      'cancel-timer restart-host',
      'publish v1 A',
      'prune 1',
      'start-host #1 v1',
      'say ▶ host started on v1 (node host/main.ts)',
      'build-done',
      'say ↻ v1  built 120 ms  loaded 2.0 ms  ready in 150 ms',
    ],
  },
  {
    name: 'same ABI: published, the host swaps by itself; the reload line waits for the first call',
    given: ts,
    when: [...build(A), swapped(1, 2), line(1, { kind: 'called', version: 2, ms: 5 }, SAVED_AT + 400)],
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      'publish v2 A',
      'prune 1,2',
      'build-done',
      'set-timer first-call 1500',
      'say ↻ v2  built 120 ms  swapped 0.4 ms  save→swap 150 ms  save→call 400 ms',
    ],
  },
  {
    name: 'no first call within the wait: the reload line is printed without it',
    given: [...ts, ...build(A), swapped(1, 2)],
    when: [timer('first-call')],
    effects: ['say ↻ v2  built 120 ms  swapped 0.4 ms  save→swap 150 ms'],
  },
  {
    name: 'a compile error: shown, the running version keeps running, status.json says so',
    given: ts,
    when: build(A, { success: false, diagnostics: 'error[E0308]: mismatched types', artifact: undefined }),
    effects: [
      'generate-bindings',
      'build-lib',
      'diag error[E0308]: mismatched types',
      'say ✗ build failed (100 ms): v1 keeps running',
      'status-failed v1',
      'build-done',
    ],
  },
  {
    name: 'the bindings cannot be generated (lib.rs deleted): said, nothing built',
    given: ts,
    when: [
      { type: 'build-requested', changedAt: SAVED_AT, at: 0 },
      { type: 'bindings-failed', message: 'bindings: lib/src/lib.rs is missing' },
    ],
    effects: ['generate-bindings', 'say ✗ bindings: lib/src/lib.rs is missing', 'status-failed v1', 'build-done'],
  },
  {
    name: 'cargo did not rebuild the library: nothing to publish',
    given: ts,
    when: build(A, { artifact: { file: '/t/lib.so', fresh: true } }),
    effects: ['generate-bindings', 'build-lib', 'status-ok v1', 'say no change: v1 is current', 'build-done'],
  },
  {
    name: 'a save during the build changed the ABI: that build is dropped (the save builds again)',
    given: ts,
    when: build(A, { sourceNow: { abi: 'B' } }),
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'say lib/src changed during the build: building again',
      'build-done',
    ],
  },
  {
    name: 'a save during the build that kept the ABI: published as usual',
    given: ts,
    when: build(A, { sourceNow: { abi: 'A' } }),
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      'publish v2 A',
      'prune 1,2',
      'build-done',
    ],
  },
  {
    name: 'a build that made layouts (the probe, contract §5) publishes them with the library',
    given: ts,
    when: build(A, { layoutJson: '{"types":{}}' }),
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      'publish v2 A layout {"types":{}}',
      'prune 1,2',
      'build-done',
    ],
  },
  {
    name: 'ABI change, a host that cannot snapshot: stopped before the publish, then started on the new version',
    given: ts,
    when: [...build(B), exited(1, { expected: true, code: null, signal: 'SIGTERM' })],
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      `say ${RESTART_ABI}`,
      `say ${FIELD_ADDED}`,
      'stop-host #1',
      'cancel-timer restart-grace',
      'publish v2 B',
      'prune 1,2',
      'start-host #2 v2 (the ABI changed)',
      'say ▶ host started on v2 (node host/main.ts)',
      'build-done',
    ],
  },
  {
    name: 'ABI change, a snapshot-capable host: published at once; it snapshots and exits 75; the new host starts',
    given: [...ts, capable(1)],
    when: [...build(B), exited(1, { code: 75 })],
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      `say ${CARRIED}`,
      `say ${FIELD_ADDED}`,
      'publish v2 B',
      'prune 1,2',
      'set-timer restart-grace 3000',
      'cancel-timer restart-grace',
      'start-host #2 v2 (the ABI changed)',
      'say ▶ host started on v2 (node host/main.ts)',
      'build-done',
    ],
  },
  {
    name: 'ABI change, a snapshot-capable host migrates in process: it swaps, nobody restarts',
    given: [...ts, capable(1), ...build(B)],
    when: [
      swapped(1, 2),
      line(1, { kind: 'migrated', version: 2, report: 'State migrated: +extra u64 = 0 (Default)' }),
    ],
    effects: [
      'cancel-timer restart-grace',
      'build-done',
      'set-timer first-call 1500',
      'say ↻ v2 State migrated: +extra u64 = 0 (Default)',
    ],
  },
  {
    name: 'ABI change, a snapshot-capable host that does not exit within 3 s: stopped, the new one starts',
    given: [...ts, capable(1), ...build(B)],
    when: [timer('restart-grace'), exited(1, { expected: true, signal: 'SIGTERM' })],
    effects: [
      'say the host did not restart within 3.0 s: stopping it (the new one starts fresh)',
      'stop-host #1',
      'cancel-timer restart-grace',
      'start-host #2 v2 (the ABI changed)',
      'say ▶ host started on v2 (node host/main.ts)',
      'build-done',
    ],
  },
  {
    name: 'Rust host, ABI change: the binary is built first while the old host runs, then the host is replaced',
    kind: 'rust',
    given: rust,
    when: [
      ...build(B),
      { type: 'bin-built', success: true, stopped: false, diagnostics: '', ms: 300 },
      exited(1, { expected: true, signal: 'SIGTERM' }),
    ],
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      'say building the Rust host (cargo build -p app --features reload)',
      'build-bin',
      `say ${RESTART_ABI}`,
      `say ${FIELD_ADDED}`,
      'stop-host #1',
      'cancel-timer restart-grace',
      'publish v2 B',
      'prune 1,2',
      'start-host #2 v2 (the ABI changed)',
      'say ▶ host started on v2 (target/debug/app)',
      'build-done',
    ],
  },
  {
    name: 'Rust host, ABI change, the binary does not build: nothing published, the old host keeps running',
    kind: 'rust',
    given: rust,
    when: [...build(B), { type: 'bin-built', success: false, stopped: false, diagnostics: 'error[E0425]', ms: 300 }],
    effects: [
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      'say building the Rust host (cargo build -p app --features reload)',
      'build-bin',
      'diag error[E0425]',
      'say ✗ the Rust host did not build (300 ms): the old host keeps running',
      'build-done',
    ],
  },
  {
    name: 'a crash right after a swap: back to the last version that did not crash',
    given: swappedToV2,
    when: [exited(1, { signal: 'SIGABRT', version: 2, startedOn: 1, uptimeMs: 500 }), timer('restart-host')],
    effects: [
      'say host crashed (killed by SIGABRT) on v2',
      'point v1',
      'say restarting the host on v1, the last version that did not crash',
      'set-timer restart-host 0',
      'prune 1,2',
      'start-host #2 v1 (the previous host ended unexpectedly)',
      'say ▶ host started on v1 (node host/main.ts)',
    ],
  },
  {
    name: 'quick crashes on the version the host started with: restarted on it, later and later',
    given: ts,
    when: [
      exited(1, { code: 1, uptimeMs: 100 }),
      timer('restart-host'),
      exited(2, { code: 1, uptimeMs: 100 }),
      timer('restart-host'),
      exited(3, { code: 1, uptimeMs: 100 }),
    ],
    effects: [
      'say host crashed (exit code 1) on v1',
      'point v1',
      'say restarting the host on v1',
      'set-timer restart-host 0',
      'prune 1',
      'start-host #2 v1 (the previous host ended unexpectedly)',
      'say ▶ host started on v1 (node host/main.ts)',
      'say host crashed (exit code 1) on v1',
      'point v1',
      'say the host keeps crashing (2 times in a row): restarting on v1 in 500 ms',
      'set-timer restart-host 500',
      'prune 1',
      'start-host #3 v1 (the previous host ended unexpectedly)',
      'say ▶ host started on v1 (node host/main.ts)',
      'say host crashed (exit code 1) on v1',
      'point v1',
      'say the host keeps crashing (3 times in a row): restarting on v1 in 1.0 s',
      'set-timer restart-host 1000',
      'prune 1',
    ],
  },
  {
    name: "a kill from outside after a swap: not the new version's fault, restarted on it",
    given: swappedToV2,
    when: [exited(1, { signal: 'SIGKILL', version: 2, startedOn: 1 })],
    effects: [
      'say host crashed (killed by SIGKILL) on v2',
      'point v2',
      'say restarting the host on v2',
      'set-timer restart-host 0',
      'prune 1,2',
    ],
  },
  {
    name: 'a crash after a swap in a restarted host: back to the version it started on; the crashed one never again',
    given: [...ts, ...build(B), exited(1, { expected: true, signal: 'SIGTERM' }), ...build(B), swapped(2, 3)],
    when: [
      exited(2, { code: 101, version: 3, startedOn: 2 }),
      ...build(B, { artifact: { file: '/t/lib.so', fresh: true } }),
    ],
    effects: [
      // The reload line held for the first call is printed when the host is gone.
      'say ↻ v3  built 120 ms  swapped 0.4 ms  save→swap 150 ms',
      'say host crashed (exit code 101) on v3',
      'point v2',
      'say restarting the host on v2, the last version that did not crash',
      'set-timer restart-host 0',
      'prune 2,3',
      // current.json points at v2 again, which did not crash: cargo's unchanged artifact is "no change".
      'generate-bindings',
      'build-lib',
      'status-ok v2',
      'say no change: v2 is current',
      'build-done',
    ],
  },
  {
    name: 'a crash and no version of the latest bindings to go back to: the host waits for the next good build',
    given: [
      ...ts,
      ...build(B),
      exited(1, { expected: true }),
      ...build({ abi: 'C', model: B.model }, { success: false, artifact: undefined }),
    ],
    when: [exited(2, { code: 1, version: 2, startedOn: 2 })],
    effects: [
      'say host crashed (exit code 1) on v2',
      'say no earlier version to go back to: fix the code and save; the host starts again with the next good build',
    ],
  },
  {
    name: "a change of the host's sources restarts it (after the settle time), naming the file",
    given: ts,
    when: [
      { type: 'host-source-changed', file: 'host/main.ts', exists: true },
      { type: 'host-source-changed', file: 'host/.main.ts.swp', exists: false },
      timer('host-change'),
      exited(1, { expected: true, signal: 'SIGTERM' }),
    ],
    effects: [
      'set-timer host-change 100',
      'set-timer host-change 100',
      'cancel-timer restart-host',
      'say ⟳ restarting the host: its sources changed',
      'say     host/main.ts',
      'stop-host #1',
      'cancel-timer restart-grace',
      'start-host #2 v1 (its sources changed)',
      'say ▶ host started on v1 (node host/main.ts)',
    ],
  },
  {
    name: 'a snapshot-capable host is asked to restart through current.json (restart), with 3 s to exit 75',
    given: [...ts, capable(1)],
    when: [
      { type: 'host-source-changed', file: 'host/main.ts', exists: true },
      timer('host-change'),
      exited(1, { code: 75 }),
    ],
    effects: [
      'set-timer host-change 100',
      'cancel-timer restart-host',
      'say ⟳ restarting the host: its sources changed',
      'say     host/main.ts',
      'request-restart',
      'set-timer restart-grace 3000',
      'cancel-timer restart-grace',
      'start-host #2 v1 (its sources changed)',
      'say ▶ host started on v1 (node host/main.ts)',
    ],
  },
  {
    name: 'a host-source change waits for a lib build in progress (which may restart the host anyway)',
    given: [...ts, { type: 'build-requested', changedAt: SAVED_AT, at: 0 }],
    when: [{ type: 'host-source-changed', file: 'host/main.ts', exists: true }, timer('host-change')],
    effects: ['set-timer host-change 100', 'set-timer host-change 100'],
  },
  {
    name: 'an ABI restart during the settle time already took the host change in: no second restart',
    given: ts,
    when: [
      { type: 'host-source-changed', file: 'host/main.ts', exists: true },
      ...build(B),
      exited(1, { expected: true }),
      timer('host-change'),
    ],
    effects: [
      'set-timer host-change 100',
      'generate-bindings',
      'build-lib',
      'status-ok v1',
      'cancel-timer restart-host',
      `say ${RESTART_ABI}`,
      `say ${FIELD_ADDED}`,
      'stop-host #1',
      'cancel-timer restart-grace',
      'publish v2 B',
      'prune 1,2',
      'start-host #2 v2 (the ABI changed)',
      'say ▶ host started on v2 (node host/main.ts)',
      'build-done',
    ],
  },
  {
    name: 'the generated bindings are not a host-source change',
    given: ts,
    when: [{ type: 'host-source-changed', file: 'host/lib.generated.ts', exists: true }],
    effects: [],
  },
  {
    name: 'Rust host: a change of its sources rebuilds the binary before the restart',
    kind: 'rust',
    given: rust,
    when: [
      { type: 'host-source-changed', file: 'src/main.rs', exists: true },
      timer('host-change'),
      { type: 'bin-built', success: true, stopped: false, diagnostics: '', ms: 300 },
      exited(1, { expected: true }),
    ],
    effects: [
      'set-timer host-change 100',
      'cancel-timer restart-host',
      'say building the Rust host (cargo build -p app --features reload)',
      'build-bin',
      'say ⟳ restarting the host: its sources changed',
      'say     src/main.rs',
      'stop-host #1',
      'cancel-timer restart-grace',
      'start-host #2 v1 (its sources changed)',
      'say ▶ host started on v1 (target/debug/app)',
    ],
  },
  {
    name: 'exit 75 on its own: restarted at once on the current version, not counted as a crash',
    given: ts,
    when: [exited(1, { code: 75, uptimeMs: 10 })],
    effects: [
      'say the host asked for a restart (exit code 75): restarting it on v1',
      'start-host #2 v1 (the host asked for a restart)',
      'say ▶ host started on v1 (node host/main.ts)',
    ],
  },
  {
    name: 'exit 0: the user quit the host, dev ends with 0',
    given: ts,
    when: [exited(1, { code: 0 })],
    effects: ['say the host exited (exit code 0): stopping', 'end 0'],
  },
  {
    name: 'stop: timers cancelled, only the current version kept; nothing starts afterwards',
    given: [...ts, exited(1, { code: 1 })],
    when: [
      { type: 'stop' },
      timer('restart-host'),
      exited(2, { code: 1 }),
      { type: 'build-requested', changedAt: SAVED_AT, at: 0 },
    ],
    effects: [
      'cancel-timer restart-host',
      'cancel-timer host-change',
      'cancel-timer first-call',
      'cancel-timer restart-grace',
      'clear-held-log',
      'shutdown 1',
      'build-done',
    ],
  },
  {
    name: "stop during a build: cargo's late success publishes nothing",
    given: [
      ...ts,
      { type: 'build-requested', changedAt: SAVED_AT, at: 0 },
      { type: 'bindings-generated', bindings: A, warnings: '' },
      { type: 'stop' },
    ],
    when: [
      {
        type: 'lib-built',
        at: 1,
        success: true,
        stopped: false,
        diagnostics: '',
        ms: 1,
        artifact: { file: '/t/lib.so', fresh: false },
      },
    ],
    effects: ['build-done'],
  },
  {
    name: 'the screen is owned: our lines are held (and logged), then printed in order when it is released',
    given: [...ts, line(1, { kind: 'screen', owned: true })],
    when: [
      ...build(A, { success: false, diagnostics: 'error: one\n  --> two', artifact: undefined }),
      line(1, { kind: 'kept', version: 1, reason: 'x' }),
      line(1, { kind: 'screen', owned: false }),
    ],
    effects: [
      'generate-bindings',
      'build-lib',
      'hold error: one',
      'hold   --> two',
      'hold ✗ build failed (100 ms): v1 keeps running',
      'status-failed v1',
      'build-done',
      'hold host kept v1: x',
      'diag error: one\n  --> two',
      'say ✗ build failed (100 ms): v1 keeps running',
      'say host kept v1: x',
      'clear-held-log',
    ],
  },
  {
    name: 'the screen is owned and the host exits: what was held is printed',
    given: [...ts, line(1, { kind: 'screen', owned: true }), line(1, { kind: 'kept', version: 1, reason: 'x' })],
    when: [exited(1, { code: 0 })],
    effects: ['say host kept v1: x', 'clear-held-log', 'say the host exited (exit code 0): stopping', 'end 0'],
  },
  {
    name: 'migration lines of a restarted host',
    given: ts,
    when: [
      line(1, {
        kind: 'migrated',
        version: 1,
        report: 'State migrated: +lives u32 = 3 (Default), -old_timer dropped (was 41)',
      }),
      line(1, {
        kind: 'fresh',
        version: 1,
        reason: 'no snapshot: the previous host was stopped before it could write one',
      }),
    ],
    effects: [
      'say ↻ v1 State migrated: +lives u32 = 3 (Default), -old_timer dropped (was 41)',
      'say ↻ v1 state starts fresh: no snapshot: the previous host was stopped before it could write one',
    ],
  },
  {
    name: 'lines of a host that was replaced are ignored',
    given: [...ts, ...build(B), exited(1, { expected: true })],
    when: [line(1, { kind: 'kept', version: 1, reason: 'late' }), exited(1, { code: 1 })],
    effects: [],
  },
];

describe('dev loop transitions', () => {
  for (const c of cases) {
    test(c.name, () => {
      const kind = c.kind ?? 'ts';
      const { state } = run(kind, c.given);
      assert.deepEqual(run(kind, c.when, state).effects, c.effects);
    });
  }
});

test('prune keeps the current, the previous and the fallback version: .hot/ never holds more than three', () => {
  const events: LoopEvent[] = [...started('ts')];
  for (let v = 2; v <= 20; v++) events.push(...build(A), swapped(1, v));
  const { state, effects } = run('ts', events);
  assert.deepEqual(
    state.versions.map((v) => v.version),
    [19, 20],
  );
  assert.ok(effects.filter((e) => e.startsWith('prune')).every((e) => e.split(' ')[1]!.split(',').length <= 3));
});
