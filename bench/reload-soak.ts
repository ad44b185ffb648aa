// The long-session soak: 1000 reloads in a row into one running host (TypeScript, or the Rust bin with its
// std-only reloader), driven through the real `hot-reload dev` loop (src/dev/loop.ts, in this process): each
// reload is an editor-style save of lib/src/lib.rs that the loop's watcher sees, its scheduler builds, its
// bindings step regenerates, its publisher copies into `.hot/` (and prunes), and the host swaps in. Then a
// version that segfaults, one that aborts and one that panics: the loop itself reports each crash, points
// current.json back at the last version that did not crash and restarts the host there.
//
// The one stand-in is the lib's compiler: the three good bodies and the three crashing ones are built once by
// cargo, and the loop's lib builder (its one replaceable build step) hands out the library built from the
// lib.rs that is on disk, so the run is about the loop and the hosts, not about cargo. The Rust host's binary is
// built by the loop with cargo, as in `dev --host rust`.
//
// Checked on every reload: the host runs the new body, and the counter in its State (allocated outside the
// library) equals the calls the host made: not one lost or doubled across a swap. Measured: open fds and
// resident memory of the host, and how many files the loop leaves in `.hot/`.
//
//   node --import tsx bench/reload-soak.ts [reloads] [ts|rust]   prints a table; throws if a check failed
//   import { runReloadSoak } from './reload-soak.js'      the same numbers as an object (bench/memory.ts)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LibBuild } from '../src/dev/lib-build.js';
import { DevLoop } from '../src/dev/loop.js';
import { findProject, libraryFileName } from '../src/project.js';
import { HOT_DIR } from '../src/runtime/published.js';
import { APP, save, scaffoldApp, timed } from './project.js';

export interface CrashResult {
  kind: 'segfault' | 'abort' | 'panic';
  /** How the host ended on the crashing version, e.g. `SIGSEGV`. */
  ended: string;
  /** The good version current.json was pointed back at. */
  rolledBackTo: number;
  /** Reloads that worked in the restarted host afterwards. */
  reloadsAfter: number;
}

export interface SoakResult {
  host: 'ts' | 'rust';
  reloads: number;
  /** Wall time of the reload phase (save → the host ran the new body, 1000 times). */
  reloadMs: number;
  /** Calls into the lib during the reload phase (all counted by State.counter, exactly). */
  calls: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  fdsStart: number;
  fdsEnd: number;
  fdsMax: number;
  /** Most entries the dev loop ever left in `.hot/` after a reload (library copies + current.json). */
  hotFilesMax: number;
  crashes: CrashResult[];
}

export interface SoakOptions {
  reloads?: number;
  /** Which host to reload into. Default `ts`. */
  host?: 'ts' | 'rust';
  /** Also publish a segfaulting, an aborting and a panicking version, each rolled back. Default true. */
  crashes?: boolean;
  log?: (line: string) => void;
}

/** The lib's bodies: same signature and State (so the same ABI), different code. `body` tells them apart. */
const LIB = (body: string) => `#[repr(C)]
pub struct State {
    pub counter: u64,
    pub body: u32,
}

#[unsafe(no_mangle)]
pub extern "C" fn step(state: &mut State) {
    ${body}
}
`;
const GOOD = [
  'state.counter += 1;\n    state.body = 1;',
  'state.counter = state.counter.wrapping_add(1);\n    state.body = 2;',
  'state.counter += u64::from(state.body < 100);\n    state.body = 3;',
];
const CRASHING: Record<CrashResult['kind'], { body: string; signal: string }> = {
  // SAFETY (of the generated code): none; writing through null is the point of this version.
  segfault: { body: 'unsafe { std::ptr::null_mut::<u64>().write_volatile(state.counter) }', signal: 'SIGSEGV' },
  abort: { body: 'std::process::abort();', signal: 'SIGABRT' },
  // A panic cannot unwind out of `extern "C"`: Rust aborts the process.
  panic: { body: 'panic!("soak panic at {}", state.counter);', signal: 'SIGABRT' },
};

/** Where the hosts write what they ran (their stdout and stderr belong to the dev loop). */
const RAN_LOG = 'soak-ran.log';

/**
 * The hosts: call `step` in batches as fast as they can and, after each load or swap, append what the new body
 * wrote to RAN_LOG. `n` counts the versions this process has run (1 = the one it started on), so the driver
 * can tell which save a line answers without the host knowing version numbers.
 */
const TS_HOST = `import fs from 'node:fs';
import { loadLib } from 'create-hot-reload/runtime';
import { bindings, State } from './lib.generated.js';

const lib = await loadLib(bindings);
const state = lib.alloc(State, { counter: 0, body: 0 });
let calls = 0;
let n = 1;
let swapped = false;
lib.on('reload', () => {
  n++;
  swapped = true;
});
const batch = (): void => {
  for (let i = 0; i < 200; i++) {
    lib.api.step(state);
    calls++;
  }
  if (swapped) {
    swapped = false;
    const s = lib.read(state, State);
    fs.appendFileSync('${RAN_LOG}', \`ran pid=\${process.pid} n=\${n} body=\${s.body} counter=\${s.counter} calls=\${calls}\\n\`);
  }
  setImmediate(batch);
};
swapped = true;
batch();
`;

const RUST_HOST = `//! The soak's Rust host: the generated hot_lib.rs and reloader.rs, a tight loop.
mod hot_lib;
mod reloader;

use std::io::Write;

fn main() {
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open("${RAN_LOG}").expect("${RAN_LOG}");
    let pid = std::process::id();
    let mut state = hot_lib::State { counter: 0, body: 0 };
    let (mut calls, mut n) = (0u64, 0u64);
    loop {
        let swapped = hot_lib::update();
        for _ in 0..200 {
            hot_lib::step(&mut state);
            calls += 1;
        }
        if swapped {
            n += 1;
            writeln!(log, "ran pid={pid} n={n} body={} counter={} calls={calls}", state.body, state.counter).expect("write");
        }
    }
}
`;

interface Ran {
  pid: number;
  n: number;
  body: number;
  counter: number;
  calls: number;
}

/** The hosts' RAN_LOG, read as it grows. */
class RanLog {
  readonly lines: Ran[] = [];
  #offset = 0;
  #rest = '';
  #scanned = 0;

  constructor(readonly file: string) {}

  /** The next line (after the last one returned) that `matches`; throws with `what` and the loop's last lines. */
  async next(
    matches: (ran: Ran) => boolean,
    what: string,
    status: readonly string[],
    timeoutMs = 10_000,
  ): Promise<Ran> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.#read();
      for (; this.#scanned < this.lines.length; this.#scanned++) {
        const ran = this.lines[this.#scanned]!;
        if (matches(ran)) {
          this.#scanned++;
          return ran;
        }
      }
      if (Date.now() > deadline)
        throw new Error(`${what}: no such line in ${RAN_LOG}; the dev loop said:\n${status.slice(-15).join('\n')}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  #read(): void {
    if (!fs.existsSync(this.file)) return;
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (let got; (got = fs.readSync(fd, buffer, 0, buffer.length, this.#offset)) > 0;) {
        this.#offset += got;
        this.#rest += buffer.subarray(0, got).toString();
      }
    } finally {
      fs.closeSync(fd);
    }
    const parts = this.#rest.split('\n');
    this.#rest = parts.pop() ?? '';
    for (const part of parts) {
      const m = /^ran pid=(\d+) n=(\d+) body=(\d+) counter=(\d+) calls=(\d+)$/.exec(part);
      if (m)
        this.lines.push({
          pid: Number(m[1]),
          n: Number(m[2]),
          body: Number(m[3]),
          counter: Number(m[4]),
          calls: Number(m[5]),
        });
    }
  }
}

/** Waits for a line of the dev loop at index >= `from` that matches. */
async function statusLine(
  status: readonly string[],
  pattern: RegExp,
  from: number,
  timeoutMs = 10_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (let i = from; i < status.length; i++) {
      const m = pattern.exec(status[i]!);
      if (m) return m;
    }
    if (Date.now() > deadline)
      throw new Error(`the dev loop did not say ${pattern}; it said:\n${status.slice(-15).join('\n')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** Builds each body once with cargo; returns the library files, kept outside target/ (cargo overwrites its own). */
async function buildVariants(root: string, bodies: readonly string[]): Promise<string[]> {
  const stash = path.join(root, 'soak-builds');
  fs.mkdirSync(stash, { recursive: true });
  const files: string[] = [];
  for (const [i, body] of bodies.entries()) {
    fs.writeFileSync(path.join(root, 'lib/src/lib.rs'), LIB(body));
    await timed('cargo', ['build', '--quiet', '-p', APP.libPackage], { cwd: root });
    const file = path.join(stash, `${i}-${libraryFileName(APP.libCrate)}`);
    fs.copyFileSync(path.join(root, 'target/debug', libraryFileName(APP.libCrate)), file);
    files.push(file);
  }
  return files;
}

/** The loop's lib builder for the soak: the library built beforehand from exactly the lib.rs on disk. */
function prebuilt(root: string, builds: ReadonlyMap<string, string>): () => Promise<LibBuild> {
  return async () => {
    const file = builds.get(fs.readFileSync(path.join(root, 'lib/src/lib.rs'), 'utf8'));
    if (!file)
      return {
        success: false,
        stopped: false,
        diagnostics: 'soak: no library was built for this lib.rs',
        ms: 0,
        artifact: undefined,
      };
    return { success: true, stopped: false, diagnostics: '', ms: 0, artifact: { file, fresh: false } };
  };
}

export async function runReloadSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const reloads = options.reloads ?? 1000;
  const log = options.log ?? (() => {});
  const app = await scaffoldApp('soak');
  let loop: DevLoop | undefined;
  try {
    const root = app.root;
    const kind = options.host ?? 'ts';
    const crashKinds = options.crashes === false ? [] : (Object.keys(CRASHING) as CrashResult['kind'][]);
    if (kind === 'ts') fs.writeFileSync(path.join(root, 'host/main.ts'), TS_HOST);
    else fs.writeFileSync(path.join(root, 'src/main.rs'), RUST_HOST);
    log(`building ${GOOD.length} good and ${crashKinds.length} crashing versions once`);
    const bodies = [...GOOD, ...crashKinds.map((k) => CRASHING[k].body)];
    const built = await buildVariants(root, bodies);
    const libFile = path.join(root, 'lib/src/lib.rs');
    fs.writeFileSync(libFile, LIB(GOOD[0]!));

    const status: string[] = [];
    loop = new DevLoop(findProject(root), kind, {
      output: { status: (line) => status.push(line), diagnostics: (text) => status.push(text) },
      buildLib: prebuilt(root, new Map(bodies.map((body, i) => [LIB(body), built[i]!]))),
      // Saves come one right after another here (each as soon as the last reload ran): no waiting for a pause.
      schedule: { settleMs: 3, quietMs: 3, maxWaitMs: 2000 },
    });
    const ran = new RanLog(path.join(root, RAN_LOG));
    const hotDir = path.join(root, HOT_DIR);
    let hotFilesMax = 0;
    let host = { pid: 0, n: 0 };
    /** Saves `body` and waits until the running host ran it; checks that no call was lost or doubled. */
    const reload = async (body: number, what: string): Promise<Ran> => {
      save(libFile, LIB(GOOD[body]!));
      const r = await ran.next((x) => x.pid === host.pid && x.n === host.n + 1, what, status);
      if (r.body !== body + 1) throw new Error(`${what}: the host should run body ${body + 1}, ran body ${r.body}`);
      if (r.counter !== r.calls) throw new Error(`${what}: State.counter ${r.counter} but ${r.calls} calls`);
      host = { pid: r.pid, n: r.n };
      hotFilesMax = Math.max(hotFilesMax, fs.readdirSync(hotDir).length);
      return r;
    };

    // ---- 1000 reloads into one host ------------------------------------------------------------------------
    await loop.start();
    const first = await ran.next((x) => x.n === 1, 'the host running v1', status, 60_000);
    host = { pid: first.pid, n: 1 };
    const warmUp = Math.min(20, reloads);
    let fdsStart = 0;
    let rssStartMb = 0;
    let fdsMax = 0;
    let rssMaxMb = 0;
    let calls = 0;
    const reloadStarted = performance.now();
    for (let i = 1; i <= reloads; i++) {
      calls = (await reload(i % GOOD.length, `reload ${i}`)).calls;
      if (i === warmUp) {
        // After a few reloads: koffi, the watch and the allocator have settled; growth is measured from here.
        fdsStart = openFds(host.pid);
        rssStartMb = rssMb(host.pid);
      }
      if (i >= warmUp && i % 50 === 0) {
        fdsMax = Math.max(fdsMax, openFds(host.pid));
        rssMaxMb = Math.max(rssMaxMb, rssMb(host.pid));
      }
      if (i % 200 === 0) log(`${i} reloads: rss ${rssMb(host.pid).toFixed(1)} MB, ${openFds(host.pid)} fds`);
    }
    const reloadMs = performance.now() - reloadStarted;
    const fdsEnd = openFds(host.pid);
    const rssEndMb = rssMb(host.pid);
    fdsMax = Math.max(fdsMax, fdsEnd);
    rssMaxMb = Math.max(rssMaxMb, rssEndMb);
    let lastBody = reloads % GOOD.length;

    // ---- crashing versions: the loop reports each crash and rolls back ------------------------------------
    const crashes: CrashResult[] = [];
    for (const crash of crashKinds) {
      const from = status.length;
      save(libFile, LIB(CRASHING[crash].body));
      const ended =
        (await statusLine(status, /^host crashed \((?:killed by (\w+)|exit code \d+)\) on v\d+/, from))[1] ??
        'an exit code';
      if (ended !== CRASHING[crash].signal)
        throw new Error(`the ${crash} version should end the host with ${CRASHING[crash].signal}, got ${ended}`);
      const back = await statusLine(
        status,
        /^restarting the host on v(\d+), the last version that did not crash$/,
        from,
      );
      const restarted = await ran.next(
        (x) => x.pid !== host.pid && x.n === 1,
        `the host restarted after the ${crash}`,
        status,
      );
      if (restarted.body !== lastBody + 1)
        throw new Error(
          `after the ${crash}: the restarted host should run body ${lastBody + 1}, ran ${restarted.body}`,
        );
      host = { pid: restarted.pid, n: 1 };
      let after = 0;
      for (let i = 1; i <= 5; i++, after++)
        lastBody = (await reload((lastBody + 1) % GOOD.length, `reload ${i} after the ${crash}`)).body - 1;
      crashes.push({ kind: crash, ended, rolledBackTo: Number(back[1]), reloadsAfter: after });
      log(`${crash}: host ended by ${ended}, rolled back to v${back[1]}, ${after} reloads after`);
    }
    return {
      host: kind,
      reloads,
      reloadMs,
      calls,
      rssStartMb,
      rssEndMb,
      rssMaxMb,
      fdsStart,
      fdsEnd,
      fdsMax,
      hotFilesMax,
      crashes,
    };
  } finally {
    await loop?.stop();
    app.cleanup();
  }
}

/** The figures as a small Markdown table. */
export function formatSoak(r: SoakResult): string {
  const rows: [string, string][] = [
    [
      `reloads into one ${r.host === 'ts' ? 'TypeScript' : 'Rust'} host`,
      `${r.reloads} in ${(r.reloadMs / 1000).toFixed(1)} s (${(r.reloadMs / r.reloads).toFixed(1)} ms each, save → new body ran)`,
    ],
    ['calls, all counted exactly', String(r.calls)],
    [
      'resident memory',
      `${r.rssStartMb.toFixed(1)} → ${r.rssEndMb.toFixed(1)} MB (max ${r.rssMaxMb.toFixed(1)}; growth ${(r.rssEndMb - r.rssStartMb).toFixed(1)} MB, target < 64 MB)`,
    ],
    ['open file descriptors', `${r.fdsStart} → ${r.fdsEnd} (max ${r.fdsMax})`],
    ['files in .hot/ (max)', String(r.hotFilesMax)],
    ...r.crashes.map((c): [string, string] => [
      `${c.kind} version`,
      `host ended by ${c.ended}; rolled back to v${c.rolledBackTo}; ${c.reloadsAfter} reloads after`,
    ]),
  ];
  return ['| soak | result |', '| --- | --- |', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reloads = Number(process.argv[2] ?? 1000);
  const host = process.argv[3] === 'rust' ? 'rust' : 'ts';
  const started = performance.now();
  const result = await runReloadSoak({ reloads, host, log: (line) => console.error(`· ${line}`) });
  console.log(formatSoak(result));
  console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(1)} s with the builds)`);
}
