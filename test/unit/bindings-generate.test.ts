import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatWarning, generateBindings, runGen } from '../../src/bindings/generate.js';
import { UserError } from '../../src/user-error.js';

let root: string;
const libRs = (): string => path.join(root, 'lib/src/lib.rs');

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-gen-'));
  fs.mkdirSync(path.join(root, 'lib/src'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'Cargo.toml'),
    '[workspace]\nmembers = ["lib"]\n\n[package]\nname = "demo"\nversion = "0.1.0"\n',
  );
  fs.writeFileSync(path.join(root, 'lib/Cargo.toml'), '[package]\nname = "demo-lib"\nversion = "0.1.0"\n');
  fs.writeFileSync(
    libRs(),
    '#[repr(C)] pub struct State { pub counter: u64 }\n#[unsafe(no_mangle)]\npub extern "C" fn step(state: &mut State) {}\n',
  );
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Runs `fn` with cwd inside the project and console output captured. */
async function captured(fn: () => Promise<number> | number): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  const cwd = process.cwd();
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  process.chdir(path.join(root, 'lib'));
  try {
    return { code: await fn(), out, err };
  } finally {
    process.chdir(cwd);
    console.log = log;
    console.error = error;
  }
}

test('generateBindings writes both files, then nothing while the sources do not change', async () => {
  const first = generateBindings(root);
  assert.deepEqual(first.written, ['host/lib.generated.ts', 'src/hot_lib.rs']);
  assert.equal(first.upToDate, false);
  assert.ok(fs.readFileSync(path.join(root, 'src/hot_lib.rs'), 'utf8').includes('pub use demo_lib::*;'));
  const mtime = fs.statSync(path.join(root, 'host/lib.generated.ts')).mtimeMs;
  const second = generateBindings(root);
  assert.deepEqual(second.written, []);
  assert.equal(second.upToDate, true);
  assert.equal(fs.statSync(path.join(root, 'host/lib.generated.ts')).mtimeMs, mtime, 'not rewritten');
  assert.deepEqual(fs.readdirSync(path.join(root, 'host')), ['lib.generated.ts'], 'no temp files left');
});

test('runGen prints one summary line and exits 0', async () => {
  const { code, out, err } = await captured(() => runGen({}));
  assert.equal(code, 0);
  assert.deepEqual(err, []);
  assert.deepEqual(out, [
    '✓ bindings: 1 function (step), 1 struct → host/lib.generated.ts, src/hot_lib.rs (up to date)',
  ]);
});

test('runGen --check exits 1 when the sources changed, and writes nothing', async () => {
  fs.appendFileSync(libRs(), '#[unsafe(no_mangle)]\npub extern "C" fn reset(state: &mut State) {}\n');
  const before = fs.readFileSync(path.join(root, 'host/lib.generated.ts'), 'utf8');
  const { code, err } = await captured(() => runGen({ check: true }));
  assert.equal(code, 1);
  assert.deepEqual(err, [
    '✗ bindings: host/lib.generated.ts, src/hot_lib.rs are out of date with lib/src: run `hot-reload gen`',
  ]);
  assert.equal(fs.readFileSync(path.join(root, 'host/lib.generated.ts'), 'utf8'), before);
  const regenerated = await captured(() => runGen({}));
  assert.deepEqual(regenerated.out, [
    '✓ bindings: 2 functions (step, reset), 1 struct → host/lib.generated.ts, src/hot_lib.rs',
  ]);
  assert.equal((await captured(() => runGen({ check: true }))).code, 0);
});

test('runGen prints warnings with file:line; --strict turns them into exit 1', async () => {
  fs.appendFileSync(libRs(), '#[unsafe(no_mangle)]\npub extern "C" fn name(s: &str) {}\n');
  const lenient = await captured(() => runGen({}));
  assert.equal(lenient.code, 0);
  assert.deepEqual(lenient.err, [
    'warning: lib/src/lib.rs:7: function name left out: &str is not C ABI; take *const c_char',
  ]);
  const strict = await captured(() => runGen({ strict: true }));
  assert.equal(strict.code, 1);
  assert.deepEqual(strict.err, [
    'warning: lib/src/lib.rs:7: function name left out: &str is not C ABI; take *const c_char',
    '✗ --strict: 1 function left out (see the warnings above)',
  ]);
});

test('formatWarning is the CLI line', () => {
  assert.equal(
    formatWarning({
      file: 'lib/src/lib.rs',
      line: 12,
      item: 'function foo',
      reason: '&str is not C ABI; take *const c_char',
    }),
    'warning: lib/src/lib.rs:12: function foo left out: &str is not C ABI; take *const c_char',
  );
});

test('generateBindings outside a project is a UserError', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-gen-empty-'));
  try {
    assert.throws(
      () => generateBindings(empty),
      (e: unknown) => e instanceof UserError && /not a hot-reload project/.test(e.message),
    );
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
