// Save → new code running when the layout changed, Rust host (issue #11): a hello-world whose State gains or loses
// a field on every save. What dev does for it, done here by hand so that only the Rust host's part is timed
// beyond cargo: bindings, `cargo build --features reload`, publish (a copy in .hot/, current.json replaced); the
// running host sees another ABI, writes .hot/snapshot-rust.bin and exits 75; the new host restores the counter
// (migrated by field name) and prints the first line of the new code. Baseline, same run: the build alone.
// The host's loop sleeps 10 ms here instead of the template's 1 s, so the tick does not hide what is measured.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateBindings } from '../src/bindings/generate.js';
import { APP, benchEnv, save, scaffoldApp, timed } from './project.js';
import { formatSummary, summarize, type Row } from './stats.js';

const LIB = 'lib/src/lib.rs';

interface Host {
  child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

function startHost(root: string, env: NodeJS.ProcessEnv): Host {
  const child = spawn(path.join(root, 'target', 'debug', APP.binPackage), [], {
    cwd: root,
    env: benchEnv({ HOT_RELOAD_ROOT: root, ...env }),
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let rest = '';
  const waiters: [RegExp, (line: string) => void][] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) {
      for (const [i, [pattern, resolve]] of [...waiters.entries()].reverse()) {
        if (pattern.test(text)) {
          waiters.splice(i, 1);
          resolve(text);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, line: (pattern) => new Promise((resolve) => waiters.push([pattern, resolve])) };
}

export async function benchMigrateRust(edits: number): Promise<Row[]> {
  const app = await scaffoldApp('migrate-rust');
  const root = app.root;
  const read = (): string => fs.readFileSync(path.join(root, LIB), 'utf8');
  let version = 0;
  const buildAndPublish = async (): Promise<number> => {
    const started = performance.now();
    generateBindings(root);
    await timed('cargo', ['build', '--features', 'reload'], { cwd: root });
    const buildMs = performance.now() - started;
    version++;
    const copy = `.hot/${APP.libCrate}-${version}.so`;
    fs.mkdirSync(path.join(root, '.hot'), { recursive: true });
    fs.copyFileSync(path.join(root, 'target', 'debug', `lib${APP.libCrate}.so`), path.join(root, copy));
    const abi = /pub const ABI: &str = "([^"]+)";/.exec(
      fs.readFileSync(path.join(root, 'src', 'hot_lib.rs'), 'utf8'),
    )![1];
    const current = JSON.stringify({ version, path: copy, abi, crate: APP.libCrate, changedAt: Date.now(), buildMs });
    save(path.join(root, '.hot', 'current.json'), current);
    return buildMs;
  };
  let host: Host | undefined;
  try {
    const main = path.join(root, 'src', 'main.rs');
    save(main, fs.readFileSync(main, 'utf8').replace('Duration::from_secs(1)', 'Duration::from_millis(10)'));
    await buildAndPublish();
    host = startHost(root, {});
    await host.line(/^doing stuff in iteration 3$/);
    const builds: number[] = [];
    const totals: number[] = [];
    for (let i = 1; i <= edits; i++) {
      // Odd saves add a field, even ones take it away: every save changes the layout.
      const withField = i % 2 === 1;
      const source = read()
        .replace(/\n {4}pub extra: u32,/, '')
        .replace('pub counter: u64,', withField ? 'pub counter: u64,\n    pub extra: u32,' : 'pub counter: u64,')
        .replace(/println!\("[^"]*/, `println!("edit ${i} in iteration {}`);
      const started = performance.now();
      save(path.join(root, LIB), source);
      builds.push(await buildAndPublish());
      const code = await host.exited;
      if (code !== 75) throw new Error(`the host exited ${code}, not 75, on a layout change`);
      host = startHost(root, { HOT_RELOAD_RESTART: 'the ABI changed' });
      const first = await host.line(/^edit \d+ in iteration \d+$/);
      totals.push(performance.now() - started);
      if (!first.startsWith(`edit ${i} `)) throw new Error(`the new host ran old code: ${first}`);
      if (/ iteration 1$/.test(first)) throw new Error('the counter started over: the state was not carried');
    }
    const build = summarize(builds);
    const total = summarize(totals);
    const restart = summarize(totals.map((t, i) => t - builds[i]!));
    return [
      {
        item: '11',
        what: 'baseline: bindings + `cargo build --features reload` after a layout change',
        n: `${build.n}`,
        result: formatSummary(build, 'ms'),
        target: '',
      },
      {
        item: '11',
        what: 'save → new code running, layout changed, Rust host (snapshot, exit 75, restore)',
        n: `${total.n}`,
        result: formatSummary(total, 'ms'),
        target: '',
      },
      {
        item: '11',
        what: 'Rust host: the restart beyond the build (publish → old host out → new host restored)',
        n: `${restart.n}`,
        result: formatSummary(restart, 'ms'),
        target: '',
      },
    ];
  } finally {
    host?.child.kill('SIGKILL');
    app.cleanup();
  }
}

// `node --import tsx bench/migrate-rust.ts [edits]`: this item alone, as a table.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderTable } = await import('./stats.js');
  console.log(renderTable(await benchMigrateRust(Number(process.argv[2] ?? 5))));
}
