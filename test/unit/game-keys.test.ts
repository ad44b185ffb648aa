// The game host's key handling (templates/game/host/keys.ts) and frame statistics (perf.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyState } from '../../templates/game/host/keys.js';
import { FramePerf } from '../../templates/game/host/perf.js';

const none = { left: false, right: false, up: false, down: false, restart: false };

describe('game host keys', () => {
  it('holds directions until released; two keys for one direction count as one', () => {
    const keys = new KeyState();
    keys.apply({ type: 'key', code: 'ArrowLeft', down: true });
    keys.apply({ type: 'key', code: 'KeyA', down: true });
    keys.apply({ type: 'key', code: 'KeyW', down: true });
    assert.deepEqual(keys.take(), { ...none, left: true, up: true });
    keys.apply({ type: 'key', code: 'KeyA', down: false });
    assert.deepEqual(keys.take(), { ...none, left: true, up: true }, 'ArrowLeft still held');
    keys.apply({ type: 'release-all' });
    assert.deepEqual(keys.take(), none);
  });

  it('a restart press counts for one step only', () => {
    const keys = new KeyState();
    keys.apply({ type: 'key', code: 'KeyR', down: true });
    assert.equal(keys.take().restart, true);
    assert.equal(keys.take().restart, false);
  });

  it('ignores anything that is not a known key message', () => {
    const keys = new KeyState();
    for (const message of [
      null,
      'x',
      { type: 'key', code: 'KeyQ', down: true },
      { type: 'key', code: 'ArrowUp', down: 'yes' },
      { type: 'eval' },
    ]) {
      assert.equal(keys.apply(message), false);
    }
    assert.deepEqual(keys.take(), none);
  });
});

describe('game host frame statistics', () => {
  it('reports median, min, max and drops per period, then starts over', () => {
    const perf = new FramePerf();
    assert.equal(perf.report(), undefined);
    for (const ms of [4, 1, 3, 2]) perf.add(ms);
    perf.drop();
    assert.deepEqual(perf.report(), { frames: 4, medianMs: 2.5, minMs: 1, maxMs: 4, dropped: 1 });
    perf.add(7);
    assert.deepEqual(perf.report(), { frames: 1, medianMs: 7, minMs: 7, maxMs: 7, dropped: 0 });
  });
});
