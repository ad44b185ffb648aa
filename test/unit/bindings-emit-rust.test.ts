// src/hot_lib.rs as generated: the model's repr(C) layouts it carries beside the compiler's, the `hot:` directives,
// and rustfmt-clean output (with the fixed files of templates/base/src/hot_lib/ it declares as modules) for the
// templates' libs and the all-types fixture.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { modelLayouts } from '../../src/migrate/layout.js';
import { fieldDirectives } from '../../src/migrate/schema.js';
import { emitHotLib } from '../../src/bindings/emit-rust.js';
import { parseLib, parseSources } from '../../src/bindings/parse-lib.js';
import { packageRoot, templatesDir } from '../../src/own-package.js';

const SOURCE = `
#[repr(C)]
#[derive(Default)]
pub struct State {
    pub counter: u64,
    pub pos: Vec2,
    pub grid: [u8; 3],
    /// The countdown, renamed.
    /// hot: was timer
    pub countdown: u32,
    ///   hot: reset
    pub speed: f32,
    pub name: *const c_char,
}

#[repr(C)]
pub struct Vec2 { pub x: f32, pub y: f32 }

#[repr(C, packed)]
pub struct Packed { pub a: u8, pub b: u32 }

#[repr(u8)]
pub enum Mode { Idle = 0, Run = 3 }

#[unsafe(no_mangle)]
pub extern "C" fn step(state: &mut State, mode: Mode, p: Packed) {}
`;

const model = parseSources([{ file: 'lib/src/lib.rs', source: SOURCE }]);
const rust = emitHotLib(model, { crate: 'demo_lib', abi: 'abc' });
const layouts = modelLayouts(model).types;
const shape = (name: string): unknown => {
  const t = layouts[name]!;
  return t.kind === 'struct' ? { size: t.size, align: t.align, offsets: t.fields.map((f) => f.offset) } : t.size;
};

test('repr(C) layouts computed from the model: nesting, arrays, pointers, packed', () => {
  assert.deepEqual(shape('State'), { size: 40, align: 8, offsets: [0, 8, 16, 20, 24, 32] });
  assert.deepEqual(shape('Packed'), { size: 5, align: 1, offsets: [0, 1] });
  assert.deepEqual(shape('Mode'), 1);
});

test('directives: `hot: was <name>` and `hot: reset`, trimmed; anything else is documentation', () => {
  assert.deepEqual(fieldDirectives([' The countdown.', ' hot: was timer']), { was: 'timer' });
  assert.deepEqual(fieldDirectives(['   hot: reset  ']), { reset: true });
  assert.deepEqual(fieldDirectives([' see hot: was x', ' hot: was two words']), {});
});

const rustLines: [string, string][] = [
  [
    "compiler offsets beside the model's",
    '                offset: offset_of!(State, countdown),\n                size: size_of::<u32>(),\n                expected: (20, 4),',
  ],
  ['the rename directive', '                was: Some("timer"),'],
  [
    'the reset directive',
    '                name: "speed",\n                offset: offset_of!(State, speed),\n                size: size_of::<f32>(),\n                expected: (24, 4),\n                ty: layout::Ty::Scalar(migrate::Scalar::F32),\n                was: None,\n                reset: true,',
  ],
  ['pointers are typed as such', '                ty: layout::Ty::Pointer(migrate::Pointer::Cstr),'],
  ['arrays', '                ty: layout::Ty::Array(&layout::Ty::Scalar(migrate::Scalar::U8), 3),'],
  [
    'sizes from the compiler',
    '        size: size_of::<Packed>(),\n        align: align_of::<Packed>(),\n        expected: (5, 1),',
  ],
  [
    'enums: repr and discriminants from the compiler',
    '            repr: migrate::Scalar::U8,\n            variants: &[\n                layout::Variant {\n                    name: "Idle",\n                    value: Mode::Idle as i64,',
  ],
  [
    'every struct has its Default, if any, found by name',
    '    match name {\n        "State" => kept::default_bytes!(State, name, schema),\n        "Vec2" => kept::default_bytes!(Vec2, name, schema),',
  ],
  ['kept values', "pub fn kept<T: 'static>(name: &str, make: impl FnOnce() -> T) -> Kept<T> {"],
  ['restart with a snapshot', '        if let Err(error) = kept::write_snapshot(&LAYOUTS, HOT.version()) {'],
];

/** Indentation aside (it depends on how many types the lib has). */
const unindented = (text: string): string => text.replace(/^ +/gm, '');

for (const [label, expected] of rustLines) {
  test(`emitHotLib: ${label}`, () => {
    assert.ok(unindented(rust).includes(unindented(expected)), `missing:\n${expected}\n--- in ---\n${rust}`);
  });
}

const hasRustfmt = spawnSync('rustfmt', ['--version']).status === 0;
if (!hasRustfmt && process.env.CI === 'true')
  throw new Error('rustfmt is missing (rustup component add rustfmt): needed with CI=true');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emit-rust-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const libs: [string, () => ReturnType<typeof parseLib>][] = [
  ['the unit fixture above', () => model],
  [
    'hello-world',
    () => parseLib(path.join(templatesDir, 'hello-world', 'lib', 'src'), path.join(templatesDir, 'hello-world')),
  ],
  ['game', () => parseLib(path.join(templatesDir, 'game', 'lib', 'src'), path.join(templatesDir, 'game'))],
  [
    'bindings-all-types',
    () => parseLib(path.join(packageRoot, 'test', 'fixtures', 'bindings-all-types', 'src'), packageRoot),
  ],
];

for (const [name, load] of libs) {
  test(
    `generated src/hot_lib.rs is rustfmt-clean: ${name}`,
    { skip: !hasRustfmt && 'rustfmt is not installed' },
    () => {
      const src = path.join(dir, name.replace(/\W+/g, '-'), 'src');
      fs.mkdirSync(path.join(src, 'hot_lib'), { recursive: true });
      fs.cpSync(path.join(templatesDir, 'base', 'src', 'hot_lib'), path.join(src, 'hot_lib'), { recursive: true });
      fs.writeFileSync(path.join(src, 'hot_lib.rs'), emitHotLib(load(), { crate: 'demo_lib', abi: 'abc' }));
      // --check formats the modules hot_lib.rs declares too: the fixed files are held to the same standard.
      const result = spawnSync('rustfmt', ['--edition', '2024', '--check', path.join(src, 'hot_lib.rs')], {
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stdout + result.stderr);
    },
  );
}
