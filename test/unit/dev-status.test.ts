import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  devLine,
  formatMigration,
  formatReload,
  formatRestart,
  formatStarted,
  formatStateCarried,
} from '../../src/dev/status.js';

test('the reload line', () => {
  assert.equal(
    formatReload({ version: 7, buildMs: 152.4, how: 'swapped', ms: 3 }),
    '↻ v7  built 152 ms  swapped 3.0 ms',
  );
  assert.equal(
    formatReload({ version: 7, buildMs: 152.4, how: 'swapped', ms: 0.42, saveToRunMs: 190.2 }),
    '↻ v7  built 152 ms  swapped 0.4 ms  save→swap 190 ms',
  );
  assert.equal(
    formatReload({ version: 2, buildMs: 900, how: 'loaded', ms: 12.3, saveToRunMs: 1500 }),
    '↻ v2  built 900 ms  loaded 12 ms  save→load 1500 ms',
  );
  assert.equal(
    formatReload({ version: 1, buildMs: 400, how: 'loaded', ms: 0.7, readyMs: 1677 }),
    '↻ v1  built 400 ms  loaded 0.7 ms  ready in 1.7 s',
  );
  assert.equal(
    formatReload({ version: 3, buildMs: 100, how: 'swapped', ms: 0.4, saveToRunMs: 140, saveToCallMs: 700 }),
    '↻ v3  built 100 ms  swapped 0.4 ms  save→swap 140 ms  save→call 700 ms',
  );
});

test('restart, start and prefix lines', () => {
  assert.deepEqual(formatRestart('the ABI changed', ['struct State: field added: extra: u32']), [
    '⟳ restarting the host: the ABI changed',
    '    struct State: field added: extra: u32',
  ]);
  assert.deepEqual(formatStateCarried(['struct State: field added: lives: u32']), [
    '⟳ the ABI changed: the host carries its state over (in place, or across a restart)',
    '    struct State: field added: lives: u32',
  ]);
  assert.equal(formatStarted(3, 'node host/main.ts'), '▶ host started on v3 (node host/main.ts)');
  assert.equal(devLine('x'), '[dev] x');
});

test('migration lines (contract §3)', () => {
  assert.equal(
    formatMigration(5, { kind: 'migrated', report: 'State migrated: +lives u32 = 3 (Default)' }),
    '↻ v5 State migrated: +lives u32 = 3 (Default)',
  );
  assert.equal(formatMigration(5, { kind: 'fresh', reason: 'no snapshot' }), '↻ v5 state starts fresh: no snapshot');
});
