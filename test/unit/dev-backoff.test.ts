import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffAfterCrash } from '../../src/dev/backoff.js';

const options = { baseMs: 500, maxMs: 4000, stableMs: 10_000 };

/** Feeds crashes (each with its uptime) through the back-off; returns the delays. */
function delays(uptimes: number[]): number[] {
  let count = 0;
  return uptimes.map((uptime) => {
    const next = backoffAfterCrash(count, uptime, options);
    count = next.crashesInARow;
    return next.delayMs;
  });
}

test('quick crashes in a row back off exponentially up to the cap', () => {
  assert.deepEqual(delays([100, 100, 100, 100, 100, 100]), [0, 500, 1000, 2000, 4000, 4000]);
  assert.equal(backoffAfterCrash(5, 100, options).crashesInARow, 6);
});

test('a host that ran a while starts the count again', () => {
  assert.deepEqual(delays([100, 100, 60_000, 100]), [0, 500, 0, 500]);
});
