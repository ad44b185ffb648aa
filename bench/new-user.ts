// Item 7: what a new user waits for, from an empty folder to their first edit running. The packed tarball (as
// published) is run the way `npm create hot-reload` runs it (`npm exec` of the package), with a warm npm cache
// (one unmeasured run first): create (write + npm install + git + first cargo build + load check) → `npm run dev`
// → the host runs the lib (dev's `↻ v1` line) → edit lib/src/lib.rs → the running host has swapped the edit in
// (`↻ v2`). The hello-world host calls the lib once a second, so its printed text changes up to a second after
// that. A new folder each run, so cargo's target/ is cold every time, as it is for a new user. Also: what the
// install put in node_modules.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packTarball } from '../test/support/tarball.js';
import { benchEnv, save, tempDir, timed } from './project.js';
import { formatSummary, summarize, verdict, type Row } from './stats.js';

/** The dev loop's lines for the first version running in the host, and for the edit swapped in. */
const FIRST_RUNNING = /↻ v1 /;
const EDIT_SWAPPED = /↻ v2 /;

interface RunTimes {
  create: number;
  devRunning: number;
  editLive: number;
}

/** `npm run dev` in its own process group, its output watched for lines. */
function startDev(root: string): { waitFor(pattern: RegExp, timeoutMs: number): Promise<void>; stop(): Promise<void> } {
  const child = spawn('npm', ['run', 'dev'], {
    cwd: root,
    env: benchEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      output += chunk;
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(output)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`npm run dev printed no ${pattern} within ${timeoutMs} ms:\n${output.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function newUserRun(tmp: string, tarball: string, name: string): Promise<RunTimes> {
  const started = performance.now();
  const createArgs = ['exec', '--yes', `--package=file:${tarball}`, '--', 'create-hot-reload', name, '--yes'];
  createArgs.push('--runtime', `file:${tarball}`);
  await timed('npm', createArgs, { cwd: tmp });
  const created = performance.now();
  const root = path.join(tmp, name);
  const dev = startDev(root);
  try {
    await dev.waitFor(FIRST_RUNNING, 60_000);
    const running = performance.now();
    const lib = path.join(root, 'lib', 'src', 'lib.rs');
    save(lib, fs.readFileSync(lib, 'utf8').replace('doing stuff in iteration', 'edited live in iteration'));
    await dev.waitFor(EDIT_SWAPPED, 60_000);
    const live = performance.now();
    return { create: created - started, devRunning: running - created, editLive: live - running };
  } finally {
    await dev.stop();
  }
}

/** Every package installed under node_modules, nested ones too (a scoped one counts once), and the bytes on disk. */
function installedPackages(root: string): { count: number; bytes: number } {
  const modules = path.join(root, 'node_modules');
  return { count: packagesIn(modules), bytes: directorySize(modules) };
}

function packagesIn(modules: string): number {
  let count = 0;
  for (const entry of fs.readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@');
    const names = scoped ? fs.readdirSync(path.join(modules, entry)).map((n) => path.join(entry, n)) : [entry];
    for (const name of names) {
      count += 1;
      const nested = path.join(modules, name, 'node_modules');
      if (fs.existsSync(nested)) count += packagesIn(nested);
    }
  }
  return count;
}

function directorySize(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += directorySize(full);
    else if (entry.isFile()) bytes += fs.statSync(full).size;
  }
  return bytes;
}

export async function benchNewUser(runs: number): Promise<Row[]> {
  const tarball = await packTarball();
  const tmp = tempDir('new-user');
  try {
    await newUserRun(tmp, tarball, 'warm-up'); // fills npm's cache; not measured
    const installed = installedPackages(path.join(tmp, 'warm-up'));
    const times: RunTimes[] = [];
    for (let i = 0; i < runs; i++) times.push(await newUserRun(tmp, tarball, `app-${i}`));
    const total = summarize(times.map((t) => t.create + t.devRunning + t.editLive));
    const phaseRow = (what: string, key: keyof RunTimes): Row => {
      const result = formatSummary(summarize(times.map((t) => t[key])), 'ms');
      return { item: '7', what, n: `${total.n}`, result, target: '' };
    };
    return [
      {
        item: '7',
        what: 'new user, warm npm cache, tarball: create → install → first build → dev → first edit live',
        n: `${total.n}`,
        result: formatSummary(total, 'ms'),
        target: verdict('≤ 10 s', total.median <= 10_000),
      },
      phaseRow('of which `npm exec create-hot-reload` (write, install, git, first build, load check)', 'create'),
      phaseRow('of which `npm run dev` until the host runs the lib (`↻ v1`)', 'devRunning'),
      phaseRow('of which save until the host runs the edit (`↻ v2`)', 'editLive'),
      {
        item: '7',
        what: 'what the install put in node_modules (hello-world)',
        n: '1',
        result: `${installed.count} packages, ${(installed.bytes / 1e6).toFixed(1)} MB`,
        target: verdict('≤ 12 packages', installed.count <= 12),
      },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
