// `npm run bench`: every item of the benchmark issue in one process, one table, written to bench/RESULTS.md
// with the machine it ran on. Each item's baseline is measured in the same run. Items run one after another
// (never in parallel: on 2 cores they would time each other). A failed item becomes a row and exit code 1.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchCalls } from './calls.js';
import { benchMemoryPreferDynamic } from './direct-profile.js';
import { describeMachine, formatMachine } from './machine.js';
import { benchMemory } from './memory.js';
import { benchMigrateInProcess, benchMigrateSaveToRun } from './migrate.js';
import { benchMigrateRust } from './migrate-rust.js';
import { benchNewUser } from './new-user.js';
import { benchProfile } from './profile.js';
import { benchReload } from './reload.js';
import { benchFirstBuild, benchScaffold, benchVersion } from './scaffold.js';
import { renderTable, type Row } from './stats.js';

/** Sample sizes: enough for a stable median, small enough that the whole run stays around two minutes here. */
const N = {
  scaffoldPairs: 10,
  firstBuilds: 5,
  reloadEdits: 20,
  profileEdits: 10,
  callRounds: 5,
  newUsers: 3,
  migrateRounds: 50,
  migrateEdits: 3,
} as const;

const RESULTS = fileURLToPath(new URL('RESULTS.md', import.meta.url));

const items: [string, () => Promise<Row[]> | Row[]][] = [
  ['1', async () => [...(await benchScaffold(N.scaffoldPairs)), ...(await benchVersion(N.scaffoldPairs))]],
  ['2', () => benchFirstBuild(N.firstBuilds)],
  ['3', () => benchReload(N.reloadEdits)],
  ['4', () => benchProfile(N.profileEdits)],
  ['5', () => benchCalls(N.callRounds)],
  ['6', () => benchMemory()],
  ['6', () => benchMemoryPreferDynamic()],
  ['7', () => benchNewUser(N.newUsers)],
  [
    '8',
    async () => [
      ...benchMigrateInProcess(N.migrateRounds),
      ...(await benchMigrateSaveToRun(N.migrateEdits)),
      ...(await benchMigrateRust(N.migrateEdits)),
    ],
  ],
];

const started = performance.now();
const rows: Row[] = [];
let failed = false;
for (const [item, run] of items) {
  const itemStarted = performance.now();
  process.stderr.write(`bench: item ${item}…`);
  try {
    rows.push(...(await run()));
    process.stderr.write(` ${((performance.now() - itemStarted) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(` failed\n${message}\n`);
    rows.push({ item, what: 'failed', n: '—', result: message.split('\n')[0]!, target: '' });
  }
}

const machine = formatMachine(describeMachine());
const table = renderTable(rows);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
const report = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` (bench/index.ts) in ${seconds} s. Times are medians with min–max over n runs;`,
  'each baseline was measured in the same run. What each item measures and how: the comment at the top of its',
  'file in bench/.',
  '',
  machine,
  '',
  table,
  '',
].join('\n');
fs.writeFileSync(RESULTS, report);
console.log(`${machine}\n\n${table}\n\n(written to bench/RESULTS.md in ${seconds} s)`);
process.exitCode = failed ? 1 : 0;
