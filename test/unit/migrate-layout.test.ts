// Our repr(C) layout computation from parsed source, the directives read from doc comments, and the check
// against the compiler's layouts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSources } from '../../src/bindings/parse-lib.js';
import { layoutMismatch, modelLayouts } from '../../src/migrate/layout.js';
import type { StateSchema } from '../../src/migrate/schema.js';

const source = `
#[repr(C)] pub struct Vec2 { pub x: f32, pub y: f32 }
#[repr(u8)] pub enum Mode { Idle = 0, Run = 3 }
#[repr(C)] pub enum Big { A, B }
#[repr(C)]
pub struct State {
    pub flag: bool,
    pub count: u64,
    /// How many lives are left.
    /// hot: was hp
    pub lives: u16,
    /// hot: reset
    pub mode: Mode,
    pub big: Big,
    pub pos: [Vec2; 3],
    pub name: *const std::ffi::c_char,
    pub tail: u8,
}
#[repr(C, packed)] pub struct Packed { pub a: u8, pub b: u32 }
#[unsafe(no_mangle)] pub extern "C" fn step(s: &mut State, p: &Packed) {}
`;

const schema = modelLayouts(parseSources([{ file: 'lib/src/lib.rs', source }]));

test('repr(C) offsets, sizes and alignment', () => {
  const table: [string, number, number, [string, number, number][]][] = [
    [
      'Vec2',
      8,
      4,
      [
        ['x', 0, 4],
        ['y', 4, 4],
      ],
    ],
    [
      'State',
      64,
      8,
      [
        ['flag', 0, 1],
        ['count', 8, 8],
        ['lives', 16, 2],
        ['mode', 18, 1],
        ['big', 20, 4],
        ['pos', 24, 24],
        ['name', 48, 8],
        ['tail', 56, 1],
      ],
    ],
    [
      'Packed',
      5,
      1,
      [
        ['a', 0, 1],
        ['b', 1, 4],
      ],
    ],
  ];
  for (const [name, size, align, fields] of table) {
    const layout = schema.types[name];
    assert.ok(layout && layout.kind === 'struct', name);
    assert.equal(layout.size, size, `${name} size`);
    assert.equal(layout.align, align, `${name} align`);
    assert.deepEqual(
      layout.fields.map((f) => [f.name, f.offset, f.size]),
      fields,
      name,
    );
  }
});

test('enums: repr(u8) is one byte, repr(C) an int', () => {
  assert.deepEqual(schema.types.Mode, {
    kind: 'enum',
    size: 1,
    align: 1,
    repr: 'u8',
    variants: [
      { name: 'Idle', value: 0 },
      { name: 'Run', value: 3 },
    ],
  });
  assert.equal(schema.types.Big?.size, 4);
});

test('directives from doc comments: was, reset', () => {
  const state = schema.types.State;
  assert.ok(state?.kind === 'struct');
  assert.equal(state.fields.find((f) => f.name === 'lives')?.was, 'hp');
  assert.equal(state.fields.find((f) => f.name === 'mode')?.reset, true);
  assert.deepEqual(state.fields.find((f) => f.name === 'name')?.type, { pointer: 'cstr' });
});

test('a compiler layout that differs is named by type and field', () => {
  const theirs = structuredClone<StateSchema>(schema);
  assert.equal(layoutMismatch(schema, theirs), undefined);
  const state = theirs.types.State;
  assert.ok(state?.kind === 'struct');
  state.fields[1]!.offset = 4;
  assert.equal(layoutMismatch(schema, theirs), 'State.count is at offset 8 by our model, 4 by rustc');
  state.size = 56;
  assert.equal(layoutMismatch(schema, theirs), 'State is 64 bytes by our model, 56 by rustc');
  delete theirs.types.Vec2;
  assert.equal(layoutMismatch(schema, theirs), 'the compiler reported no layout for Vec2');
});
