// The long-session soak: 1000 reloads in a row into one running host (TypeScript, or the Rust bin with its
// std-only reloader), through the real protocol
// (a copy in `.hot/`, then an atomic `current.json` replace, by src/dev/publish.ts), then a version that
// segfaults, one that aborts and one that panics, each rolled back. Three versions of the lib (same ABI,
// different bodies) and the three crashing ones are built once, so the run is about the reloads, not cargo.
//
// Checked on every reload: the host runs the new body, and the counter in its State (allocated outside the
// library) equals the calls the host made: not one lost or doubled across a swap. Measured: open fds and
// resident memory of the host, and what is left in `.hot/`.
//
//   node --import tsx bench/reload-soak.ts [reloads] [ts|rust]   prints a table; throws if a check failed
//   import { runReloadSoak } from './reload-soak.js'      the same numbers as an object (bench/memory.ts)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBindings } from '../src/bindings/generate.js';
import { Publisher } from '../src/dev/publish.js';
import { tsxLoaderUrl } from '../src/dev/host.js';
import { libraryFileName } from '../src/project.js';
import { HOT_DIR } from '../src/runtime/published.js';
import type { PublishedVersion } from '../src/runtime/types.js';
import { APP, benchEnv, scaffoldApp, timed } from './project.js';

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
  /** Wall time of the reload phase (publish → the host ran the new body, 1000 times). */
  reloadMs: number;
  /** Calls into the lib during the reload phase (all counted by State.counter, exactly). */
  calls: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  fdsStart: number;
  fdsEnd: number;
  fdsMax: number;
  /** Most entries ever seen in `.hot/` after a prune (library copies + current.json). */
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

/**
 * The hosts: call `step` in batches as fast as they can and, after each load or swap, say what the new body
 * wrote. `n` counts the versions this process has run (1 = the one it started on), so the driver can tell
 * which publish a line answers without the host knowing version numbers.
 */
const TS_HOST = `import { loadLib } from 'create-hot-reload/runtime';
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
    console.log(\`ran n=\${n} body=\${s.body} counter=\${s.counter} calls=\${calls}\`);
  }
  setImmediate(batch);
};
swapped = true;
batch();
`;

const RUST_HOST = `//! The soak's Rust host: the generated hot_lib.rs and reloader.rs, a tight loop.
mod hot_lib;
mod reloader;

fn main() {
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
            println!("ran n={n} body={} counter={} calls={calls}", state.body, state.counter);
        }
    }
}
`;

/** A host process and the lines it printed. */
class SoakHost {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<string>;
  #wake: (() => void) | undefined;

  constructor(root: string, kind: 'ts' | 'rust') {
    const env = benchEnv({ HOT_RELOAD_DEV: '1', HOT_RELOAD_ROOT: root });
    const [command, args] = kind === 'ts' ? [process.execPath, ['--import', tsxLoaderUrl(), 'host/soak.ts']] : [path.join(root, 'target/debug', APP.binPackage), []];
    this.child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let rest = '';
    const onData = (chunk: Buffer): void => {
      rest += chunk.toString();
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      this.lines.push(...parts);
      this.#wake?.();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.#wake?.();
        resolve(signal ?? `exit code ${code}`);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Versions this process has run: the one it started on, then one per publish. */
  n = 0;

  /** Publishes are answered in order: waits for the line of the next version this process runs. */
  async ran(version: number, timeoutMs = 10_000): Promise<{ body: number; counter: number; calls: number }> {
    this.n++;
    const pattern = new RegExp(`^ran n=${this.n} body=(\\d+) counter=(\\d+) calls=(\\d+)$`);
    const deadline = Date.now() + timeoutMs;
    for (let from = 0; ; ) {
      for (; from < this.lines.length; from++) {
        const m = pattern.exec(this.lines[from]!);
        if (m) return { body: Number(m[1]), counter: Number(m[2]), calls: Number(m[3]) };
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        throw new Error(`the host did not run v${version}; its last lines:\n${this.lines.slice(-15).join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
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
  fs.writeFileSync(path.join(root, 'lib/src/lib.rs'), LIB(GOOD[0]!));
  return files;
}

export async function runReloadSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const reloads = options.reloads ?? 1000;
  const log = options.log ?? (() => {});
  const app = await scaffoldApp('soak');
  const hosts: SoakHost[] = [];
  try {
    const root = app.root;
    const kind = options.host ?? 'ts';
    const crashKinds = options.crashes === false ? [] : (Object.keys(CRASHING) as CrashResult['kind'][]);
    fs.writeFileSync(path.join(root, 'lib/src/lib.rs'), LIB(GOOD[0]!));
    const { abi } = generateBindings(root);
    fs.writeFileSync(path.join(root, 'host/soak.ts'), TS_HOST);
    log(`building ${GOOD.length} good and ${crashKinds.length} crashing versions once`);
    const built = await buildVariants(root, [...GOOD, ...crashKinds.map((k) => CRASHING[k].body)]);
    if (kind === 'rust') {
      fs.writeFileSync(path.join(root, 'src/main.rs'), RUST_HOST);
      await timed('cargo', ['build', '--quiet', '-p', APP.binPackage], { cwd: root });
    }
    const good = built.slice(0, GOOD.length);

    const publisher = new Publisher(root, APP.libCrate);
    publisher.cleanAll();
    const hotDir = path.join(root, HOT_DIR);
    let hotFilesMax = 0;
    const publish = (file: string): PublishedVersion => publisher.publish(file, { abi, changedAt: Date.now(), buildMs: 0 });
    /** What the dev loop keeps: the version running and the one before it. */
    const prune = (running: number, previous: number): void => {
      publisher.prune([running, previous]);
      hotFilesMax = Math.max(hotFilesMax, fs.readdirSync(hotDir).length);
    };

    // ---- 1000 reloads into one host ------------------------------------------------------------------------
    let current = publish(good[0]!);
    let host = new SoakHost(root, kind);
    hosts.push(host);
    await host.ran(current.version, 30_000);
    const warmUp = Math.min(20, reloads);
    let fdsStart = 0;
    let rssStartMb = 0;
    let fdsMax = 0;
    let rssMaxMb = 0;
    let calls = 0;
    const reloadStarted = performance.now();
    for (let i = 1; i <= reloads; i++) {
      const body = i % GOOD.length;
      const previous = current.version;
      current = publish(good[body]!);
      const ran = await host.ran(current.version);
      if (ran.body !== body + 1) throw new Error(`v${current.version} should run body ${body + 1}, ran body ${ran.body}`);
      if (ran.counter !== ran.calls) throw new Error(`after v${current.version}: State.counter ${ran.counter} but ${ran.calls} calls`);
      calls = ran.calls;
      prune(current.version, previous);
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

    // ---- crashing versions, each rolled back ---------------------------------------------------------------
    const crashes: CrashResult[] = [];
    for (const [k, crash] of crashKinds.entries()) {
      const lastGood = current;
      publish(built[GOOD.length + k]!);
      const ended = await host.exited;
      if (ended !== CRASHING[crash].signal) throw new Error(`the ${crash} version should end the host with ${CRASHING[crash].signal}, got ${ended}`);
      // What the dev loop does after a crash that followed a swap: point current.json back at the last version
      // that did not crash, and start the host again on it.
      publisher.point(lastGood);
      prune(lastGood.version, lastGood.version);
      host = new SoakHost(root, kind);
      hosts.push(host);
      await host.ran(lastGood.version, 30_000);
      let after = 0;
      for (let i = 0; i < 5; i++, after++) {
        const previous = current.version;
        current = publish(good[i % GOOD.length]!);
        const ran = await host.ran(current.version);
        if (ran.counter !== ran.calls) throw new Error(`after the ${crash} rollback: State.counter ${ran.counter} but ${ran.calls} calls`);
        prune(current.version, previous);
      }
      crashes.push({ kind: crash, ended, rolledBackTo: lastGood.version, reloadsAfter: after });
      log(`${crash}: host ended by ${ended}, rolled back to v${lastGood.version}, ${after} reloads after`);
    }
    return { host: kind, reloads, reloadMs, calls, rssStartMb, rssEndMb, rssMaxMb, fdsStart, fdsEnd, fdsMax, hotFilesMax, crashes };
  } finally {
    for (const host of hosts) host.child.kill('SIGKILL');
    await Promise.all(hosts.map((h) => h.exited));
    app.cleanup();
  }
}

/** The figures as a small Markdown table. */
export function formatSoak(r: SoakResult): string {
  const rows: [string, string][] = [
    [`reloads into one ${r.host === 'ts' ? 'TypeScript' : 'Rust'} host`, `${r.reloads} in ${(r.reloadMs / 1000).toFixed(1)} s (${(r.reloadMs / r.reloads).toFixed(1)} ms each, publish → new body ran)`],
    ['calls, all counted exactly', String(r.calls)],
    ['resident memory', `${r.rssStartMb.toFixed(1)} → ${r.rssEndMb.toFixed(1)} MB (max ${r.rssMaxMb.toFixed(1)}; growth ${(r.rssEndMb - r.rssStartMb).toFixed(1)} MB, target < 64 MB)`],
    ['open file descriptors', `${r.fdsStart} → ${r.fdsEnd} (max ${r.fdsMax})`],
    ['files in .hot/ (max)', String(r.hotFilesMax)],
    ...r.crashes.map((c): [string, string] => [`${c.kind} version`, `host ended by ${c.ended}; rolled back to v${c.rolledBackTo}; ${c.reloadsAfter} reloads after`]),
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
