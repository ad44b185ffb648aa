import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePublishedVersion } from '../../src/runtime/published.js';

const good = { version: 3, path: '.hot/app_lib-3.so', abi: 'abc', crate: 'app_lib', changedAt: 1, buildMs: 150 };

test('a well-formed current.json parses', () => {
  assert.deepEqual(parsePublishedVersion(JSON.stringify(good)), good);
});

test('missing or mistyped fields are refused with the field named', () => {
  for (const [key, value] of [
    ['version', '3'],
    ['path', 1],
    ['abi', null],
    ['crate', undefined],
    ['buildMs', 'x'],
  ] as const) {
    const text = JSON.stringify({ ...good, [key]: value });
    assert.throws(() => parsePublishedVersion(text), new RegExp(`"${key}"`));
  }
  assert.throws(() => parsePublishedVersion(JSON.stringify({ ...good, version: 0 })), /positive integer/);
  assert.throws(() => parsePublishedVersion('[]'), /"version"/);
});

test('a path outside .hot/ is never accepted', () => {
  for (const path of ['/etc/passwd', 'target/debug/libx.so', '.hot/../x.so', '../.hot/x.so']) {
    assert.throws(() => parsePublishedVersion(JSON.stringify({ ...good, path })), /inside \.hot/, path);
  }
});
