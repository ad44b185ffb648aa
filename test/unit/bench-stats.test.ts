import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, formatSummary, renderTable, summarize, verdict } from '../../bench/stats.js';

test('summarize: median of odd and even counts, min, max, n; input left unsorted', () => {
  const values = [5, 1, 3];
  assert.deepEqual(summarize(values), { n: 3, median: 3, min: 1, max: 5 });
  assert.deepEqual(values, [5, 1, 3]);
  assert.deepEqual(summarize([4, 1, 3, 2]), { n: 4, median: 2.5, min: 1, max: 4 });
  assert.deepEqual(summarize([7]), { n: 1, median: 7, min: 7, max: 7 });
});

test('summarize refuses an empty sample', () => {
  assert.throws(() => summarize([]), /no samples/);
});

test('formatNumber keeps about three significant digits', () => {
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(0.04321), '0.043');
  assert.equal(formatNumber(3.14159), '3.14');
  assert.equal(formatNumber(42.26), '42.3');
  assert.equal(formatNumber(155.4), '155');
  assert.equal(formatNumber(1234.5), '1235');
});

test('formatSummary: median (min–max) unit', () => {
  assert.equal(formatSummary({ n: 3, median: 155.4, min: 150, max: 171.2 }, 'ms'), '155 (150–171) ms');
});

test('renderTable: header, separator, one line per row, pipes escaped', () => {
  const table = renderTable([{ item: '1', what: 'a | b', n: '10', result: '1 ms', target: verdict('≤ 1.0', true) }]);
  assert.deepEqual(table.split('\n'), [
    '| # | what | n | median (min–max) | target |',
    '| --- | --- | --- | --- | --- |',
    '| 1 | a \\| b | 10 | 1 ms | ≤ 1.0: met |',
  ]);
  assert.equal(verdict('< 200 ms', false), '< 200 ms: **NOT met**');
});
