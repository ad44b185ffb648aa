// The runtime's migration pieces without cargo: the state lines of contract §3/§4, the plan (in process or
// restart), the snapshot file, and state memory migrated in place (real koffi memory, the pointer unchanged).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import koffi from 'koffi';
import type { BindingsSpec } from '../../src/bindings/spec-from-model.js';
import { encodeValue, decodeValue } from '../../src/migrate/json-values.js';
import type { LayoutFile } from '../../src/migrate/layout-file.js';
import type { StateSchema } from '../../src/migrate/schema.js';
import { LibController } from '../../src/runtime/controller.js';
import { HotLib } from '../../src/runtime/hot-lib.js';
import { changedFunction, planMigration } from '../../src/runtime/migration-plan.js';
import { readSnapshot, snapshotPath, writeSnapshot } from '../../src/runtime/snapshot-file.js';
import { StateMemory } from '../../src/runtime/state-memory.js';
import { formatFresh, formatMigrated, parseHostLine, SNAPSHOT_CAPABLE_LINE } from '../../src/runtime/swap-line.js';
import type { PublishedVersion } from '../../src/runtime/types.js';
import { tempDir } from '../support/fs.js';

const spec = (returns = 'void'): BindingsSpec => ({
  crate: 'c',
  abi: 'a',
  types: {},
  functions: { step: { params: [{ ptr: 'State', mut: true }], returns } },
});

function layout(fields: [string, 'u32' | 'u64'][], defaults: Record<string, number> | null = {}): LayoutFile {
  let offset = 0;
  const laid = fields.map(([name, scalar]) => {
    const size = scalar === 'u64' ? 8 : 4;
    offset = Math.ceil(offset / size) * size;
    const field = { name, offset, size, type: { scalar } };
    offset += size;
    return field;
  });
  const align = Math.max(4, ...laid.map((f) => f.size));
  const schema: StateSchema = {
    types: { State: { kind: 'struct', size: Math.ceil(offset / align) * align, align, fields: laid } },
  };
  const hex = defaults ? Buffer.from(encodeValue(schema, 'State', defaults)).toString('hex') : null;
  return { abi: fields.map((f) => f.join(':')).join(','), schema, defaults: { State: hex }, bindings: spec() };
}

test('state lines: formatted and parsed back', () => {
  const migrated = formatMigrated(5, 'State migrated: +lives u32 = 3 (Default)');
  assert.equal(migrated, '[hot-reload] migrated v5: State migrated: +lives u32 = 3 (Default)');
  assert.deepEqual(parseHostLine(migrated), {
    kind: 'migrated',
    version: 5,
    report: 'State migrated: +lives u32 = 3 (Default)',
  });
  const fresh = formatFresh(6, 'State is no longer a struct');
  assert.equal(fresh, '[hot-reload] fresh v6: State is no longer a struct (the state starts from its default)');
  assert.deepEqual(parseHostLine(fresh), { kind: 'fresh', version: 6, reason: 'State is no longer a struct' });
  assert.deepEqual(parseHostLine(SNAPSHOT_CAPABLE_LINE), { kind: 'snapshot-capable' });
  assert.equal(parseHostLine('doing stuff in iteration 3'), undefined);
});

test('a function the host declares must keep its name and types (by type name)', () => {
  assert.equal(changedFunction(spec(), spec()), undefined);
  assert.equal(changedFunction(spec(), spec('u64')), 'fn step changed its parameters or return type');
  assert.equal(changedFunction(spec(), { ...spec(), functions: {} }), 'fn step was removed');
  const more = spec();
  more.functions.other = { params: [], returns: 'void' };
  assert.equal(changedFunction(spec(), more), undefined, 'a new function is no obstacle');
});

test('plan: in process, restart, or fresh with the reason', () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.hot'));
  const next = layout(
    [
      ['counter', 'u64'],
      ['lives', 'u32'],
    ],
    { lives: 3 },
  );
  fs.writeFileSync(path.join(root, '.hot', 'c-2.layout.json'), JSON.stringify(next));
  const published: PublishedVersion = {
    version: 2,
    path: '.hot/c-2.so',
    abi: 'b',
    crate: 'c',
    changedAt: 0,
    buildMs: 0,
    layout: '.hot/c-2.layout.json',
  };
  const memory = new StateMemory();
  const current = layout([['counter', 'u64']]);
  assert.equal(planMigration({ root, published, hostSpec: spec(), current, memory }).kind, 'in-process');
  assert.deepEqual(planMigration({ root, published, hostSpec: spec('u64'), current, memory }), {
    kind: 'restart',
    reason: 'fn step changed its parameters or return type',
  });
  assert.deepEqual(planMigration({ root, published, hostSpec: spec(), current: undefined, memory }), {
    kind: 'fresh',
    reason: 'the layouts of the running version are unknown',
  });
  assert.equal(
    planMigration({ root, published: { ...published, layout: undefined }, hostSpec: spec(), current, memory }).kind,
    'fresh',
  );
  fs.writeFileSync(
    path.join(root, '.hot', 'c-2.layout.json'),
    JSON.stringify({ ...next, refused: 'layout check failed: State.x' }),
  );
  assert.deepEqual(planMigration({ root, published, hostSpec: spec(), current, memory }), {
    kind: 'fresh',
    reason: 'layout check failed: State.x',
  });
});

test('state memory: migrated in place, the pointer unchanged, removed values kept for the session', () => {
  const memory = new StateMemory();
  const v1 = layout([
    ['counter', 'u64'],
    ['timer', 'u32'],
  ]);
  const v2 = layout(
    [
      ['lives', 'u32'],
      ['counter', 'u64'],
    ],
    { lives: 3 },
  );
  const ptr = memory.alloc('State', v1.schema.types.State!.size);
  memory.view(ptr).set(encodeValue(v1.schema, 'State', { counter: 12, timer: 41 }));
  assert.equal(memory.obstacle(v2), undefined);
  assert.deepEqual(memory.migrateAll(v1, v2), [
    'State migrated: +lives u32 = 3 (Default), -timer dropped (was 41), rename? add `/// hot: was timer` above lives',
  ]);
  const struct = koffi.struct({ lives: 'uint32_t', counter: 'uint64_t' });
  assert.deepEqual(koffi.decode(ptr, struct), { lives: 3, counter: 12 }, 'the same pointer reads the new layout');
  const v3 = layout(
    [
      ['lives', 'u32'],
      ['counter', 'u64'],
      ['timer', 'u32'],
    ],
    { lives: 3 },
  );
  assert.deepEqual(memory.migrateAll(v2, v3), ['State migrated: +timer u32 = 41 (restored)']);
  const huge = layout(Array.from({ length: 200 }, (_, i): [string, 'u64'] => [`f${i}`, 'u64']));
  assert.match(memory.obstacle(huge) ?? '', /^State grew to 1600 bytes, beyond the 256 reserved$/);
  memory.freeAll();
});

test('snapshot file: written atomically, read back whole, memo included', () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.hot'));
  const memory = new StateMemory();
  const v1 = layout([['counter', 'u64']]);
  const ptr = memory.alloc('State', 8);
  memory.view(ptr).set(encodeValue(v1.schema, 'State', { counter: 99 }));
  memory.memo.set('State.old', { type: { scalar: 'u32' }, schema: v1.schema, bytes: new Uint8Array([41, 0, 0, 0]) });
  writeSnapshot(root, memory.snapshotFile(4, v1));
  assert.deepEqual(fs.readdirSync(path.join(root, '.hot')), ['snapshot-ts.bin'], 'no temp file left');
  const back = readSnapshot(root)!;
  assert.equal(back.version, 4);
  assert.deepEqual(decodeValue(back.schema, 'State', back.allocations[0]!.bytes), { counter: 99 });
  assert.deepEqual([...back.memo.get('State.old')!.bytes], [41, 0, 0, 0]);
  fs.writeFileSync(snapshotPath(root), '{"format":"other"}');
  assert.throws(() => readSnapshot(root), /not a snapshot this host can read/);
  memory.freeAll();
});

test('lib.snapshot / lib.restore (contract §6): bytes back as they were, migrated when the layout differs', () => {
  const State = koffi.struct({ counter: 'uint64_t' });
  const v1 = layout([['counter', 'u64']]);
  const controller = new LibController(
    { version: 1, api: {}, unload: () => {} },
    { crate: 'c', abi: 'a', functions: [], bind: () => ({}), types: { State } },
    v1,
  );
  const lib = new HotLib(controller);
  try {
    const ptr = lib.alloc(State, { counter: 5 });
    const snapshot = lib.snapshot(ptr);
    lib.write(ptr, State, { counter: 9 });
    assert.equal(lib.restore(ptr, snapshot), 'State unchanged');
    assert.deepEqual(lib.read(ptr, State), { counter: 5 });
    const older = {
      type: 'State',
      schema: layout([
        ['counter', 'u32'],
        ['gone', 'u32'],
      ]).schema,
      bytes: new Uint8Array([7, 0, 0, 0, 1, 0, 0, 0]),
    };
    assert.equal(lib.restore(ptr, older), 'State migrated: counter u32→u64, -gone dropped (was 1)');
    assert.deepEqual(lib.read(ptr, State), { counter: 7 });
  } finally {
    lib.close();
  }
});
