import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abiChanges, abiFingerprint } from '../../src/bindings/fingerprint.js';
import { parseSources } from '../../src/bindings/parse-lib.js';

const parse = (source: string) => parseSources([{ file: 'lib/src/lib.rs', source }]);

const BASE = `
/// State.
#[repr(C)]
pub struct State {
    pub counter: u64,
    pub pos: Vec2,
}

#[repr(C)]
pub struct Vec2 { pub x: f32, pub y: f32 }

#[repr(u8)]
pub enum Mode { Idle = 0, Run = 1 }

#[unsafe(no_mangle)]
pub extern "C" fn step(state: &mut State, mode: Mode) {
    state.counter += 1;
}

#[unsafe(no_mangle)]
pub extern "C" fn speed(v: Vec2) -> f32 { v.x }
`;

const base = parse(BASE);
const fingerprint = abiFingerprint(base);

test('fingerprint: 16 hex digits, stable across calls', () => {
  assert.match(fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(abiFingerprint(parse(BASE)), fingerprint);
});

const unchanged: [string, string][] = [
  ['a body change', BASE.replace('state.counter += 1;', 'state.counter += 2; println!("x");')],
  ['comments and docs', BASE.replace('/// State.', '/// Other docs.\n// a comment')],
  [
    'formatting',
    BASE.replace(
      'pub struct Vec2 { pub x: f32, pub y: f32 }',
      'pub struct Vec2 {\n    pub x: f32,\n    pub y: f32,\n}',
    ),
  ],
  [
    'function order',
    BASE.replace(/(#\[unsafe\(no_mangle\)\]\npub extern "C" fn step[\s\S]*?\n}\n)([\s\S]*)$/, '$2\n$1'),
  ],
  ['parameter names', BASE.replace('state: &mut State, mode: Mode', 's: &mut State, m: Mode')],
  ['an unexported helper', BASE + '\nfn helper() {}\npub struct NotUsed { pub a: String }'],
];

for (const [label, source] of unchanged) {
  test(`fingerprint kept by ${label}`, () => {
    const after = parse(source);
    assert.equal(after.warnings.length, 0);
    assert.equal(abiFingerprint(after), fingerprint);
    assert.deepEqual(abiChanges(base, after), []);
  });
}

const changed: [string, string, string[]][] = [
  [
    'field added',
    BASE.replace('pub counter: u64,', 'pub counter: u64,\n    pub speed: f32,'),
    ['struct State: field added: speed: f32'],
  ],
  [
    'field removed',
    BASE.replace('pub struct Vec2 { pub x: f32, pub y: f32 }', 'pub struct Vec2 { pub x: f32 }'),
    ['struct Vec2: field removed: y: f32'],
  ],
  [
    'fields reordered',
    BASE.replace('pub struct Vec2 { pub x: f32, pub y: f32 }', 'pub struct Vec2 { pub y: f32, pub x: f32 }'),
    ['struct Vec2: fields reordered: (x, y) -> (y, x)'],
  ],
  [
    'field type changed',
    BASE.replace('pub counter: u64,', 'pub counter: u32,'),
    ['struct State: field counter changed from u64 to u32'],
  ],
  [
    'repr changed',
    BASE.replace('#[repr(C)]\npub struct Vec2', '#[repr(C, packed)]\npub struct Vec2'),
    ['struct Vec2: repr changed from #[repr(C)] to #[repr(C, packed)]'],
  ],
  [
    'parameter type changed',
    BASE.replace('state: &mut State, mode', 'state: &State, mode'),
    ['fn step: parameter 1 changed from &mut State to &State'],
  ],
  [
    'parameter added',
    BASE.replace('fn speed(v: Vec2)', 'fn speed(v: Vec2, k: f32)'),
    ['fn speed: parameters changed from (Vec2) to (Vec2, f32)'],
  ],
  [
    'return type changed',
    BASE.replace('-> f32 { v.x }', '-> f64 { v.x as f64 }'),
    ['fn speed: return type changed from f32 to f64'],
  ],
  ['function added', BASE + '\n#[no_mangle] pub extern "C" fn reset() {}', ['fn reset: added']],
  [
    'function removed',
    BASE.replace(/#\[unsafe\(no_mangle\)\]\npub extern "C" fn speed.*\n/, ''),
    ['fn speed: removed'],
  ],
  ['enum variant value changed', BASE.replace('Run = 1', 'Run = 2'), ['enum Mode: variant Run changed from 1 to 2']],
  ['enum variant added', BASE.replace('Run = 1 }', 'Run = 1, Stop = 2 }'), ['enum Mode: variant added: Stop = 2']],
  [
    'enum repr changed',
    BASE.replace('#[repr(u8)]', '#[repr(u32)]'),
    ['enum Mode: repr changed from #[repr(u8)] to #[repr(u32)]'],
  ],
  [
    'extern ABI changed',
    BASE.replace('pub extern "C" fn speed', 'pub extern "C-unwind" fn speed'),
    ['fn speed: ABI changed from extern "C" to extern "C-unwind"'],
  ],
  [
    'became unsafe',
    BASE.replace('pub extern "C" fn speed', 'pub unsafe extern "C" fn speed'),
    ['fn speed: became unsafe'],
  ],
  [
    'a type stops being reachable',
    BASE.replace(/#\[unsafe\(no_mangle\)\]\npub extern "C" fn speed.*\n/, '').replace('pub pos: Vec2,', ''),
    ['fn speed: removed', 'struct State: field removed: pos: Vec2', 'struct Vec2: removed'],
  ],
];

for (const [label, source, lines] of changed) {
  test(`fingerprint changed by ${label}`, () => {
    const after = parse(source);
    assert.deepEqual(after.warnings, []);
    assert.notEqual(abiFingerprint(after), fingerprint);
    assert.deepEqual(abiChanges(base, after), lines);
  });
}
