// End to end for the bindings: a real cdylib whose lib.rs uses every supported
// type (test/fixtures/bindings-all-types), built with real cargo, called from
// TypeScript through the generated host/lib.generated.ts, and from the Rust bin
// through the generated src/hot_lib.rs, including a hot swap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import koffi, { type TypeObject } from 'koffi';
import ts from 'typescript';
import { generateBindings, type GenerateResult } from '../../src/bindings/generate.js';
import { defineBindings, type DefinedBindings } from '../../src/bindings/spec.js';
import { libraryFileName } from '../../src/project.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = path.join(repo, 'test/fixtures/bindings-all-types/src');
const CRATE = 'all_types_lib';

let tmp: string;
let root: string;
let generated: GenerateResult;
const children: ChildProcess[] = [];

/** What the scaffolder does, by hand: templates/base + hello-world, the three .hbs files rendered by replacement. */
function makeHelloWorld(dir: string): void {
  for (const template of ['base', 'hello-world'])
    fs.cpSync(path.join(repo, 'templates', template), dir, { recursive: true });
  const values: Record<string, string> = {
    '{{toml packageCrate}}': '"all-types"',
    '{{toml libPackage}}': '"all-types-lib"',
    '{{libCrate}}': CRATE,
  };
  for (const file of ['Cargo.toml', 'lib/Cargo.toml', 'src/main.rs']) {
    let text = fs.readFileSync(path.join(dir, `${file}.hbs`), 'utf8');
    for (const [key, value] of Object.entries(values)) text = text.split(key).join(value);
    fs.writeFileSync(path.join(dir, file), text);
  }
  // Other templates (package.json, README...) are not needed here.
  for (const file of walk(dir)) if (file.endsWith('.hbs')) fs.rmSync(file);
}

/** Hello-world with the all-types lib and a faster host loop. */
function makeProject(dir: string): void {
  makeHelloWorld(dir);
  fs.rmSync(path.join(dir, 'lib/src'), { recursive: true, force: true });
  fs.cpSync(fixture, path.join(dir, 'lib/src'), { recursive: true });
  // A host loop faster than hello-world's once a second, that also uses re-exported types and other functions.
  fs.writeFileSync(
    path.join(dir, 'src/main.rs'),
    `#[cfg(feature = "reload")]
mod hot_lib;
#[cfg(feature = "reload")]
mod reloader;
#[cfg(feature = "reload")]
use hot_lib as lib;
#[cfg(not(feature = "reload"))]
use ${CRATE} as lib;

fn main() {
    let mut state = lib::State { counter: 0 };
    let area = lib::rect_area(lib::Rect { min: lib::Vec2 { x: 0.0, y: 0.0 }, max: lib::Vec2 { x: 2.0, y: 3.0 } });
    println!("kind {:?} max {} area {}", lib::next_kind(lib::Kind::Rock), lib::u64_max(), area);
    loop {
        #[cfg(feature = "reload")]
        hot_lib::update();
        lib::step(&mut state);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
`,
  );
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function cargo(args: string[]): string {
  return execFileSync('cargo', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CARGO_TERM_COLOR: 'never' },
  });
}

/** Runs cargo in the project, asserts success, returns its stderr (where the diagnostics are). */
function cargoStderr(args: string[], cwd = root): string {
  const result = spawnSync('cargo', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CARGO_TERM_COLOR: 'never' },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stderr;
}

/** Publishes the last build like `hot-reload dev` does: a private copy, then current.json replaced atomically. */
function publish(version: number, abi = generated.abi): void {
  const hot = path.join(root, '.hot');
  fs.mkdirSync(hot, { recursive: true });
  const ext = path.extname(libraryFileName(CRATE));
  const copy = `.hot/${CRATE}-${version}${ext}`;
  fs.copyFileSync(path.join(root, 'target/debug', libraryFileName(CRATE)), path.join(root, copy));
  const json = JSON.stringify({ version, path: copy, abi, crate: CRATE, changedAt: Date.now(), buildMs: 1 });
  fs.writeFileSync(path.join(hot, 'current.json.tmp'), json);
  fs.renameSync(path.join(hot, 'current.json.tmp'), path.join(hot, 'current.json'));
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-bindings-e2e-'));
  root = path.join(tmp, 'all-types');
  makeProject(root);
});

after(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('gen: every supported function is bound, the refused ones are warned about with file:line', async () => {
  generated = generateBindings(root);
  assert.deepEqual(generated.written.sort(), ['host/lib.generated.ts', 'src/hot_lib.rs']);
  assert.deepEqual(
    generated.warnings.map((w) => `${w.file}: ${w.item}: ${w.reason}`),
    [
      'lib/src/lib.rs: function takes_str: &str is not C ABI; take *const c_char',
      'lib/src/lib.rs: function takes_not_repr: struct NotRepr is not #[repr(C)]; add #[repr(C)] so its layout is fixed',
    ],
  );
  const names = generated.model.functions.map((f) => f.name);
  for (const name of [
    'step',
    'rect_area',
    'from_inline_module',
    'cfg_attr_export',
    'multi_line',
    'unwind_abi',
    'body_step',
  ]) {
    assert.ok(names.includes(name), `${name} exported`);
  }
  for (const fake of ['in_comment', 'nested_comment', 'in_raw_string'])
    assert.ok(!names.includes(fake), `${fake} is not code`);
  // Regenerating is a no-op.
  const again = generateBindings(root);
  assert.equal(again.upToDate, true);
  assert.deepEqual(again.written, []);
});

test('the generated TypeScript type-checks strictly against the real runtime types, including the hello-world host code', () => {
  const checkDir = path.join(tmp, 'typecheck');
  fs.mkdirSync(checkDir);
  fs.copyFileSync(path.join(root, 'host/lib.generated.ts'), path.join(checkDir, 'lib.generated.ts'));
  // Stands in for the runtime package index until it re-exports defineBindings (see docs/bindings.md).
  fs.writeFileSync(
    path.join(checkDir, 'runtime.ts'),
    `export { defineBindings } from ${JSON.stringify(path.join(repo, 'src/bindings/spec.js'))};\n` +
      `export type { Pointer, StructType, HotLib } from ${JSON.stringify(path.join(repo, 'src/runtime/hot-lib.js'))};\n`,
  );
  fs.writeFileSync(
    path.join(checkDir, 'host.ts'),
    `import type { HotLib } from 'create-hot-reload/runtime';
import { bindings, State, Body, Kind, type Lib } from './lib.generated.js';
declare const lib: HotLib<Lib>;
const state = lib.alloc(State, { counter: 0 });
lib.api.step(state);
lib.api.step({ counter: 18446744073709551615n });
const body: Body = lib.api.body_new(1, Kind.Paper);
lib.api.body_step(body, 0.5);
const kind: Kind = lib.api.next_kind(Kind.Scissors);
lib.api.apply((x) => x + 1, 2);
void bindings; void kind;
`,
  );
  const program = ts.createProgram([path.join(checkDir, 'host.ts')], {
    strict: true,
    noUnusedLocals: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: false,
    baseUrl: checkDir,
    paths: { 'create-hot-reload/runtime': ['./runtime.ts'] },
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && d.file.fileName.startsWith(checkDir));
  assert.deepEqual(
    diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
  );
});

test('TypeScript calls every function of the real cdylib through the generated bindings, exact values', async () => {
  cargo(['build', '-p', 'all-types-lib']);
  const copy = path.join(tmp, `copy-${libraryFileName(CRATE)}`);
  fs.copyFileSync(path.join(root, 'target/debug', libraryFileName(CRATE)), copy); // never dlopen cargo's own file

  // The generated file, with its runtime import pointed at this repository's defineBindings.
  const source = fs.readFileSync(path.join(root, 'host/lib.generated.ts'), 'utf8');
  const local = path.join(tmp, 'lib.generated.ts');
  fs.writeFileSync(
    local,
    source.replace(
      "'create-hot-reload/runtime'",
      JSON.stringify(pathToFileURL(path.join(repo, 'src/bindings/spec.ts')).href),
    ),
  );
  // Typed loosely here: the strict typing of this file is what the previous test checks.
  const mod = (await import(pathToFileURL(local).href)) as {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    bindings: DefinedBindings<any>;
    State: TypeObject;
    Body: TypeObject;
    Kind: Record<string, number>;
    Level: Record<string, number>;
  };
  const { bindings, State, Body, Kind, Level } = mod;
  assert.equal(bindings.abi, generated.abi);
  assert.equal(bindings.crate, CRATE);

  const handle = koffi.load(copy);
  try {
    const lib = bindings.bind(handle);
    // Integers, including wrap-around and the 64-bit extremes (number when exact, bigint otherwise).
    assert.equal(lib.add_i8(100, 100), -56);
    assert.equal(lib.add_i16(-3, -4), -7);
    assert.equal(lib.add_i32(2147483647, 1), -2147483648);
    assert.equal(lib.negate_i64(5), -5);
    assert.equal(lib.negate_i64(-9007199254740993n), 9007199254740993n);
    assert.equal(lib.max_u8(), 255);
    assert.equal(lib.echo_u16(65535), 65535);
    assert.equal(lib.echo_u32(4294967295), 4294967295);
    assert.equal(lib.u64_max(), 18446744073709551615n);
    assert.equal(lib.echo_u64(18446744073709551615n), 18446744073709551615n);
    assert.equal(lib.echo_u64(42), 42);
    assert.equal(lib.i64_min(), -9223372036854775808n);
    assert.equal(lib.negate_i64(lib.i64_min()), -9223372036854775808n);
    assert.equal(lib.echo_isize(-1), -1);
    assert.equal(lib.echo_usize(2n ** 63n), 2n ** 63n);
    // Floats and bools.
    assert.equal(lib.half_f32(3), 1.5);
    assert.ok(Number.isNaN(lib.nan_f64()));
    assert.equal(lib.is_nan(NaN), true);
    assert.equal(lib.is_nan(-0), false);
    assert.equal(lib.not(false), true);
    assert.equal(lib.nothing(), undefined);
    assert.equal(lib.explicit_unit(), undefined);
    // Strings in and out.
    assert.equal(lib.c_strlen('héllo'), 6);
    assert.equal(lib.c_strlen(null), 0);
    assert.equal(lib.greeting(), 'héllo from rust');
    // Structs by value, nested, with arrays and enums.
    assert.deepEqual(lib.make_vec2(1.5, -2), { x: 1.5, y: -2 });
    assert.equal(lib.dot({ x: 1, y: 2 }, { x: 3, y: 4 }), 11);
    const body = lib.body_new(7, Kind.Scissors);
    assert.deepEqual(body, {
      pos: { x: 1, y: 2 },
      vel: { x: 0.5, y: -0.5 },
      tags: [1, 2, 3, 255],
      matrix: [1, 0, 0, 1],
      id: 7,
      kind: 5,
      alive: true,
    });
    assert.equal(lib.rect_area({ min: { x: 1, y: 1 }, max: { x: 4, y: 3 } }), 6);
    assert.equal(
      lib.fixed_array_in_struct({
        cells: [
          [1, 2],
          [3, 4.5],
        ],
      }),
      10.5,
    );
    // &mut T with a plain object: the changes come back, nested struct and u64::MAX included.
    lib.body_step(body, 2);
    assert.deepEqual(body.pos, { x: 2, y: 1 });
    assert.equal(body.tags[0], 2);
    assert.equal(body.id, 18446744073709551615n);
    assert.equal(lib.body_tag_sum(body), 2 + 2 + 3 + 255);
    // &mut T with memory allocated outside the library (what the runtime's alloc gives).
    const ptr = koffi.alloc(Body, 1) as bigint;
    try {
      koffi.encode(ptr, Body, lib.body_new(9, Kind.Rock));
      lib.body_step(ptr, 4);
      const read = koffi.decode(ptr, Body) as typeof body;
      assert.deepEqual(read.pos, { x: 3, y: 0 });
      assert.equal(read.id, 18446744073709551615n);
      assert.equal(lib.body_id_or_zero(ptr), 18446744073709551615n);
      assert.equal(lib.body_ptr(ptr), ptr);
      assert.equal(lib.maybe_kill(ptr), true);
      assert.equal((koffi.decode(ptr, Body) as typeof body).alive, false);
    } finally {
      koffi.free(ptr);
    }
    assert.equal(lib.body_id_or_zero(null), 0);
    assert.equal(lib.maybe_kill(null), false);
    assert.equal(lib.maybe_len(null), -1);
    assert.equal(lib.maybe_len({ x: 3, y: 4 }), 5);
    const state = koffi.alloc(State, 1) as bigint;
    koffi.encode(state, State, { counter: 41 });
    lib.step(state);
    assert.equal((koffi.decode(state, State) as { counter: number }).counter, 42);
    koffi.free(state);
    // Enums.
    assert.equal(lib.next_kind(Kind.Paper), Kind.Scissors);
    assert.equal(Kind.Paper, 2);
    assert.equal(lib.level_value(Level.Low), -1);
    assert.equal(lib.level_value(Level.Mid), 0);
    assert.equal(lib.lowest_level(), -1);
    // Byte buffers.
    const bytes = new Uint8Array(5);
    lib.fill_bytes(bytes, bytes.length);
    assert.deepEqual([...bytes], [1, 2, 3, 4, 5]);
    assert.equal(lib.sum_bytes(Buffer.from([200, 100, 1]), 3), 301);
    // Callbacks.
    assert.equal(
      lib.apply((x: number) => x * 3, 14),
      42,
    );
    assert.equal(lib.apply_or(null, 5), -5);
    assert.equal(
      lib.apply_or((x: number) => x + 1, 5),
      6,
    );
    const seen: unknown[] = [];
    lib.call_with_max((a: unknown, b: unknown) => void seen.push(a, b));
    assert.deepEqual(seen, [18446744073709551615n, -9223372036854775808n]);
    assert.equal(
      lib.call_with_vec2((v: { x: number; y: number }) => v.x * 10 + v.y),
      34,
    );
    // Opaque user data passes through.
    assert.equal(lib.user_data(0x1234n), 0x1234n);
    assert.equal(lib.user_data(null), null);
    // The rest of the forms.
    assert.equal(lib.unwind_abi(), 7);
    assert.equal(lib.multi_line(1, 2, 3), 123);
    assert.equal(lib.cfg_attr_export(), 42);
    assert.equal(lib.from_inline_module(), 5);
    // Every exported function is in the bindings.
    assert.deepEqual(bindings.functions, [...generated.model.functions.map((f) => f.name)].sort());
  } finally {
    handle.unload();
  }
});

test('bind() names a symbol the library does not export', () => {
  const copy = path.join(tmp, `copy-${libraryFileName(CRATE)}`);
  const handle = koffi.load(copy);
  try {
    const spec = {
      crate: CRATE,
      abi: 'x',
      types: {},
      functions: {
        step: { params: [], returns: 'void' as const },
        not_there: { params: [], returns: 'void' as const },
      },
    };
    assert.throws(() => defineBindings(spec).bind(handle), /does not export not_there/);
  } finally {
    handle.unload();
  }
});

test('the Rust bin builds with --features reload (warning-free, clippy-clean) and without', () => {
  const reload = cargoStderr(['build', '--features', 'reload']);
  assert.doesNotMatch(reload, /warning[^\n]*\n\s*--> src\//, 'no warnings in the bin');
  const clippy = cargoStderr(['clippy', '-p', 'all-types', '--features', 'reload']);
  assert.doesNotMatch(clippy, /--> src\//, 'no clippy findings in the bin');
  assert.doesNotMatch(clippy, /warning: `all-types` \(bin/);
  // Static link: the same main.rs against the lib crate (its own target dir: the reload build is run next).
  cargoStderr(['build', '--target-dir', 'target/static']);
});

test('the Rust bin runs the published version, swaps to a new one keeping its state, and restarts (exit 75) on an ABI change', async () => {
  cargo(['build', '-p', 'all-types-lib']);
  publish(1);
  const bin = path.join(root, 'target/debug', process.platform === 'win32' ? 'all-types.exe' : 'all-types');
  const child = spawn(bin, [], { cwd: root, env: { ...process.env, HOT_RELOAD_ROOT: root } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const waitFor = async (what: () => boolean, label: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!what()) {
      if (Date.now() > deadline || child.exitCode !== null)
        assert.fail(`timed out waiting for ${label}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  await waitFor(() => /step v1 counter 3\n/.test(stdout), 'v1 output');
  assert.match(stdout, /^kind Paper max 18446744073709551615 area 6\n/);
  assert.match(stderr, /^\[hot-reload\] loaded v1 in \d+(\.\d)? ms$/m);

  // A body-only change: same ABI, so the running bin swaps and the counter continues.
  const libRs = path.join(root, 'lib/src/lib.rs');
  fs.writeFileSync(libRs, fs.readFileSync(libRs, 'utf8').replace('step v1 counter', 'step v2 counter'));
  const regenerated = generateBindings(root);
  assert.equal(regenerated.abi, generated.abi, 'a body-only change keeps the fingerprint');
  cargo(['build', '-p', 'all-types-lib']);
  const before = Number(/step v1 counter (\d+)\n(?![\s\S]*step v1)/.exec(stdout)?.[1] ?? 0);
  publish(2);
  await waitFor(() => /step v2 counter \d+\n/.test(stdout), 'v2 output');
  const firstV2 = Number(/step v2 counter (\d+)/.exec(stdout)![1]);
  assert.ok(firstV2 > before, `state kept: v2 continues from ${before}, got ${firstV2}`);
  assert.match(stderr, /^\[hot-reload\] swapped to v2 in \d+(\.\d)? ms$/m);

  // A missing file: kept, one line; the old version keeps running.
  const json = JSON.stringify({
    version: 3,
    path: '.hot/missing.so',
    abi: generated.abi,
    crate: CRATE,
    changedAt: 0,
    buildMs: 1,
  });
  fs.writeFileSync(path.join(root, '.hot/current.json'), json);
  await waitFor(() => /kept v2: v3 not loaded: .*missing\.so/.test(stderr), 'the missing-file line');
  const countBefore = (stdout.match(/step v2/g) ?? []).length;
  await waitFor(() => (stdout.match(/step v2/g) ?? []).length > countBefore + 2, 'v2 still running');

  // Another fingerprint: never loaded into this process; it snapshots what it keeps and exits 75 (restart me).
  publish(4, 'ffffffffffffffff');
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', resolve);
  });
  assert.equal(code, 75, stderr);
  assert.ok(fs.existsSync(path.join(root, '.hot/snapshot-rust.bin')), 'the snapshot is written before the exit');
  assert.doesNotMatch(stdout, /step v4/);
  child.kill('SIGKILL');
});

test('the hello-world template with its generated hot_lib.rs is warning-free under build and clippy --features reload, also with no exports', async () => {
  const hello = path.join(tmp, 'hello');
  makeHelloWorld(hello);
  const result = generateBindings(hello);
  assert.deepEqual(result.warnings, []);
  for (const args of [['build', '--features', 'reload'], ['clippy', '--features', 'reload'], ['clippy']]) {
    const stderr = cargoStderr(args, hello);
    assert.doesNotMatch(stderr, /^warning/m, `cargo ${args.join(' ')}:\n${stderr}`);
  }
  // A lib that exports nothing yet (its functions are plain Rust, linked statically even with reload).
  fs.writeFileSync(
    path.join(hello, 'lib/src/lib.rs'),
    '#[repr(C)]\n#[derive(Default)]\npub struct State {\n    pub counter: u64,\n}\n\npub fn step(state: &mut State) {\n    state.counter += 1;\n}\n',
  );
  assert.deepEqual(generateBindings(hello).model.functions, []);
  const stderr = cargoStderr(['clippy', '--features', 'reload'], hello);
  assert.doesNotMatch(stderr, /^warning/m, stderr);
});

test('without .hot/current.json the Rust bin says to run npm run dev:rust', () => {
  fs.rmSync(path.join(root, '.hot'), { recursive: true, force: true });
  const bin = path.join(root, 'target/debug', process.platform === 'win32' ? 'all-types.exe' : 'all-types');
  const result = (() => {
    try {
      execFileSync(bin, [], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, HOT_RELOAD_ROOT: root },
        timeout: 10_000,
      });
      return { stderr: '' };
    } catch (error) {
      return error as { stderr: string };
    }
  })();
  assert.match(result.stderr, /no .*current\.json yet: start the Rust host with `npm run dev:rust`/);
});
