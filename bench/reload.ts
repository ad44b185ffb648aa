// Item 3: save → new code running, under the real `hot-reload dev`, for the TypeScript and the Rust host, split
// into phases by the HOT_RELOAD_TRACE events; against plain `cargo build -p <lib>` for the same edits. Body edits
// build with rustc directly (src/dev/direct-build/): the compiler's own time is traced too (rustc-start/-end),
// so our overhead is what is left of save → new code running. The TypeScript host also runs once with the
// direct path off and once with std linked statically, for comparison in the same run.
// The project is the hello-world with the benchmark's lib and hosts (bench/fixtures): hosts that call every
// millisecond, so the hello-world's one-second interval does not count.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monotonicMs } from '../src/dev/trace.js';
import { DevProcess } from '../test/e2e/dev-process.js';
import { APP, benchEnv, save, scaffoldApp, timed } from './project.js';
import { formatNumber, formatSummary, summarize, verdict, type Row } from './stats.js';
import { PHASES, phasesOf, readTrace, type Phases, type TraceRecord } from './trace.js';

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));

/** Longer than the scheduler's 250 ms quiet window: each save is a lone save, built after the 30 ms settle. */
const PAUSE_MS = 400;

/** The marker offset of the unmeasured warm-up edit (edits use base + 1 … base + n). */
const WARM_UP = 99_999;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function libSource(marker: number): string {
  return fs
    .readFileSync(path.join(fixtures, 'lib.rs'), 'utf8')
    .replace('state.counter = 0;', `state.counter = ${marker};`);
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
    if (Date.now() > deadline)
      throw new Error(`no call showed marker ${marker} within ${timeoutMs} ms:\n${dev.tail()}`);
    await sleep(5);
  }
}

/** One edit's phases, with the build's path and rustc's own time (direct path only). */
export interface EditPhases extends Phases {
  path: string;
  compiler: number | undefined;
  /** Plain `cargo build -p <lib>` of the same source, right after (same machine load as this edit). */
  pairedCargo?: number;
}

/** The build path and compiler time of the build between `savedAt` and the first call of `marker`. */
function buildOf(records: readonly TraceRecord[], savedAt: number): { path: string; compiler: number | undefined } {
  const after = records.filter((r) => r.t >= savedAt);
  const end = after.find((r) => r.event === 'cargo-end');
  const rustcStart = after.find((r) => r.event === 'rustc-start');
  const rustcEnd = rustcStart && after.find((r) => r.event === 'rustc-end' && r.t >= rustcStart.t);
  const compiler = rustcStart && rustcEnd && end && rustcEnd.t <= end.t ? rustcEnd.t - rustcStart.t : undefined;
  return { path: String((end as { path?: string } | undefined)?.path ?? '?'), compiler };
}

async function underDev(
  root: string,
  host: 'ts' | 'rust',
  edits: number,
  base: number,
  env: NodeJS.ProcessEnv = {},
  paired = false,
): Promise<EditPhases[]> {
  const traceFile = path.join(root, `.trace-${host}.jsonl`);
  fs.rmSync(traceFile, { force: true });
  // DevProcess passes our environment on (and the dev loop passes it to the host).
  const saved = { ...process.env };
  Object.assign(process.env, env, { HOT_RELOAD_TRACE: traceFile });
  const dev = new DevProcess(root, ['dev', '--host', host]);
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  const libFile = path.join(root, 'lib', 'src', 'lib.rs');
  try {
    save(libFile, libSource(base));
    await waitForMarker(traceFile, base, dev, 120_000); // the first build (and the Rust host's) is not measured
    // Nor is the first body edit: the direct path's own incremental cache starts cold.
    await sleep(PAUSE_MS);
    save(libFile, libSource(base + WARM_UP));
    await waitForMarker(traceFile, base + WARM_UP, dev, 60_000);
    const phases: EditPhases[] = [];
    for (let i = 1; i <= edits; i++) {
      await sleep(PAUSE_MS);
      const savedAt = monotonicMs();
      save(libFile, libSource(base + i));
      await waitForMarker(traceFile, base + i, dev, 30_000);
      // The host's own trace lines after its call (on 2 busy cores they may lag a little).
      let records = readTrace(traceFile);
      for (let wait = 0; wait < 50 && !phasesOf(records, savedAt, base + i); wait++) {
        await sleep(20);
        records = readTrace(traceFile);
      }
      const p = phasesOf(records, savedAt, base + i);
      if (!p)
        throw new Error(
          `edit ${i}: a phase is missing from ${traceFile}:\n${dev.tail()}\n${JSON.stringify(records.filter((r) => r.t >= savedAt - 50).slice(0, 30))}`,
        );
      // The baseline for the same source under the same load: the load of 2 shared cores drifts within a run.
      const pairedCargo = paired
        ? (await timed('cargo', ['build', '-p', APP.libPackage], { cwd: root, env: benchEnv() })).ms
        : undefined;
      phases.push({ ...p, ...buildOf(records, savedAt), pairedCargo });
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
  cargo: 'lib build inside dev (rustc directly, or cargo)',
  publish: 'publish (copy + current.json)',
  swap: 'host: notice + load + swap',
  firstCall: 'swap → first call of new code',
  total: 'save → new code running',
};

/** Rows for one dev run: its phases, the compiler's own time, the ratio to plain cargo and our overhead. */
function hostRows(name: string, phases: readonly EditPhases[]): Row[] {
  const rows: Row[] = [];
  const row = (what: string, values: number[], target = ''): void => {
    const s = summarize(values);
    rows.push({ item: '3', what: `${name}: ${what}`, n: `${s.n}`, result: formatSummary(s, 'ms'), target });
  };
  for (const phase of PHASES)
    row(
      PHASE_LABEL[phase],
      phases.map((p) => p[phase]),
    );
  const direct = phases.filter((p) => p.path === 'direct' && p.compiler !== undefined);
  rows.push({
    item: '3',
    what: `${name}: builds that took the direct path`,
    n: `${phases.length}`,
    result: `${direct.length} of ${phases.length}`,
    target: '',
  });
  const paired = phases.map((p) => p.pairedCargo ?? NaN);
  row('plain `cargo build -p <lib>` of the same source right after each edit (paired baseline)', paired);
  const cargoMedian = summarize(paired).median;
  const total = summarize(phases.map((p) => p.total)).median;
  const ratio = total / cargoMedian;
  rows.push({
    item: '3',
    what: `${name}: save → new code running / paired plain cargo (of medians)`,
    n: `${phases.length}`,
    result: `${ratio.toFixed(2)} (${formatNumber(total)} vs ${formatNumber(cargoMedian)} ms)`,
    target: verdict('≤ 0.7', ratio <= 0.7),
  });
  if (direct.length > 0) {
    row(
      "rustc alone (the compiler's own time, inside the lib build)",
      direct.map((p) => p.compiler!),
    );
    const overhead = direct.map((p) => p.total - p.compiler!);
    row('our overhead (total − rustc)', overhead, verdict('≤ 5 ms', summarize(overhead).median <= 5));
    // The scheduler's fixed settle delay (src/dev/loop.ts, settleMs) is waiting, not work.
    row(
      'our overhead without the settle delay',
      direct.map((p) => p.total - p.compiler! - p.settle),
    );
  }
  return rows;
}

export async function benchReload(edits: number): Promise<Row[]> {
  const app = await scaffoldApp('reload');
  try {
    installFixtures(app.root);
    const rows: Row[] = [];
    const cargo = summarize(await plainCargo(app.root, edits, 100_000));
    rows.push({
      item: '3',
      what: 'baseline: plain `cargo build -p <lib>`, one-literal edit',
      n: `${cargo.n}`,
      result: formatSummary(cargo, 'ms'),
      target: '',
    });
    for (const [host, base] of [
      ['ts', 200_000],
      ['rust', 300_000],
    ] as const) {
      const phases = await underDev(app.root, host, edits, base, {}, true);
      rows.push(...hostRows(host === 'ts' ? 'TS host' : 'Rust host', phases));
    }
    // The same TypeScript host with the direct path off (what dev did before), and with std linked statically.
    const viaCargo = await underDev(app.root, 'ts', edits, 400_000, { HOT_RELOAD_DIRECT_BUILD: '0' });
    const staticStd = await underDev(app.root, 'ts', edits, 500_000, { HOT_RELOAD_PREFER_DYNAMIC: '0' });
    for (const [what, phases] of [
      ['TS host, through cargo (HOT_RELOAD_DIRECT_BUILD=0)', viaCargo],
      ['TS host, direct, std linked statically (HOT_RELOAD_PREFER_DYNAMIC=0)', staticStd],
    ] as const) {
      for (const phase of ['cargo', 'publish', 'total'] as const) {
        const s = summarize(phases.map((p) => p[phase]));
        rows.push({
          item: '3',
          what: `${what}: ${PHASE_LABEL[phase]}`,
          n: `${s.n}`,
          result: formatSummary(s, 'ms'),
          target: '',
        });
      }
    }
    return rows;
  } finally {
    app.cleanup();
  }
}
