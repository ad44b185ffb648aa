import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatFirstCall,
  formatFresh,
  formatKept,
  formatLoaded,
  formatMigrated,
  formatScreen,
  formatSwapped,
  parseHostLine,
  SNAPSHOT_CAPABLE_LINE,
} from '../../src/runtime/swap-line.js';

test('swap lines have the exact agreed format', () => {
  assert.equal(formatSwapped(3, 0.4321), '[hot-reload] swapped to v3 in 0.4 ms');
  assert.equal(formatSwapped(12, 152.6), '[hot-reload] swapped to v12 in 153 ms');
  assert.equal(formatLoaded(1, 2.06), '[hot-reload] loaded v1 in 2.1 ms');
  assert.equal(formatKept(4, 'bad\n  file'), '[hot-reload] kept v4: bad file');
  assert.equal(formatFirstCall(5, 812.4), '[hot-reload] first call of v5 after 812 ms');
});

test('parseHostLine reads what the formatters write, and what a Rust host prints', () => {
  assert.deepEqual(parseHostLine(formatSwapped(7, 3)), { kind: 'swapped', version: 7, ms: 3 });
  assert.deepEqual(parseHostLine('[hot-reload] swapped to v7 in 12 ms\r'), { kind: 'swapped', version: 7, ms: 12 });
  assert.deepEqual(parseHostLine(formatLoaded(1, 0.25)), { kind: 'loaded', version: 1, ms: 0.3 });
  assert.deepEqual(parseHostLine(formatKept(2, 'v3 has a different ABI')), {
    kind: 'kept',
    version: 2,
    reason: 'v3 has a different ABI',
  });
  assert.deepEqual(parseHostLine(formatFirstCall(5, 3.25)), { kind: 'called', version: 5, ms: 3.3 });
});

test('parseHostLine ignores the host program output', () => {
  for (const line of [
    'doing stuff in iteration 3',
    '[hot-reload] swapped to vX in 1 ms',
    ' [hot-reload] loaded v1 in 1 ms',
    '',
  ]) {
    assert.equal(parseHostLine(line), undefined, line);
  }
});

test('the lines of state migration, restart with snapshot and screen ownership (contract §3, §4, §7)', () => {
  const report = 'State migrated: +lives u32 = 3 (Default), -old_timer dropped (was 41)';
  assert.equal(formatMigrated(5, report), `[hot-reload] migrated v5: ${report}`);
  assert.deepEqual(parseHostLine(formatMigrated(5, report)), { kind: 'migrated', version: 5, report });
  const reason = 'no snapshot: the previous host was stopped before it could write one';
  assert.equal(formatFresh(5, reason), `[hot-reload] fresh v5: ${reason} (the state starts from its default)`);
  assert.deepEqual(parseHostLine(formatFresh(5, reason)), { kind: 'fresh', version: 5, reason });
  assert.deepEqual(parseHostLine('[hot-reload] fresh v2: layout changed'), {
    kind: 'fresh',
    version: 2,
    reason: 'layout changed',
  });
  assert.equal(SNAPSHOT_CAPABLE_LINE, '[hot-reload] snapshot-capable');
  assert.deepEqual(parseHostLine(SNAPSHOT_CAPABLE_LINE), { kind: 'snapshot-capable' });
  assert.deepEqual(parseHostLine(formatScreen(true)), { kind: 'screen', owned: true });
  assert.deepEqual(parseHostLine('[hot-reload] screen released'), { kind: 'screen', owned: false });
  assert.equal(parseHostLine('[hot-reload] screen borrowed'), undefined);
});
