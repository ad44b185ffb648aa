// HotLib against real libraries: tiny cdylibs compiled by rustc, loaded by koffi.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import koffi from 'koffi';
import { loadLib, type FirstCallEvent, type HotLib, type ReloadEvent } from '../../src/runtime/index.js';
import { libraryFileName } from '../../src/project.js';
import { UserError } from '../../src/user-error.js';
import { openCopy } from '../../src/runtime/open.js';
import type { LibBindings, PublishedVersion } from '../../src/runtime/types.js';

const State = koffi.struct('RuntimeTestState', { counter: 'uint64' });
interface Api {
  step(state: bigint): void;
  version(): number;
}
const bindings: LibBindings<Api> = {
  crate: 'rt_test',
  abi: 'abi-1',
  functions: ['step', 'version'],
  bind: (lib) => ({
    step: lib.func('step', 'void', [koffi.pointer(State)]),
    version: lib.func('version', 'uint32', []),
  }),
};

let dir: string;
const built = new Map<number, string>();

/** A cdylib whose `version()` returns `v` and whose `step` adds `v` to the counter. */
function buildVersion(v: number, extra = ''): string {
  const src = path.join(dir, `v${v}.rs`);
  fs.writeFileSync(
    src,
    `#[repr(C)] pub struct State { pub counter: u64 }
     #[unsafe(no_mangle)] pub extern "C" fn step(s: &mut State) { s.counter += ${v}; }
     ${extra || `#[unsafe(no_mangle)] pub extern "C" fn version() -> u32 { ${v} }`}`,
  );
  const out = path.join(dir, `build-${v}`, libraryFileName('rt_test'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('rustc', ['--crate-type', 'cdylib', '--edition', '2024', '-o', out, src], { stdio: 'inherit' });
  return out;
}

function publish(root: string, version: number, file: string, abi = 'abi-1'): void {
  const rel = path.join('.hot', `rt_test-${version}${path.extname(file)}`);
  fs.mkdirSync(path.join(root, '.hot'), { recursive: true });
  fs.copyFileSync(file, path.join(root, rel));
  const current: PublishedVersion = { version, path: rel, abi, crate: 'rt_test', changedAt: Date.now(), buildMs: 1 };
  const tmp = path.join(root, '.hot', `current.json.${version}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(current));
  fs.renameSync(tmp, path.join(root, '.hot', 'current.json'));
}

function nextEvent<T>(subscribe: (resolve: (value: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), ms);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function mappedFrom(prefix: string): number {
  const maps = fs.readFileSync('/proc/self/maps', 'utf8');
  return new Set(
    maps
      .split('\n')
      .filter((l) => l.includes(prefix))
      .map((l) => l.slice(l.indexOf('/'))),
  ).size;
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-test-'));
  for (const v of [1, 2, 3, 4, 5]) built.set(v, buildVersion(v));
  // v9 lacks `version`: a version that cannot be bound.
  built.set(9, buildVersion(9, '#[unsafe(no_mangle)] pub extern "C" fn other() {}'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('dev mode: swaps on every publish, state kept, old versions unloaded', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  publish(root, 1, built.get(1)!);
  const lines: string[] = [];
  const lib: HotLib<Api> = await loadLib(bindings, { root, dev: true, log: (l) => lines.push(l) });
  try {
    assert.equal(lines[0], '[hot-reload] snapshot-capable'); // before `loaded` (contract §4)
    assert.match(lines[1] ?? '', /^\[hot-reload\] loaded v1 in \d+(\.\d)? ms$/);
    const { step, version } = lib.api; // destructured on purpose: must follow swaps
    const state = lib.alloc(State, { counter: 0 });
    step(state);
    assert.equal(version(), 1);
    const order: string[] = [];
    lib.beforeSwap(({ from, to }) => void order.push(`before ${from}->${to}`));
    lib.afterSwap(({ from, to }) => void order.push(`after ${from}->${to}`));
    for (const v of [2, 3, 4, 5]) {
      const reloaded = nextEvent<ReloadEvent>((r) => lib.on('reload', r));
      publish(root, v, built.get(v)!);
      const event = await reloaded;
      assert.equal(event.version, v);
      assert.ok(event.swapMs >= 0 && event.swapMs < 1000);
      assert.equal(version(), v);
      assert.equal(lib.version, v);
      step(state);
    }
    assert.equal(lib.read<{ counter: number }>(state, State).counter, 1 + 2 + 3 + 4 + 5, 'state survived four swaps');
    assert.deepEqual(order.slice(0, 2), ['before 1->2', 'after 1->2']);
    const firstCalls: FirstCallEvent[] = [];
    lib.on('firstCall', (e) => firstCalls.push(e));
    const reloaded = nextEvent<ReloadEvent>((r) => lib.on('reload', r));
    publish(root, 6, built.get(2)!);
    await reloaded;
    assert.equal(firstCalls.length, 0);
    version();
    step(state);
    assert.equal(firstCalls.length, 1);
    assert.equal(firstCalls[0]?.version, 6);
    assert.equal(firstCalls[0]?.name, 'version');
    assert.match(lines.at(-2) ?? '', /^\[hot-reload\] swapped to v6 in \d+(\.\d)? ms$/);
    assert.match(lines.at(-1) ?? '', /^\[hot-reload\] first call of v6 after \d+(\.\d)? ms$/);
    assert.equal(mappedFrom(path.join(root, '.hot')), 1, 'only the current version stays mapped');
  } finally {
    lib.close();
  }
});

test('dev mode: a missing symbol keeps the old version running', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  publish(root, 1, built.get(1)!);
  const lines: string[] = [];
  const lib = await loadLib(bindings, { root, dev: true, log: (l) => lines.push(l) });
  try {
    const failed = nextEvent<Error>((r) => lib.on('error', r));
    publish(root, 3, built.get(9)!);
    assert.match((await failed).message, /v3 not loaded/);
    assert.equal(lib.api.version(), 1);
    await tick();
    assert.ok(
      lines.some((l) => l.startsWith('[hot-reload] kept v1: v3 not loaded')),
      lines.join('\n'),
    );

    const reloaded = nextEvent<ReloadEvent>((r) => lib.on('reload', r));
    publish(root, 4, built.get(4)!);
    assert.equal((await reloaded).version, 4, 'the next good version still swaps in');
  } finally {
    lib.close();
  }
});

test('dev mode: a different ABI without layouts restarts the host (exit 75) and says the state starts fresh', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  publish(root, 1, built.get(1)!);
  const lines: string[] = [];
  const exited = new Promise<number>((resolve) => {
    void loadLib(bindings, { root, dev: true, log: (l) => lines.push(l), exit: resolve }).then((lib) => {
      publish(root, 2, built.get(2)!, 'abi-2');
      void exited.then(() => lib.close());
    });
  });
  assert.equal(await exited, 75);
  assert.ok(
    lines.includes(
      '[hot-reload] fresh v2: the layouts of the running version are unknown (the state starts from its default)',
    ),
    lines.join('\n'),
  );
  assert.ok(!fs.existsSync(path.join(root, '.hot', 'snapshot-ts.bin')), 'nothing to carry: no snapshot');
});

test('dev mode refuses to start on a version built for other bindings', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  publish(root, 1, built.get(1)!, 'other');
  await assert.rejects(
    loadLib(bindings, { root, dev: true, log: () => {} }),
    (e) => e instanceof UserError && /hot-reload gen/.test(e.message),
  );
});

test("start mode loads a private copy of cargo's build, never the build itself", async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  await assert.rejects(
    loadLib(bindings, { root, dev: false }),
    (e) => e instanceof UserError && /npm run build/.test(e.message),
  );
  const target = path.join(root, 'target', 'debug');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(built.get(3)!, path.join(target, libraryFileName('rt_test')));
  const lib = await loadLib(bindings, { root, dev: false });
  try {
    assert.equal(lib.api.version(), 3);
    assert.equal(mappedFrom(target), 0, "cargo's file is not mapped");
  } finally {
    lib.close();
  }
});

test('CARGO_TARGET_DIR is respected', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  const target = path.join(root, 'elsewhere', 'debug');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(built.get(4)!, path.join(target, libraryFileName('rt_test')));
  const saved = process.env.CARGO_TARGET_DIR;
  process.env.CARGO_TARGET_DIR = 'elsewhere';
  try {
    const lib = await loadLib(bindings, { root, dev: false });
    assert.equal(lib.api.version(), 4);
    lib.close();
  } finally {
    if (saved === undefined) delete process.env.CARGO_TARGET_DIR;
    else process.env.CARGO_TARGET_DIR = saved;
  }
});

test('openCopy binds every function of a copy and unloads it', () => {
  const { api, unload } = openCopy(built.get(2)!, bindings);
  assert.equal(api.version(), 2);
  unload();
  assert.throws(() => openCopy(built.get(9)!, bindings), /version/);
});

test('dev mode: a `restart` request in current.json writes a snapshot and exits 75; the next host restores it', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'proj-'));
  const schema = {
    types: {
      State: {
        kind: 'struct',
        size: 8,
        align: 8,
        fields: [{ name: 'counter', offset: 0, size: 8, type: { scalar: 'u64' } }],
      },
    },
  };
  const layout = {
    abi: 'abi-1',
    schema,
    defaults: { State: null },
    bindings: { crate: 'rt_test', abi: 'abi-1', types: {}, functions: {} },
  };
  fs.mkdirSync(path.join(root, '.hot'), { recursive: true });
  fs.writeFileSync(path.join(root, '.hot', 'rt_test-1.layout.json'), JSON.stringify(layout));
  publish(root, 1, built.get(1)!);
  // Only current.json changes: the library file is loaded, and overwriting a mapped file crashes the process.
  const point = (restart: number): void => {
    const file = path.join(root, '.hot', 'current.json');
    const current = {
      ...(JSON.parse(fs.readFileSync(file, 'utf8')) as PublishedVersion),
      layout: '.hot/rt_test-1.layout.json',
      restart,
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(current));
    fs.renameSync(`${file}.tmp`, file);
  };
  point(0);
  const typed = { ...bindings, types: { State } };
  let lib!: HotLib<Api>;
  const exited = new Promise<number>((resolve) => {
    void loadLib(typed, { root, dev: true, log: () => {}, exit: resolve }).then((loaded) => {
      lib = loaded;
      const state = lib.alloc(State, { counter: 0 });
      for (let i = 0; i < 5; i++) lib.api.step(state);
      point(1);
    });
  });
  assert.equal(await exited, 75);
  lib.close();
  assert.ok(fs.existsSync(path.join(root, '.hot', 'snapshot-ts.bin')), 'the snapshot is written before the exit');
  const lines: string[] = [];
  const next = await loadLib(typed, { root, dev: true, log: (l) => lines.push(l), exit: () => {} });
  try {
    const state = next.alloc(State, { counter: 0 });
    assert.deepEqual(next.read(state, State), { counter: 5 }, 'the counter as the old host left it');
    assert.ok(lines.includes('[hot-reload] migrated v1: State unchanged'), lines.join('\n'));
    assert.ok(!fs.existsSync(path.join(root, '.hot', 'snapshot-ts.bin')), 'a snapshot is restored once');
  } finally {
    next.close();
  }
});
