// The layout probe against a real rlib (built by rustc here, as cargo would): the compiler's layouts and Default
// bytes come back, agree with our model, and a type without Default says so.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseSources } from '../../src/bindings/parse-lib.js';
import type { LayoutFile } from '../../src/migrate/layout-file.js';
import { probeLayout } from '../../src/migrate/probe.js';

const source = `
#[repr(C)] #[derive(Default, Clone, Copy)] pub struct Vec2 { pub x: f32, pub y: f32 }
#[repr(u8)] #[derive(Default, Clone, Copy)] pub enum Mode { #[default] Idle = 0, Run = 3 }
#[repr(C)]
pub struct State { pub flag: bool, pub count: u64, pub mode: Mode, pub pos: [Vec2; 2], pub lives: u16 }
impl Default for State {
    fn default() -> Self { State { flag: true, count: 7, mode: Mode::Run, pos: [Vec2 { x: 1.5, y: 0.0 }; 2], lives: 3 } }
}
#[repr(C)] pub struct NoDefault { pub a: u32 }
#[repr(C, packed)] pub struct Packed { pub a: u8, pub b: Vec2 }
#[unsafe(no_mangle)] pub extern "C" fn step(s: &mut State, n: &NoDefault, p: &Packed) {}
`;

function build(dir: string, src: string): string {
  const file = path.join(dir, 'lib.rs');
  fs.writeFileSync(file, src);
  fs.mkdirSync(path.join(dir, 'out', 'deps'), { recursive: true });
  execFileSync(
    'rustc',
    [
      '--edition',
      '2021',
      '--crate-type',
      'rlib',
      '--crate-type',
      'cdylib',
      '--crate-name',
      'probe_t',
      '--out-dir',
      path.join(dir, 'out'),
      file,
    ],
    { stdio: 'inherit' },
  );
  return path.join(dir, 'out', process.platform === 'darwin' ? 'libprobe_t.dylib' : 'libprobe_t.so');
}

test('the probe prints the compiler layouts and Default bytes, checked against our model', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-test-'));
  try {
    const artifact = build(dir, source);
    const model = parseSources([{ file: 'lib/src/lib.rs', source }]);
    const file = await probeLayout({ root: dir, crate: 'probe_t', model, abi: 'abc', artifact });
    assert.equal(file, path.join(dir, 'out', 'hot-reload-layouts', 'abc.json'));
    const layout = JSON.parse(fs.readFileSync(file, 'utf8')) as LayoutFile;
    assert.equal(layout.refused, undefined);
    const state = layout.schema.types.State;
    assert.ok(state?.kind === 'struct');
    assert.deepEqual(
      state.fields.map((f) => [f.name, f.offset, f.size]),
      [
        ['flag', 0, 1],
        ['count', 8, 8],
        ['mode', 16, 1],
        ['pos', 20, 16],
        ['lives', 36, 2],
      ],
    );
    assert.equal(state.size, 40);
    // flag=true, count=7, mode=Run(3), pos[0].x = 1.5 (0x3fc00000), lives = 3
    const bytes = Buffer.from(layout.defaults.State!, 'hex');
    assert.equal(bytes[0], 1);
    assert.equal(bytes.readBigUInt64LE(8), 7n);
    assert.equal(bytes[16], 3);
    assert.equal(bytes.readFloatLE(20), 1.5);
    assert.equal(bytes.readUInt16LE(36), 3);
    assert.equal(layout.defaults.NoDefault, null);
    assert.equal(layout.defaults.Mode, '00');
    assert.deepEqual(layout.schema.types.Packed, {
      kind: 'struct',
      size: 9,
      align: 1,
      fields: [
        { name: 'a', offset: 0, size: 1, type: { scalar: 'u8' } },
        { name: 'b', offset: 1, size: 8, type: { named: 'Vec2' } },
      ],
    });
    assert.deepEqual(Object.keys(layout.bindings.functions), ['step']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a probe that does not build refuses the layout with the reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-test-'));
  try {
    const artifact = build(dir, 'mod hidden { #[repr(C)] pub struct State { pub a: u32 } }\n');
    const model = parseSources([
      { file: 'lib/src/lib.rs', source: 'mod hidden { #[repr(C)] pub struct State { pub a: u32 } }\n' },
    ]);
    // The model reaches the type only if a function uses it; make one up so the probe must name it.
    model.structs.push({
      name: 'State',
      module: ['hidden'],
      fields: [],
      repr: { c: true, packed: false, hints: 1, written: 'C' },
      docs: [],
      file: 'lib/src/lib.rs',
      line: 1,
    });
    const layout = JSON.parse(
      fs.readFileSync(await probeLayout({ root: dir, crate: 'probe_t', model, abi: 'x', artifact }), 'utf8'),
    ) as LayoutFile;
    assert.match(layout.refused ?? '', /^the layout probe failed: error/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
