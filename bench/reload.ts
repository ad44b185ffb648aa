// Item 3: save → new code running, under the real `hot-reload dev`, for the TypeScript and the Rust host, split
// into phases by the HOT_RELOAD_TRACE events; against plain `cargo build -p <lib>` for the same edits.
// The project is the hello-world with the benchmark's lib and hosts (bench/fixtures): hosts that call every
// millisecond, so the hello-world's one-second interval does not count.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monotonicMs } from '../src/dev/trace.js';
import { DevProcess } from '../test/e2e/dev-process.js';
import { APP, benchEnv, save, scaffoldApp, timed } from './project.js';
import { formatSummary, summarize, verdict, type Row } from './stats.js';
import { PHASES, phasesOf, readTrace, type Phases } from './trace.js';

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));

/** Longer than the scheduler's 250 ms quiet window: each save is a lone save, built after the 30 ms settle. */
const PAUSE_MS = 400;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function libSource(marker: number): string {
  return fs.readFileSync(path.join(fixtures, 'lib.rs'), 'utf8').replace('state.counter = 0;', `state.counter = ${marker};`);
}

/** Writes the benchmark lib and hosts into a scaffolded project. */
export function installFixtures(root: string): void {
  fs.writeFileSync(path.join(root, 'lib', 'src', 'lib.rs'), libSource(0));
  fs.copyFileSync(path.join(fixtures, 'host-main.ts.txt'), path.join(root, 'host', 'main.ts'));
  fs.copyFileSync(path.join(fixtures, 'main.rs'), path.join(root, 'src', 'main.rs'));
}

async function waitForMarker(file: string, marker: number, dev: DevProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!readTrace(file).some((r) => r.event === 'called' && r.marker === marker)) {
    if (dev.child.exitCode !== null) throw new Error(`dev exited:\n${dev.tail()}`);
    if (Date.now() > deadline) throw new Error(`no call showed marker ${marker} within ${timeoutMs} ms:\n${dev.tail()}`);
    await sleep(5);
  }
}

async function underDev(root: string, host: 'ts' | 'rust', edits: number, base: number): Promise<Phases[]> {
  const traceFile = path.join(root, `.trace-${host}.jsonl`);
  fs.rmSync(traceFile, { force: true });
  // DevProcess passes our environment on (and the dev loop passes it to the host).
  process.env.HOT_RELOAD_TRACE = traceFile;
  const dev = new DevProcess(root, ['dev', '--host', host]);
  delete process.env.HOT_RELOAD_TRACE;
  const libFile = path.join(root, 'lib', 'src', 'lib.rs');
  try {
    save(libFile, libSource(base));
    await waitForMarker(traceFile, base, dev, 120_000); // the first build (and the Rust host's) is not measured
    const phases: Phases[] = [];
    for (let i = 1; i <= edits; i++) {
      await sleep(PAUSE_MS);
      const savedAt = monotonicMs();
      save(libFile, libSource(base + i));
      await waitForMarker(traceFile, base + i, dev, 30_000);
      await sleep(20); // the host's own trace lines after its call
      const p = phasesOf(readTrace(traceFile), savedAt, base + i);
      if (!p) throw new Error(`edit ${i}: a phase is missing from ${traceFile}:\n${dev.tail()}`);
      phases.push(p);
    }
    return phases;
  } finally {
    dev.interrupt();
    const timer = setTimeout(() => dev.kill(), 5000);
    await dev.exited;
    clearTimeout(timer);
  }
}

/** The floor: `cargo build -p <lib>` alone, spawn to exit, for the same kind of edit. */
async function plainCargo(root: string, edits: number, base: number): Promise<number[]> {
  const libFile = path.join(root, 'lib', 'src', 'lib.rs');
  const times: number[] = [];
  for (let i = 1; i <= edits; i++) {
    save(libFile, libSource(base + i));
    times.push((await timed('cargo', ['build', '-p', APP.libPackage], { cwd: root, env: benchEnv() })).ms);
  }
  return times;
}

const PHASE_LABEL: Record<keyof Phases, string> = {
  detected: 'save → watch event',
  settle: 'settle delay of the build scheduler',
  bindings: 'bindings regenerated',
  cargo: 'cargo build -p lib (inside dev)',
  publish: 'publish (copy + current.json)',
  swap: 'host: notice + load + swap',
  firstCall: 'swap → first call of new code',
  total: 'save → new code running',
};

export async function benchReload(edits: number): Promise<Row[]> {
  const app = await scaffoldApp('reload');
  try {
    installFixtures(app.root);
    const rows: Row[] = [];
    const cargo = summarize(await plainCargo(app.root, edits, 100_000));
    rows.push({ item: '3', what: 'baseline: plain `cargo build -p <lib>`, one-literal edit', n: `${cargo.n}`, result: formatSummary(cargo, 'ms'), target: '' });
    for (const [host, base] of [['ts', 200_000], ['rust', 300_000]] as const) {
      const phases = await underDev(app.root, host, edits, base);
      const name = host === 'ts' ? 'TS host' : 'Rust host';
      for (const phase of PHASES) {
        const s = summarize(phases.map((p) => p[phase]));
        const target = phase === 'total' ? verdict('< 200 ms', s.median < 200) : '';
        rows.push({ item: '3', what: `${name}: ${PHASE_LABEL[phase]}`, n: `${s.n}`, result: formatSummary(s, 'ms'), target });
      }
      const overhead = summarize(phases.map((p) => p.total - p.cargo));
      rows.push({
        item: '3',
        what: `${name}: our overhead (total − cargo inside dev)`,
        n: `${overhead.n}`,
        result: formatSummary(overhead, 'ms'),
        target: verdict('≤ 10 ms', overhead.median <= 10),
      });
      // What blocks the target: the scheduler's fixed settle delay (src/dev/loop.ts, settleMs 30), not work.
      const work = summarize(phases.map((p) => p.total - p.cargo - p.settle));
      rows.push({ item: '3', what: `${name}: our overhead without the settle delay`, n: `${work.n}`, result: formatSummary(work, 'ms'), target: '' });
    }
    return rows;
  } finally {
    app.cleanup();
  }
}
