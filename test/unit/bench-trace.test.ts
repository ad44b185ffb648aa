import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phasesOf, type TraceRecord } from '../../bench/trace.js';

const records: TraceRecord[] = [
  { event: 'called', t: 5, marker: 1 }, // the previous edit's call: before the save, ignored
  { event: 'change', t: 11 },
  { event: 'change', t: 12 },
  { event: 'build', t: 41 },
  { event: 'cargo-start', t: 43 },
  { event: 'cargo-end', t: 143 },
  { event: 'published', t: 145, version: 3 },
  { event: 'swapped', t: 146, version: 3 },
  { event: 'called', t: 146.5, marker: 2 },
];

test('phasesOf splits one save into its phases, from the first event of each kind after the save', () => {
  assert.deepEqual(phasesOf(records, 10, 2), {
    detected: 1,
    settle: 30,
    bindings: 2,
    cargo: 100,
    publish: 2,
    swap: 1,
    firstCall: 0.5,
    total: 136.5,
  });
});

test('phasesOf is undefined when an event is missing (no call with the marker yet)', () => {
  assert.equal(phasesOf(records, 10, 3), undefined);
  assert.equal(
    phasesOf(
      records.filter((r) => r.event !== 'swapped'),
      10,
      2,
    ),
    undefined,
  );
});
