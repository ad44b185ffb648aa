import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStableApi } from '../../src/runtime/stable-api.js';

test('wrappers, even destructured, call the version they were retargeted to', () => {
  const stable = createStableApi({ add: (a: number, b: number): number => a + b, name: (): string => 'v1' });
  const { add, name } = stable.api;
  assert.equal(add(2, 3), 5);
  assert.equal(name(), 'v1');
  stable.retarget({ add: (a: number, b: number) => a * b, name: () => 'v2' });
  assert.equal(add(2, 3), 6);
  assert.equal(name(), 'v2');
  assert.equal(stable.api.add(4, 5), 20);
});

test('wrappers pass every argument, beyond the fixed arities too', () => {
  const sum = (...xs: number[]): number => xs.reduce((s, x) => s + x, 0);
  const eight = (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): number =>
    sum(a, b, c, d, e, f, g, h);
  const six = (a: number, b: number, c: number, d: number, e: number, f: number): number => sum(a, b, c, d, e, f);
  const stable = createStableApi({ eight, six });
  assert.equal(stable.api.eight(1, 2, 3, 4, 5, 6, 7, 8), 36);
  assert.equal(stable.api.six(1, 2, 3, 4, 5, 6), 21);
});

test('the arity comes from koffi prototype info when present', () => {
  const koffiLike = Object.assign((...args: unknown[]) => args.length, { info: { arguments: [1, 2, 3] } });
  const stable = createStableApi({ f: koffiLike });
  assert.equal(stable.api.f.length, 3);
  assert.equal(
    (stable.api.f as (...a: unknown[]) => number)(1, 2, 3, 4),
    3,
    'a fixed-arity wrapper passes exactly its arity',
  );
});

test('onFirstCall fires once, on whichever function is called first, then calls go straight through', () => {
  const stable = createStableApi({ a: (): string => 'a1', b: (): string => 'b1' });
  const calls: string[] = [];
  stable.retarget({ a: (): string => 'a2', b: (): string => 'b2' }, (name) => calls.push(name));
  assert.equal(calls.length, 0, 'nothing before a call');
  assert.equal(stable.api.b(), 'b2');
  assert.equal(stable.api.a(), 'a2');
  assert.equal(stable.api.b(), 'b2');
  assert.deepEqual(calls, ['b']);
  stable.retarget({ a: (): string => 'a3', b: (): string => 'b3' }, (name) => calls.push(name));
  assert.equal(stable.api.a(), 'a3');
  assert.deepEqual(calls, ['b', 'a'], 'each retarget has its own first call');
});

test('a retarget missing a function changes nothing', () => {
  const stable = createStableApi({ a: (): number => 1, b: (): number => 2 });
  assert.throws(
    () => stable.retarget({ a: () => 10 } as unknown as { a: () => number; b: () => number }),
    /no function "b"/,
  );
  assert.equal(stable.api.a(), 1, 'no half-swapped api');
});

test('the api object is frozen', () => {
  const stable = createStableApi({ a: (): number => 1 });
  assert.throws(() => {
    stable.api.a = () => 2;
  });
});
