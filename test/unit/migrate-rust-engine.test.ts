// The Rust host's migration engine (templates/base/src/hot_lib/migrate.rs, the file projects get) against every
// case table in test/fixtures/migration/: each case's schemas are rendered into the same `LAYOUTS` statics that
// src/hot_lib.rs carries (src/bindings/emit-rust-layout.ts), its values encoded as bytes, and one Rust program with
// every case is built with rustc and run; its result bytes are decoded and compared, and its report line word for
// word. Each case's schemas, values and memo also go through the snapshot file format (snapshot.rs) and back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { renderLayouts, scalarVariant, type TypeRender } from '../../src/bindings/emit-rust-layout.js';
import type { JsonValue } from '../../src/migrate/json-values.js';
import type { FieldLayout, FieldType, StateSchema, TypeLayout } from '../../src/migrate/schema.js';
import { templatesDir } from '../../src/own-package.js';
import { run } from '../support/process.js';

type Json = JsonValue;
type Schema = StateSchema;
interface Case {
  name: string;
  old: Schema;
  new: Schema;
  root: string;
  oldValues: Json;
  newDefault: Json;
  newHasDefault?: boolean;
  memo?: Record<string, { type: FieldType; value: Json }>;
  expectValues: Json;
  expectLine: string;
  expectMemo?: Record<string, Json>;
}

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'migration');
const HOT_LIB = path.join(templatesDir, 'base', 'src', 'hot_lib');
const SIZES: Record<string, number> = { u8: 1, i8: 1, bool: 1, c_char: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4 };
const scalarSize = (name: string): number => SIZES[name] ?? 8;

function sizeOf(schema: Schema, type: FieldType): number {
  if ('scalar' in type) return scalarSize(type.scalar);
  if ('pointer' in type) return 8;
  if ('array' in type) return sizeOf(schema, type.array) * type.length;
  return schema.types[type.named]!.size;
}

// ---- values as plain JSON <-> bytes (little-endian), the fixtures' conventions ----------------------------

function write(schema: Schema, type: FieldType, view: DataView, at: number, value: Json | undefined): void {
  if (value === undefined || value === null) {
    if ('named' in type && schema.types[type.named]?.kind === 'enum')
      write(schema, type, view, at, firstVariant(schema, type.named));
    else if ('array' in type) write(schema, type, view, at, []);
    else if ('named' in type) write(schema, type, view, at, {});
    return;
  }
  if ('pointer' in type) return view.setBigUint64(at, BigInt(value as number), true);
  if ('scalar' in type) return writeScalar(view, at, type.scalar, value);
  if ('array' in type) {
    const stride = sizeOf(schema, type.array);
    for (let i = 0; i < type.length; i++) write(schema, type.array, view, at + i * stride, (value as Json[])[i]);
    return;
  }
  const layout = schema.types[type.named]!;
  if (layout.kind === 'enum') {
    const raw = typeof value === 'string' ? layout.variants.find((v) => v.name === value)!.value : (value as number);
    return writeScalar(view, at, layout.repr, raw);
  }
  for (const field of layout.fields)
    write(schema, field.type, view, at + field.offset, (value as Record<string, Json>)[field.name]);
}

function firstVariant(schema: Schema, name: string): Json {
  const layout = schema.types[name]!;
  return layout.kind === 'enum' ? (layout.variants[0]?.name ?? 0) : 0;
}

function writeScalar(view: DataView, at: number, scalar: string, value: Json): void {
  const big = (): bigint => BigInt(typeof value === 'boolean' ? Number(value) : (value as number | string));
  switch (scalar) {
    case 'bool':
      return view.setUint8(at, typeof value === 'boolean' ? Number(value) : Number(value));
    case 'u8':
      return view.setUint8(at, Number(value));
    case 'i8':
    case 'c_char':
      return view.setInt8(at, Number(value));
    case 'u16':
      return view.setUint16(at, Number(value), true);
    case 'i16':
      return view.setInt16(at, Number(value), true);
    case 'u32':
      return view.setUint32(at, Number(value), true);
    case 'i32':
      return view.setInt32(at, Number(value), true);
    case 'f32':
      return view.setFloat32(at, Number(value), true);
    case 'f64':
      return view.setFloat64(at, Number(value), true);
    case 'u64':
    case 'usize':
      return view.setBigUint64(at, big(), true);
    default:
      return view.setBigInt64(at, big(), true);
  }
}

function read(schema: Schema, type: FieldType, view: DataView, at: number): Json {
  if ('pointer' in type) return Number(view.getBigUint64(at, true));
  if ('scalar' in type) return readScalar(view, at, type.scalar);
  if ('array' in type) {
    const stride = sizeOf(schema, type.array);
    return Array.from({ length: type.length }, (_, i) => read(schema, type.array, view, at + i * stride));
  }
  const layout = schema.types[type.named]!;
  if (layout.kind === 'enum') {
    const value = readScalar(view, at, layout.repr);
    return layout.variants.find((v) => v.value === value)?.name ?? value;
  }
  return Object.fromEntries(layout.fields.map((f) => [f.name, read(schema, f.type, view, at + f.offset)]));
}

function readScalar(view: DataView, at: number, scalar: string): Json {
  const big = (value: bigint): Json => (Number.isSafeInteger(Number(value)) ? Number(value) : String(value));
  switch (scalar) {
    case 'bool': {
      const b = view.getUint8(at);
      return b <= 1 ? b === 1 : b;
    }
    case 'u8':
      return view.getUint8(at);
    case 'i8':
    case 'c_char':
      return view.getInt8(at);
    case 'u16':
      return view.getUint16(at, true);
    case 'i16':
      return view.getInt16(at, true);
    case 'u32':
      return view.getUint32(at, true);
    case 'i32':
      return view.getInt32(at, true);
    case 'f32':
      return shortestF32(view.getFloat32(at, true));
    case 'f64':
      return view.getFloat64(at, true);
    case 'u64':
    case 'usize':
      return big(view.getBigUint64(at, true));
    default:
      return big(view.getBigInt64(at, true));
  }
}

function shortestF32(value: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const text = Number(value.toPrecision(digits));
    if (Math.fround(text) === value) return text;
  }
  return value;
}

function encode(schema: Schema, type: FieldType, value: Json): number[] {
  const bytes = new Uint8Array(sizeOf(schema, type));
  write(schema, type, new DataView(bytes.buffer), 0, value);
  return [...bytes];
}

function decode(schema: Schema, type: FieldType, hex: string): Json {
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  return read(schema, type, new DataView(bytes.buffer), 0);
}

// ---- rendering the cases into one Rust program ----------------------------------------------------------------

function tyExpr(type: FieldType): string {
  if ('scalar' in type) return `layout::Ty::Scalar(migrate::Scalar::${scalarVariant(type.scalar)})`;
  if ('named' in type) return `layout::Ty::Named(${JSON.stringify(type.named)})`;
  if ('array' in type) return `layout::Ty::Array(&${tyExpr(type.array)}, ${type.length})`;
  return `layout::Ty::Pointer(migrate::Pointer::${scalarVariant(type.pointer)})`;
}

/** A fixture schema as the statics src/hot_lib.rs carries; the "compiler's" numbers are the fixture's own. */
function schemaModule(name: string, schema: Schema): string {
  return layoutsModule(name, renderTypes(schema));
}

function renderTypes(schema: Schema): TypeRender[] {
  return Object.entries(schema.types).map(([typeName, t]) => ({
    name: typeName,
    size: String(t.size),
    align: String(t.align),
    expected: [t.size, t.align],
    shape:
      t.kind === 'enum'
        ? { repr: t.repr, variants: t.variants.map((v) => ({ name: v.name, value: String(v.value) })) }
        : {
            fields: t.fields.map((f) => ({
              name: f.name,
              offset: String(f.offset),
              size: String(f.size),
              expected: [f.offset, f.size],
              ty: tyExpr(f.type),
              ...(f.was === undefined ? {} : { was: f.was }),
              ...(f.reset ? { reset: true } : {}),
            })),
          },
  }));
}

function layoutsModule(name: string, types: TypeRender[]): string {
  return [
    `mod ${name} {`,
    '    use super::{layout, migrate};',
    "    pub fn layouts() -> &'static [layout::TypeLayout] { &LAYOUTS }",
    ...renderLayouts(types, '    '),
    '}',
  ].join('\n');
}

/** A memo value travels as the one field of a holder struct, so its type is read through the case's old schema. */
function withHolder(schema: Schema, type: FieldType): Schema {
  const size = sizeOf(schema, type);
  return {
    types: {
      ...schema.types,
      MemoHolder: { kind: 'struct', size, align: 1, fields: [{ name: 'value', offset: 0, size, type }] },
    },
  };
}

function renderProgram(cases: Case[]): string {
  const parts = [
    `#[path = ${JSON.stringify(path.join(HOT_LIB, 'migrate.rs'))}]`,
    'mod migrate;',
    `#[path = ${JSON.stringify(path.join(HOT_LIB, 'layout.rs'))}]`,
    'mod layout;',
    `#[path = ${JSON.stringify(path.join(HOT_LIB, 'snapshot.rs'))}]`,
    'mod snapshot;',
    'use migrate::{FieldType, Layout, Memo, Removed, Schema};',
    'fn schema(layouts: &[layout::TypeLayout]) -> Schema { layout::schema(layouts).expect("fixture layouts") }',
    'fn hex(bytes: &[u8]) -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() }',
    'fn holder_type(schema: &Schema) -> FieldType {',
    '    let Some(Layout::Struct { fields, .. }) = schema.types.get("MemoHolder") else { panic!("no holder") };',
    '    fields[0].ty.clone()',
    '}',
    'fn run(index: usize, root: &str, old: Schema, old_bytes: &[u8], new: Schema, default: &[u8], has_default: bool, mut memo: Memo) {',
    '    let input = migrate::Input { root, old_schema: &old, old_bytes, new_schema: &new, new_default: default, new_has_default: has_default };',
    '    let (bytes, report) = migrate::migrate(&input, &mut memo);',
    // Both schemas, both values and the memo through the snapshot file format and back.
    '    let values = vec![("old".to_string(), root.to_string(), old.clone(), old_bytes.to_vec()), ("new".to_string(), root.to_string(), new.clone(), bytes.clone())];',
    '    let text = snapshot::Snapshot { from: index as u64, values, memo: memo.clone() }.to_text();',
    '    let again = snapshot::Snapshot::parse(&text).map(|s| s.to_text());',
    '    let snapshot = if again.as_deref() == Ok(text.as_str()) { "snapshot ok".to_string() } else { format!("{again:?} from {text:?}") };',
    '    let memo: Vec<String> = memo.iter().map(|(k, v)| format!("{k}={}", hex(&v.bytes))).collect();',
    '    println!("case {index}\\t{}\\t{}\\t{}\\t{snapshot}", hex(&bytes), report.line(), memo.join(";"));',
    '}',
  ];
  // The compiler's numbers differing from the model's: a field's offset, then a struct's size.
  const [plain] = renderTypes({
    types: {
      State: {
        kind: 'struct',
        size: 8,
        align: 4,
        fields: [
          { name: 'a', offset: 0, size: 4, type: { scalar: 'u32' } },
          { name: 'b', offset: 4, size: 4, type: { scalar: 'u32' } },
        ],
      },
    },
  });
  const fields = 'fields' in plain!.shape ? plain!.shape.fields : [];
  const offset = {
    ...plain!,
    shape: { fields: [fields[0]!, { ...fields[1]!, expected: [0, 4] as [number, number] }] },
  };
  parts.push(layoutsModule('offset_differs', [offset]), layoutsModule('size_differs', [{ ...plain!, size: '12' }]));
  const main: string[] = [
    'fn main() {',
    '    for layouts in [offset_differs::layouts(), size_differs::layouts()] {',
    '        println!("refused\\t{}", layout::schema(layouts).err().unwrap_or_default());',
    '    }',
  ];
  cases.forEach((c, i) => {
    parts.push(schemaModule(`case${i}_old`, c.old), schemaModule(`case${i}_new`, c.new));
    main.push('    {', '        let mut memo = Memo::new();');
    Object.entries(c.memo ?? {}).forEach(([key, { type, value }], m) => {
      const holder = withHolder(c.old, type);
      parts.push(schemaModule(`case${i}_memo${m}`, holder));
      main.push(
        `        let s = schema(case${i}_memo${m}::layouts());`,
        `        memo.insert(${JSON.stringify(key)}.to_string(), Removed { ty: holder_type(&s), schema: s, bytes: vec!${JSON.stringify(encode(holder, { named: 'MemoHolder' }, { value }))} });`,
      );
    });
    const root = { named: c.root };
    main.push(
      `        run(${i}, ${JSON.stringify(c.root)}, schema(case${i}_old::layouts()), &${JSON.stringify(encode(c.old, root, c.oldValues))},`,
      `            schema(case${i}_new::layouts()), &${JSON.stringify(encode(c.new, root, c.newDefault))}, ${c.newHasDefault ?? true}, memo);`,
      '    }',
    );
  });
  main.push('}');
  return [...parts, ...main].join('\n');
}

/** The type found at a memo path (`State.a.b`) in a schema. */
function typeAtPath(schema: Schema, key: string): FieldType | undefined {
  const [root, ...names] = key.split('.');
  let type: FieldType = { named: root! };
  for (const name of names) {
    const layout: TypeLayout | undefined = 'named' in type ? schema.types[type.named] : undefined;
    const field: FieldLayout | undefined =
      layout?.kind === 'struct' ? layout.fields.find((f) => f.name === name) : undefined;
    if (!field) return undefined;
    type = field.type;
  }
  return type;
}

// ---- the test ---------------------------------------------------------------------------------------------------

const files = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const cases: (Case & { file: string })[] = files.flatMap((file) =>
  (JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Case[]).map((c) => ({ ...c, file })),
);
const results = new Map<number, { hex: string; line: string; memo: Map<string, string>; snapshot: string }>();
/** What layout::schema says for the layouts whose compiler numbers differ from the model's. */
const refusals: string[] = [];
let dir = '';

before(async () => {
  const rustc = await run('rustc', ['--version']).catch(() => undefined);
  if (rustc?.code !== 0) throw new Error('rustc is needed for the Rust engine test (install Rust: https://rustup.rs)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-rust-'));
  fs.writeFileSync(path.join(dir, 'cases.rs'), renderProgram(cases));
  const built = await run('nice', [
    '-n',
    '10',
    'rustc',
    '--edition',
    '2024',
    '-A',
    'dead_code',
    '-o',
    path.join(dir, 'cases'),
    path.join(dir, 'cases.rs'),
  ]);
  assert.equal(built.code, 0, built.output);
  const ran = await run(path.join(dir, 'cases'), []);
  assert.equal(ran.code, 0, ran.output);
  for (const line of ran.stdout.split('\n').filter(Boolean)) {
    const [label, hex, report, memo, snapshot] = line.split('\t');
    if (label === 'refused') {
      refusals.push(hex!);
      continue;
    }
    const entries = (memo ?? '')
      .split(';')
      .filter(Boolean)
      .map((e) => e.split('=') as [string, string]);
    results.set(Number(label!.replace('case ', '')), {
      hex: hex!,
      line: report!,
      memo: new Map(entries),
      snapshot: snapshot!,
    });
  }
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the compiler's layout differing from the model's is refused, naming the type and the field", () => {
  assert.deepEqual(refusals, [
    'layout of State.b: the compiler put it at offset 4 (4 bytes), the bindings expect 0 (4)',
    'layout of State: the compiler made it 12 bytes aligned to 4, the bindings expect 8 aligned to 4',
  ]);
});

test('the Rust case table is there', () =>
  assert.ok(files.includes('cases-rust.json'), `no cases-rust.json in ${FIXTURES}`));

cases.forEach((c, i) => {
  test(`${c.file}: ${c.name}`, () => {
    const result = results.get(i);
    assert.ok(result, 'the Rust program ran the case');
    assert.equal(result.line, c.expectLine);
    assert.equal(result.snapshot, 'snapshot ok', 'schemas, values and memo read back from the snapshot format');
    assert.deepEqual(decode(c.new, { named: c.root }, result.hex), c.expectValues);
    if (c.expectMemo) {
      const memo: Record<string, Json> = {};
      for (const [key, hex] of result.memo) {
        const type = typeAtPath(c.old, key) ?? c.memo?.[key]?.type;
        assert.ok(type, `the type of ${key}`);
        memo[key] = decode(c.old, type, hex);
      }
      assert.deepEqual(memo, c.expectMemo);
    }
  });
});
