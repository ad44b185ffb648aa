// Item 5: what one call costs. A trivial exported `add(i32, i32) -> i32` called 10 million times per round:
//  - TypeScript, in this process: through the runtime's wrapper (`lib.api.add`, what hosts call), through a raw
//    koffi function on the same library, and a pure-JS function (the JIT inlines it: the floor of a JS call);
//  - Rust, in a --release bench bin (bench/fixtures/calls.rs): direct (static link), through hot_lib (cached
//    pointer), and with a dlsym per call (hot-lib-reloader's way).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBindings } from '../src/bindings/generate.js';
import { Publisher } from '../src/dev/publish.js';
import { libraryFileName } from '../src/project.js';
import { repoRoot } from '../test/support/process.js';
import { installFixtures } from './reload.js';
import { APP, benchEnv, scaffoldApp, timed } from './project.js';
import { formatNumber, formatSummary, summarize, verdict, type Row } from './stats.js';

const CALLS = 10_000_000;
const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));

type AddFn = (a: number, b: number) => number;

/** ns per call of a loop of CALLS calls of `add`, each depending on the last (no call can be skipped). */
function nsPerCall(loop: () => number): number {
  const started = performance.now();
  const acc = loop();
  const ms = performance.now() - started;
  if (acc !== CALLS) throw new Error(`add returned ${acc} after ${CALLS} calls`);
  return (ms * 1e6) / CALLS;
}

/**
 * One loop per variant, each its own function literal: one shared loop's call site sees several callees, goes
 * polymorphic and slows whichever variant V8 did not specialise for (measured: 41 vs 48 ns for equal calls).
 */
function loops(wrapper: AddFn, koffiAdd: AddFn, jsAdd: AddFn): Record<'wrapper' | 'koffi' | 'js', () => number> {
  return {
    wrapper: () => {
      let acc = 0;
      for (let i = 0; i < CALLS; i++) acc = wrapper(acc, 1);
      return acc;
    },
    koffi: () => {
      let acc = 0;
      for (let i = 0; i < CALLS; i++) acc = koffiAdd(acc, 1);
      return acc;
    },
    js: () => {
      let acc = 0;
      for (let i = 0; i < CALLS; i++) acc = jsAdd(acc, 1);
      return acc;
    },
  };
}

async function typeScriptCalls(root: string, rounds: number): Promise<Record<'wrapper' | 'koffi' | 'js', number[]>> {
  // The runtime of dist/, the same module the project's generated bindings resolve to (node_modules symlink).
  const runtime = (await import(
    path.join(repoRoot, 'dist', 'runtime', 'index.js')
  )) as typeof import('../src/runtime/index.js');
  const generated = (await import(path.join(root, 'host', 'lib.generated.ts'))) as {
    bindings: Parameters<typeof runtime.loadLib>[0];
  };
  const lib = await runtime.loadLib(generated.bindings, { root, dev: false });
  const wrapper = (lib.api as unknown as { add: AddFn }).add;
  const raw = runtime.koffi.load(path.join(root, 'target', 'debug', libraryFileName(APP.libCrate)));
  // Declared the way the runtime declares its functions (src/bindings/spec.ts), so only the wrapper differs.
  const koffiAdd = raw.func('add', 'int32_t', ['int32_t', 'int32_t']) as AddFn;
  const jsAdd: AddFn = (a, b) => (a + b) | 0;
  const loop = loops(wrapper, koffiAdd, jsAdd);
  const out = { wrapper: [] as number[], koffi: [] as number[], js: [] as number[] };
  nsPerCall(loop.wrapper); // warm-up: JIT and koffi's first-call paths
  nsPerCall(loop.koffi);
  for (let i = 0; i < rounds; i++) {
    // Alternate the order: the one measured second must not be favoured each time.
    const order = i % 2 ? (['koffi', 'wrapper', 'js'] as const) : (['wrapper', 'koffi', 'js'] as const);
    for (const variant of order) out[variant].push(nsPerCall(loop[variant]));
  }
  lib.close();
  raw.unload();
  return out;
}

async function rustCalls(root: string, rounds: number): Promise<Record<'direct' | 'hot_lib' | 'dlsym', number[]>> {
  fs.mkdirSync(path.join(root, 'src', 'bin'), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'calls.rs'), path.join(root, 'src', 'bin', 'calls.rs'));
  const env = benchEnv({ HOT_RELOAD_ROOT: root });
  // Two builds: `--bin` would also filter out the lib's cdylib.
  await timed('cargo', ['build', '--release', '-p', APP.libPackage], { cwd: root, env });
  await timed('cargo', ['build', '--release', '-p', APP.binPackage, '--bin', 'calls'], { cwd: root, env });
  // Publish the release lib as `hot-reload dev` would, so hot_lib loads it.
  const { abi } = generateBindings(root);
  const publisher = new Publisher(root, APP.libCrate);
  publisher.cleanAll();
  const published = publisher.publish(path.join(root, 'target', 'release', libraryFileName(APP.libCrate)), {
    abi,
    changedAt: Date.now(),
    buildMs: 0,
  });
  const run = await timed(
    path.join(root, 'target', 'release', 'calls'),
    [String(rounds), path.join(root, published.path)],
    { cwd: root, env },
  );
  const out = { direct: [] as number[], hot_lib: [] as number[], dlsym: [] as number[] };
  for (const line of run.output.split('\n')) {
    const [name, ns] = line.split(' ');
    if (name === 'direct' || name === 'hot_lib' || name === 'dlsym') out[name].push(Number(ns));
  }
  return out;
}

export async function benchCalls(rounds: number): Promise<Row[]> {
  const app = await scaffoldApp('calls');
  try {
    installFixtures(app.root);
    generateBindings(app.root);
    await timed('cargo', ['build', '-p', APP.libPackage], { cwd: app.root });
    const ts = await typeScriptCalls(app.root, rounds);
    const rust = await rustCalls(app.root, rounds);
    const n = `${rounds} × 10M`;
    const row = (what: string, values: number[], target = ''): Row => ({
      item: '5',
      what,
      n,
      result: formatSummary(summarize(values), 'ns/call'),
      target,
    });
    const wrapper = summarize(ts.wrapper);
    const koffi = summarize(ts.koffi);
    const ratio = wrapper.median / koffi.median;
    const direct = summarize(rust.direct);
    const hot = summarize(rust.hot_lib);
    const gap = hot.median - direct.median;
    return [
      row('TS: runtime wrapper `lib.api.add`', ts.wrapper),
      row('TS: raw koffi function (baseline)', ts.koffi),
      {
        item: '5',
        what: 'TS: wrapper / raw koffi (of medians)',
        n,
        result: formatNumber(ratio),
        target: verdict('≤ 1.1', ratio <= 1.1),
      },
      row('TS: pure JS function', ts.js),
      row('Rust: direct call (static link, baseline)', rust.direct),
      row('Rust: through hot_lib (cached pointer)', rust.hot_lib),
      {
        item: '5',
        what: 'Rust: hot_lib − direct (of medians)',
        n,
        result: `${formatNumber(gap)} ns`,
        target: verdict('≤ 2 ns', gap <= 2),
      },
      row('Rust: dlsym per call (hot-lib-reloader style)', rust.dlsym),
    ];
  } finally {
    app.cleanup();
  }
}
