import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashBackoff } from '../../src/dev/backoff.js';

test('quick crashes in a row back off exponentially up to the cap', () => {
  const backoff = new CrashBackoff({ baseMs: 500, maxMs: 4000, stableMs: 10_000 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => backoff.onCrash(100)), [0, 500, 1000, 2000, 4000, 4000]);
  assert.equal(backoff.crashesInARow, 6);
});

test('a host that ran a while, or a user action, starts the count again', () => {
  const backoff = new CrashBackoff({ baseMs: 500, maxMs: 4000, stableMs: 10_000 });
  backoff.onCrash(100);
  assert.equal(backoff.onCrash(100), 500);
  assert.equal(backoff.onCrash(60_000), 0, 'ran a minute: not a loop');
  assert.equal(backoff.onCrash(100), 500);
  backoff.reset();
  assert.equal(backoff.onCrash(100), 0);
});
