// The browser host's looped live editing (templates/game/host/live-loop.ts) and the one-byte input it records
// (keys.ts), on a toy game whose state adds up its inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packInput, unpackInput, type GameInput } from '../../templates/game/host/keys.js';
import { LiveLoop, MAX_LOOP_FRAMES } from '../../templates/game/host/live-loop.js';

function toyGame(): { loop: LiveLoop<number>; state: { value: number }; step(live: number): void } {
  const loop = new LiveLoop<number>();
  const state = { value: 100 };
  const step = (live: number): void => {
    const input = loop.next(live, (start) => (state.value = start)); // restores first, at a pass's start
    state.value += input;
  };
  return { loop, state, step };
}

describe('game host live loop', () => {
  it('records, then replays from the start with the recorded inputs, pass after pass', () => {
    const { loop, state, step } = toyGame();
    loop.toggle(() => state.value);
    assert.equal(loop.phase, 'recording');
    for (const live of [1, 2, 3]) step(live);
    assert.equal(state.value, 106);
    loop.toggle(() => state.value);
    assert.deepEqual([loop.phase, loop.length, loop.position], ['looping', 3, 0]);
    const ends: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      for (let frame = 0; frame < 3; frame++) {
        step(50); // live input is ignored while looping
        assert.equal(loop.atPassStart, frame === 2, `frame ${frame}`);
      }
      ends.push(state.value);
    }
    assert.deepEqual(ends, [106, 106, 106]);
    assert.equal(loop.passes, 3);
  });

  it('Esc plays on from where the replay is, with live input', () => {
    const { loop, state, step } = toyGame();
    loop.toggle(() => state.value);
    step(1);
    step(2);
    loop.toggle(() => state.value);
    step(0); // a pass starts: back to 100, then +1
    assert.equal(state.value, 101);
    loop.leave();
    assert.deepEqual([loop.phase, loop.atPassStart], ['off', true]);
    step(7);
    assert.equal(state.value, 108);
  });

  it('L with nothing recorded keeps recording; L while looping records anew from the current state', () => {
    const { loop, state, step } = toyGame();
    loop.toggle(() => state.value);
    loop.toggle(() => state.value);
    assert.equal(loop.phase, 'recording');
    step(1);
    loop.toggle(() => state.value);
    step(0);
    step(0); // 100 + 1, then a new pass: 100 + 1
    loop.toggle(() => state.value);
    assert.deepEqual([loop.phase, loop.length], ['recording', 0]);
    step(5);
    loop.toggle(() => state.value);
    step(0);
    assert.equal(state.value, 106, 'the new loop starts at 101');
  });

  it('a recording that reaches the cap closes into a loop by itself', () => {
    const { loop, state, step } = toyGame();
    loop.toggle(() => state.value);
    for (let i = 0; i < MAX_LOOP_FRAMES; i++) step(1);
    assert.deepEqual([loop.phase, loop.length, loop.position], ['looping', MAX_LOOP_FRAMES, 0]);
  });

  it('packs an input into one byte and back, every combination', () => {
    const keys: (keyof GameInput)[] = ['left', 'right', 'up', 'down', 'restart'];
    for (let bits = 0; bits < 32; bits++) {
      const input = Object.fromEntries(keys.map((key, i) => [key, (bits & (1 << i)) !== 0])) as unknown as GameInput;
      const byte = packInput(input);
      assert.ok(byte >= 0 && byte < 256);
      assert.deepEqual(unpackInput(byte), input);
    }
  });
});
