// Items 1 and 2: how long `npm create hot-reload` takes.
//  1. Writing the project (no install, no build, no git) against create-vite writing a vanilla-ts project, both
//     as `node <bin>` (npm's own start-up is the same for both and left out), alternating so that drift in the
//     machine's load hits both alike.
//  2. Writing + first cargo build + load check, with a cold target dir (a new project each run), no install.
import fs from 'node:fs';
import path from 'node:path';
import { createBin } from '../test/support/process.js';
import { tempDir, timed } from './project.js';
import { formatNumber, formatSummary, summarize, verdict, type Row } from './stats.js';

/** A major of create-vite whose engines include Node 20.19+. */
const CREATE_VITE = 'create-vite@7';

/** Installs create-vite into a temp dir once, outside the timed runs; returns its bin. */
async function installCreateVite(dir: string): Promise<{ bin: string; version: string }> {
  await timed('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', dir, CREATE_VITE], { cwd: dir });
  const pkg = path.join(dir, 'node_modules', 'create-vite');
  const version = (JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return { bin: path.join(pkg, 'index.js'), version };
}

export async function benchScaffold(runs: number): Promise<Row[]> {
  const tmp = tempDir('scaffold');
  try {
    const vite = await installCreateVite(tmp);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first, too.
      const jobs = [
        async () =>
          ours.push(
            (
              await timed(
                process.execPath,
                [createBin, `ours-${i}`, '--yes', '--no-install', '--no-build', '--no-git'],
                { cwd: tmp },
              )
            ).ms,
          ),
        async () =>
          theirs.push(
            (await timed(process.execPath, [vite.bin, `vite-${i}`, '--template', 'vanilla-ts'], { cwd: tmp })).ms,
          ),
      ];
      if (i % 2) jobs.reverse();
      for (const job of jobs) await job();
    }
    const o = summarize(ours);
    const v = summarize(theirs);
    const ratios = summarize(ours.map((ms, i) => ms / theirs[i]!));
    const ratio = o.median / v.median;
    return [
      {
        item: '1',
        what: 'scaffold hello-world, no install/build/git (`node dist/cli/create.js`)',
        n: `${o.n}`,
        result: formatSummary(o, 'ms'),
        target: '',
      },
      {
        item: '1',
        what: `baseline: create-vite ${vite.version} vanilla-ts (\`node index.js\`)`,
        n: `${v.n}`,
        result: formatSummary(v, 'ms'),
        target: '',
      },
      {
        item: '1',
        what: 'ratio ours / create-vite (of medians; per-pair range)',
        n: `${ratios.n} pairs`,
        result: `${formatNumber(ratio)} (${formatNumber(ratios.min)}–${formatNumber(ratios.max)})`,
        target: verdict('≤ 1.0', ratio <= 1),
      },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `create-hot-reload --version` against Node starting an empty ES module, alternating: what our start costs. */
export async function benchVersion(runs: number): Promise<Row[]> {
  const tmp = tempDir('version');
  try {
    const empty = path.join(tmp, 'empty.mjs');
    fs.writeFileSync(empty, '');
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push((await timed(process.execPath, [createBin, '--version'], { cwd: tmp })).ms);
      bare.push((await timed(process.execPath, [empty], { cwd: tmp })).ms);
    }
    const o = summarize(ours);
    const b = summarize(bare);
    return [
      { item: '1', what: '`create-hot-reload --version`', n: `${o.n}`, result: formatSummary(o, 'ms'), target: '' },
      { item: '1', what: 'baseline: `node empty.mjs`', n: `${b.n}`, result: formatSummary(b, 'ms'), target: '' },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchFirstBuild(runs: number): Promise<Row[]> {
  const tmp = tempDir('first-build');
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A new directory each run: its own, cold target/ (CARGO_TARGET_DIR is unset by timed()).
      times.push(
        (await timed(process.execPath, [createBin, `app-${i}`, '--yes', '--no-install', '--no-git'], { cwd: tmp })).ms,
      );
    }
    const s = summarize(times);
    return [
      {
        item: '2',
        what: 'scaffold + first cargo build + load check, cold target/, no install',
        n: `${s.n}`,
        result: formatSummary(s, 'ms'),
        target: verdict('< 1500 ms', s.median < 1500),
      },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
