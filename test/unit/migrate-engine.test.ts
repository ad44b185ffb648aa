// The migration engine against every case table in test/fixtures/migration/ (ours and the Rust engine's): old
// bytes encoded from plain JSON by the old schema, migrated onto the new default, decoded and compared, and the
// report line compared word for word.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { migrate, type RemovedMemo } from '../../src/migrate/engine.js';
import { decodeValue, encodeValue, type JsonValue } from '../../src/migrate/json-values.js';
import { formatReport } from '../../src/migrate/report.js';
import { sizeOf, type FieldType, type StateSchema } from '../../src/migrate/schema.js';

interface MigrationCase {
  name: string;
  old: StateSchema;
  new: StateSchema;
  root: string;
  oldValues: JsonValue;
  newDefault: JsonValue;
  newHasDefault?: boolean;
  memo?: Record<string, { type: FieldType; value: JsonValue }>;
  expectValues: JsonValue;
  expectLine: string;
  expectMemo?: Record<string, JsonValue>;
}

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'migration');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('the case tables are there', () => {
  assert.ok(files.includes('cases.json'), `no cases.json in ${dir}`);
});

/** A memo value is stored as the bytes of a one-field struct, so it can be read through the case's old schema. */
function memoFrom(entries: MigrationCase['memo'], schema: StateSchema): RemovedMemo {
  const memo: RemovedMemo = new Map();
  for (const [key, { type, value }] of Object.entries(entries ?? {})) {
    const holder: StateSchema = { types: { ...schema.types, MemoHolder: holderLayout(schema, type) } };
    memo.set(key, { type, schema: holder, bytes: encodeValue(holder, 'MemoHolder', { value }) });
  }
  return memo;
}

function holderLayout(schema: StateSchema, type: FieldType): StateSchema['types'][string] {
  const bytes = sizeOf(schema, type)!;
  return { kind: 'struct', size: bytes, align: 1, fields: [{ name: 'value', offset: 0, size: bytes, type }] };
}

function memoValues(memo: RemovedMemo): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {};
  for (const [key, kept] of memo) {
    const holder: StateSchema = { types: { ...kept.schema.types, MemoHolder: holderLayout(kept.schema, kept.type) } };
    values[key] = (decodeValue(holder, 'MemoHolder', kept.bytes) as Record<string, JsonValue>).value!;
  }
  return values;
}

for (const file of files) {
  const cases = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as MigrationCase[];
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      const memo = memoFrom(c.memo, c.old);
      const result = migrate({
        root: c.root,
        oldSchema: c.old,
        oldBytes: encodeValue(c.old, c.root, c.oldValues),
        newSchema: c.new,
        newDefault: encodeValue(c.new, c.root, c.newDefault),
        newHasDefault: c.newHasDefault ?? true,
        memo,
      });
      assert.equal(formatReport(result.report), c.expectLine);
      assert.deepEqual(decodeValue(c.new, c.root, result.bytes), c.expectValues);
      if (c.expectMemo) assert.deepEqual(memoValues(memo), c.expectMemo);
    });
  }
}

test('padding is never copied: the new default padding stays', () => {
  const schema: StateSchema = {
    types: {
      State: {
        kind: 'struct',
        size: 8,
        align: 4,
        fields: [
          { name: 'a', offset: 0, size: 1, type: { scalar: 'u8' } },
          { name: 'b', offset: 4, size: 4, type: { scalar: 'u32' } },
        ],
      },
    },
  };
  const old = encodeValue(schema, 'State', { a: 1, b: 2 });
  old.fill(0xff, 1, 4);
  const result = migrate({
    root: 'State',
    oldSchema: schema,
    oldBytes: old,
    newSchema: schema,
    newDefault: new Uint8Array(8),
    newHasDefault: true,
    memo: new Map(),
  });
  assert.deepEqual([...result.bytes], [1, 0, 0, 0, 2, 0, 0, 0]);
});

test('a nested field removed is kept in the memo under its path, and comes back', () => {
  const vec = (fields: string[]): StateSchema['types'][string] => ({
    kind: 'struct',
    size: fields.length * 4,
    align: 4,
    fields: fields.map((name, i) => ({ name, offset: i * 4, size: 4, type: { scalar: 'f32' } })),
  });
  const schema = (fields: string[]): StateSchema => ({
    types: {
      State: {
        kind: 'struct',
        size: fields.length * 4,
        align: 4,
        fields: [{ name: 'p', offset: 0, size: fields.length * 4, type: { named: 'V' } }],
      },
      V: vec(fields),
    },
  });
  const memo: RemovedMemo = new Map();
  const three = schema(['x', 'y', 'z']);
  const two = schema(['x', 'y']);
  const first = migrate({
    root: 'State',
    oldSchema: three,
    oldBytes: encodeValue(three, 'State', { p: { x: 1, y: 2, z: 3 } }),
    newSchema: two,
    newDefault: new Uint8Array(8),
    newHasDefault: true,
    memo,
  });
  assert.equal(formatReport(first.report), 'State migrated: -p.z dropped (was 3)');
  assert.ok(memo.has('State.p.z'));
  const back = migrate({
    root: 'State',
    oldSchema: two,
    oldBytes: first.bytes,
    newSchema: three,
    newDefault: new Uint8Array(12),
    newHasDefault: true,
    memo,
  });
  assert.equal(formatReport(back.report), 'State migrated: +p.z f32 = 3 (restored)');
  assert.deepEqual(decodeValue(three, 'State', back.bytes), { p: { x: 1, y: 2, z: 3 } });
});
