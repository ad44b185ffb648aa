import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { functionSignature } from '../../src/bindings/fingerprint.js';
import { parseLib, parseSources } from '../../src/bindings/parse-lib.js';

const parse = (source: string) => parseSources([{ file: 'lib/src/lib.rs', source }]);
const signatures = (source: string): string[] => parse(source).functions.map(functionSignature);
const warnings = (source: string): string[] =>
  parse(source).warnings.map((w) => `${w.file}:${w.line}: ${w.item} left out: ${w.reason}`);

const STATE = '#[repr(C)] pub struct State { pub counter: u64 }\n';

// Every supported way to write an export, and the exact signature read from it.
const supported: [string, string, string[]][] = [
  ['#[no_mangle]', '#[no_mangle] pub extern "C" fn a() {}', ['extern "C" fn a() -> ()']],
  [
    '#[unsafe(no_mangle)]',
    '#[unsafe(no_mangle)] pub extern "C" fn a(x: i32) -> i32 { x }',
    ['extern "C" fn a(i32) -> i32'],
  ],
  [
    'cfg_attr(.., unsafe(no_mangle))',
    '#[cfg_attr(feature = "x", unsafe(no_mangle))] pub extern "C" fn a() {}',
    ['extern "C" fn a() -> ()'],
  ],
  [
    'unsafe extern "C"',
    '#[unsafe(no_mangle)] pub unsafe extern "C" fn a(p: *const u8, n: usize) {}',
    ['unsafe extern "C" fn a(*const u8, usize) -> ()'],
  ],
  [
    'extern "C-unwind"',
    '#[unsafe(no_mangle)] pub extern "C-unwind" fn a() -> bool { true }',
    ['extern "C-unwind" fn a() -> bool'],
  ],
  ['bare extern means "C"', '#[unsafe(no_mangle)] pub extern fn a() {}', ['extern "C" fn a() -> ()']],
  [
    'doc comments and other attributes around',
    '/// Docs\n#[inline]\n/// More\n#[unsafe(no_mangle)]\n#[allow(dead_code)]\npub extern "C" fn a() {}',
    ['extern "C" fn a() -> ()'],
  ],
  [
    'raw string containing a fake fn',
    'const S: &str = r#"#[no_mangle] pub extern "C" fn fake() {}"#;\n#[no_mangle] pub extern "C" fn real() {}',
    ['extern "C" fn real() -> ()'],
  ],
  [
    'fake fns in comments',
    '// #[no_mangle] pub extern "C" fn c1() {}\n/* #[no_mangle] pub extern "C" fn c2() {} */\n#[no_mangle] pub extern "C" fn real() {}',
    ['extern "C" fn real() -> ()'],
  ],
  [
    'lifetimes on a reference parameter',
    STATE + '#[no_mangle] pub extern "C" fn a<\'s>(s: &\'s mut State) {}',
    ['extern "C" fn a(&mut State) -> ()'],
  ],
  [
    'where clause',
    STATE + '#[no_mangle] pub extern "C" fn a(s: &State) -> u64 where State: Sized { s.counter }',
    ['extern "C" fn a(&State) -> u64'],
  ],
  [
    'multi-line signature with comments and a trailing comma',
    '#[no_mangle]\npub extern "C" fn a(\n    x: f32, // first\n    /* second */ y: f64,\n) -> f64 {\n    0.0\n}',
    ['extern "C" fn a(f32, f64) -> f64'],
  ],
  [
    'c_char paths',
    '#[no_mangle] pub extern "C" fn a(s: *const std::ffi::c_char, t: *const c_char, u: *mut core::ffi::c_char) -> *const c_char { s }',
    [
      'extern "C" fn a(*const std::ffi::c_char, *const std::ffi::c_char, *mut std::ffi::c_char) -> *const std::ffi::c_char',
    ],
  ],
  [
    'Option references and callbacks',
    STATE +
      '#[no_mangle] pub extern "C" fn a(s: Option<&mut State>, t: Option<&State>, f: extern "C" fn(i32) -> i32, g: Option<unsafe extern "C" fn(u64)>) {}',
    [
      'extern "C" fn a(Option<&mut State>, Option<&State>, extern "C" fn(i32) -> i32, Option<unsafe extern "C" fn(u64)>) -> ()',
    ],
  ],
  [
    'struct by value, nested, fixed arrays, enum',
    '#[repr(C)] pub struct V { pub x: f32 }\n#[repr(C)] pub struct B { pub v: V, pub m: [[f32; 2]; 2], pub k: K }\n#[repr(u8)] pub enum K { A = 1, B }\n#[no_mangle] pub extern "C" fn a(b: B) -> V { b.v }',
    ['extern "C" fn a(B) -> V'],
  ],
  [
    'c_void pointers and c_int aliases',
    '#[no_mangle] pub extern "C" fn a(p: *mut std::ffi::c_void, n: c_int) -> *const c_void { p }',
    ['extern "C" fn a(*mut std::ffi::c_void, i32) -> *const std::ffi::c_void'],
  ],
  ['inline module', 'mod inner { #[no_mangle] pub extern "C" fn a() {} }', ['extern "C" fn a() -> ()']],
  [
    'no_mangle fn without extern is not confused with plain fns; plain fns ignored',
    'pub fn helper() {}\npub extern "C" fn not_exported() {}\n#[no_mangle] pub extern "C" fn a() {}',
    ['extern "C" fn a() -> ()'],
  ],
  [
    'impl blocks with ordinary methods are ignored',
    'impl S { pub fn new() -> S { S } }\n#[no_mangle] pub extern "C" fn a() {}',
    ['extern "C" fn a() -> ()'],
  ],
];

for (const [label, source, expected] of supported) {
  test(`parse accepts: ${label}`, () => {
    const model = parse(source);
    assert.deepEqual(model.warnings, []);
    assert.deepEqual(model.functions.map(functionSignature), expected);
  });
}

test('parse: docs, param names, lines and the types reached', () => {
  const model = parse(
    '//! crate docs\n' +
      STATE +
      '/// Steps.\n/// Twice.\n#[unsafe(no_mangle)]\npub extern "C" fn step(state: &mut State, _: i32) {}\n#[repr(C)] pub struct Unused { pub a: i32 }',
  );
  const [fn] = model.functions;
  assert.deepEqual(fn?.docs, ['Steps.', 'Twice.']);
  assert.deepEqual(
    fn?.params.map((p) => p.name),
    ['state', 'arg1'],
  );
  assert.equal(fn?.line, 6);
  assert.deepEqual(
    model.structs.map((s) => s.name),
    ['State'],
    'only types a function reaches',
  );
});

test('parse: enum discriminants, explicit, implicit and negative', () => {
  const model = parse('#[repr(i32)] pub enum L { A = -2, B, C = 0x10, D }\n#[no_mangle] pub extern "C" fn f(l: L) {}');
  assert.deepEqual(
    model.enums[0]?.variants.map((v) => [v.name, v.value]),
    [
      ['A', -2],
      ['B', -1],
      ['C', 16],
      ['D', 17],
    ],
  );
  assert.equal(model.enums[0]?.repr.int, 'i32');
});

// Every refusal, with its exact message: these are what the user reads.
const refused: [string, string, string][] = [
  [
    'generic function',
    '#[no_mangle] pub extern "C" fn f<T>(x: T) {}',
    'function f left out: generic functions have no single C symbol; write one function per concrete type',
  ],
  [
    'method in an impl block',
    'impl S {\n#[no_mangle] pub extern "C" fn f(&self) {} }',
    'function f left out: methods in impl blocks are not exported to the bindings; write a free #[unsafe(no_mangle)] pub extern "C" fn',
  ],
  [
    'extern "C" method without no_mangle',
    'impl S {\npub extern "C" fn f() {} }',
    'function f left out: methods in impl blocks are not exported to the bindings; write a free #[unsafe(no_mangle)] pub extern "C" fn',
  ],
  [
    '&str',
    '#[no_mangle] pub extern "C" fn f(s: &str) {}',
    'function f left out: &str is not C ABI; take *const c_char',
  ],
  [
    "&'static str return",
    '#[no_mangle] pub extern "C" fn f() -> &\'static str { "" }',
    'function f left out: &str is not C ABI; take *const c_char',
  ],
  [
    'String',
    '#[no_mangle] pub extern "C" fn f() -> String { String::new() }',
    'function f left out: String is not C ABI; take or return *const c_char',
  ],
  [
    'Vec',
    '#[no_mangle] pub extern "C" fn f(v: Vec<u8>) {}',
    'function f left out: Vec<T> is not C ABI; take *const T (or *mut T) and a length',
  ],
  [
    'slice',
    '#[no_mangle] pub extern "C" fn f(v: &[u8]) {}',
    'function f left out: slices are not C ABI; take *const T and a length',
  ],
  [
    'trait object',
    '#[no_mangle] pub extern "C" fn f(v: &dyn Fn()) {}',
    'function f left out: trait objects are not C ABI; take a pointer to a #[repr(C)] struct or an extern "C" fn',
  ],
  [
    'Box<dyn>',
    '#[no_mangle] pub extern "C" fn f(v: Box<dyn Fn()>) {}',
    'function f left out: Box<T> is not C ABI; take or return *mut T',
  ],
  [
    'extern "Rust"',
    '#[no_mangle] pub extern "Rust" fn f() {}',
    'function f left out: extern "Rust" functions have no stable ABI; declare it pub extern "C"',
  ],
  [
    'no extern at all',
    '#[no_mangle] pub fn f() {}',
    'function f left out: extern "Rust" functions have no stable ABI; declare it pub extern "C"',
  ],
  [
    'another ABI',
    '#[no_mangle] pub extern "system" fn f() {}',
    'function f left out: the "system" ABI is not supported; declare it pub extern "C"',
  ],
  [
    'not pub',
    '#[no_mangle] extern "C" fn f() {}',
    'function f left out: not pub; make it pub so the Rust host can call it without reloading too',
  ],
  [
    'struct without repr(C)',
    'pub struct S { pub a: i32 }\n#[no_mangle] pub extern "C" fn f(s: &S) {}',
    'function f left out: struct S is not #[repr(C)]; add #[repr(C)] so its layout is fixed',
  ],
  [
    'struct with repr(align)',
    '#[repr(C, align(16))] pub struct S { pub a: i32 }\n#[no_mangle] pub extern "C" fn f(s: S) {}',
    'function f left out: struct S has #[repr(C, align(16))]; only #[repr(C)] and #[repr(C, packed)] are supported',
  ],
  [
    'unknown type',
    '#[no_mangle] pub extern "C" fn f(s: Missing) {}',
    'function f left out: unknown type Missing: only primitives, *const c_char, and #[repr(C)] structs and enums defined in lib/src cross the C ABI',
  ],
  [
    'unknown type behind a pointer in a field',
    '#[repr(C)] pub struct S { pub p: *mut Missing }\n#[no_mangle] pub extern "C" fn f(s: S) {}',
    'function f left out: unknown type Missing: only primitives, *const c_char, and #[repr(C)] structs and enums defined in lib/src cross the C ABI',
  ],
  [
    'bad field type reaches the function',
    '#[repr(C)] pub struct S { pub name: String }\n#[no_mangle] pub extern "C" fn f(s: &S) {}',
    'function f left out: struct S field name: String is not C ABI; take or return *const c_char',
  ],
  [
    'enum with data',
    '#[repr(C)] pub enum E { A(i32) }\n#[no_mangle] pub extern "C" fn f(e: E) {}',
    'function f left out: enum E has fields (variant A); only fieldless enums cross the C ABI',
  ],
  [
    'enum without repr',
    'pub enum E { A }\n#[no_mangle] pub extern "C" fn f(e: E) {}',
    'function f left out: enum E has no #[repr(C)] or #[repr(u8)] (or another integer); add one so its size is fixed',
  ],
  [
    'generic struct',
    '#[repr(C)] pub struct S<T> { pub a: T }\n#[no_mangle] pub extern "C" fn f(s: &S<i32>) {}',
    'function f left out: S<..> is not C ABI; use a #[repr(C)] struct or a pointer',
  ],
  [
    'tuple',
    '#[no_mangle] pub extern "C" fn f() -> (i32, i32) { (1, 2) }',
    'function f left out: tuples are not C ABI; use a #[repr(C)] struct',
  ],
  ['char', '#[no_mangle] pub extern "C" fn f(c: char) {}', 'function f left out: char is not C ABI; take u32'],
  [
    'i128',
    '#[no_mangle] pub extern "C" fn f(c: i128) {}',
    'function f left out: i128 is not supported by koffi; split it into two 64-bit integers',
  ],
  [
    'array by value',
    '#[no_mangle] pub extern "C" fn f(a: [f32; 4]) {}',
    'function f left out: arrays by value are not C ABI; wrap the array in a #[repr(C)] struct or take *const T',
  ],
  [
    'returned reference',
    '#[repr(C)] pub struct S { pub a: i32 }\n#[no_mangle] pub extern "C" fn f(s: &S) -> &S { s }',
    'function f left out: returning a reference is not supported; return *const T (or *mut T)',
  ],
  [
    'Rust-ABI fn pointer',
    '#[no_mangle] pub extern "C" fn f(cb: fn(i32)) {}',
    'function f left out: fn pointers with the "Rust" ABI are not C ABI; write extern "C" fn(..)',
  ],
  [
    'Option around a value',
    '#[no_mangle] pub extern "C" fn f(x: Option<i32>) {}',
    'function f left out: Option<T> is C ABI only around a reference or an extern "C" fn; use a nullable *const T',
  ],
  [
    'pointer to pointer',
    '#[no_mangle] pub extern "C" fn f(x: *mut *mut u8) {}',
    'function f left out: pointers to pointers are not supported; wrap the pointer in a #[repr(C)] struct',
  ],
  ['async', '#[no_mangle] pub async extern "C" fn f() {}', 'function f left out: async functions are not C ABI'],
  [
    'fn pointer field',
    '#[repr(C)] pub struct S { pub cb: extern "C" fn() }\n#[no_mangle] pub extern "C" fn f(s: S) {}',
    'function f left out: fn pointers inside structs are not supported; pass the callback as a parameter',
  ],
];

for (const [label, source, expected] of refused) {
  test(`parse refuses: ${label}`, () => {
    const model = parse(source);
    assert.deepEqual(model.functions, []);
    const lines = warnings(source);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(lines[0]!.replace(/^lib\/src\/lib\.rs:\d+: /, ''), expected);
  });
}

test('parse refuses: the second export of one name (the first stays)', () => {
  const source = 'mod a { #[no_mangle] pub extern "C" fn f() {} }\nmod b {\n#[no_mangle] pub extern "C" fn f() {} }';
  assert.deepEqual(signatures(source), ['extern "C" fn f() -> ()']);
  assert.deepEqual(warnings(source), [
    'lib/src/lib.rs:3: function f left out: a function with this name is already exported at lib/src/lib.rs:1; C symbols must be unique',
  ]);
});

test('parse: a warning points at the function line, and the good functions stay', () => {
  assert.deepEqual(
    warnings('#[no_mangle] pub extern "C" fn good() {}\n\n/// doc\n#[no_mangle]\npub extern "C" fn bad(s: &str) {}'),
    ['lib/src/lib.rs:5: function bad left out: &str is not C ABI; take *const c_char'],
  );
  assert.deepEqual(
    signatures('#[no_mangle] pub extern "C" fn good() {}\n#[no_mangle] pub extern "C" fn bad(s: String) {}'),
    ['extern "C" fn good() -> ()'],
  );
});

test('parseLib reads modules in their own files, recursively and sorted, with module paths', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-parse-'));
  try {
    const src = path.join(root, 'lib/src');
    fs.mkdirSync(path.join(src, 'shapes'), { recursive: true });
    fs.writeFileSync(
      path.join(src, 'lib.rs'),
      'pub mod shapes;\n#[no_mangle] pub extern "C" fn root_fn(r: shapes::circle::Circle) {}',
    );
    fs.writeFileSync(path.join(src, 'shapes/mod.rs'), 'pub mod circle;');
    fs.writeFileSync(
      path.join(src, 'shapes/circle.rs'),
      '#[repr(C)] pub struct Circle { pub r: f32 }\n#[unsafe(no_mangle)]\npub extern "C" fn area(c: &Circle) -> f32 { c.r }',
    );
    const model = parseLib(src, root);
    assert.deepEqual(model.files, ['lib/src/lib.rs', 'lib/src/shapes/circle.rs', 'lib/src/shapes/mod.rs']);
    assert.deepEqual(
      model.functions.map((f) => `${f.file}:${f.line} ${f.name}`),
      ['lib/src/lib.rs:2 root_fn', 'lib/src/shapes/circle.rs:3 area'],
    );
    assert.deepEqual(
      model.structs.map((s) => [...s.module, s.name].join('::')),
      ['shapes::circle::Circle'],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('parse: an unterminated string is a warning for the file, not a crash', () => {
  assert.deepEqual(warnings('#[no_mangle] pub extern "C" fn f() { let s = "open; }'), [
    'lib/src/lib.rs:1: file lib/src/lib.rs left out: cannot be read (unterminated string); fix the syntax',
  ]);
});
