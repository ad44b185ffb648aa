// Item 7: state migration (issue #11), TypeScript host.
//  - In-process migration of the game's state (`Game` of templates/game, with `lives: u32` added to it): the
//    engine (src/migrate/engine.ts) carrying a realistic state onto the new layout, report line included.
//    Baseline in the same run: a plain byte copy of the same state (what a layout-blind reload would do).
//  - Save → new code running when State's layout changed (a field added), hello-world under `hot-reload dev`
//    with the TypeScript host: dev's `save→swap` (build, layout probe, load, in-process migration, switch).
//    Baseline in the same run: the same for a body-only edit.
import { parseSources } from '../src/bindings/parse-lib.js';
import { migrate } from '../src/migrate/engine.js';
import { encodeValue } from '../src/migrate/json-values.js';
import { modelLayouts } from '../src/migrate/layout.js';
import { formatReport } from '../src/migrate/report.js';
import fs from 'node:fs';
import path from 'node:path';
import { templatesDir } from '../src/own-package.js';
import { DevProcess } from '../test/e2e/dev-process.js';
import { makeProject } from '../test/e2e/dev-project.js';
import { formatSummary, summarize, verdict, type Row } from './stats.js';

const GAME_LIB = path.join(templatesDir, 'game', 'lib', 'src', 'lib.rs');

export function benchMigrateInProcess(rounds: number): Row[] {
  const source = fs.readFileSync(GAME_LIB, 'utf8');
  const before = modelLayouts(parseSources([{ file: 'lib/src/lib.rs', source }]));
  const withLives = source.replace(/pub struct Game \{/, 'pub struct Game {\n    pub lives: u32,');
  const after = modelLayouts(parseSources([{ file: 'lib/src/lib.rs', source: withLives }]));
  const item = { pos: { x: 10.5, y: 20.25 }, visible: true, respawn_in: 0.5 };
  const state = {
    player: { x: 100, y: 50 },
    enemy: { x: 3, y: 4 },
    enemy_dir: { x: 1, y: 0 },
    items: [item, item, item, item],
    score: 7,
    best: 28,
    game_over: false,
    time: 12.5,
    rng: 123456789,
  };
  const oldBytes = encodeValue(before, 'Game', state);
  const newDefault = encodeValue(after, 'Game', {});
  const copyTarget = new Uint8Array(oldBytes.length);
  const migrateMs: number[] = [];
  const copyMs: number[] = [];
  let line = '';
  // Each sample times a batch, so the timer's resolution does not dominate a sub-microsecond operation.
  const batch = 100;
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    for (let i = 0; i < batch; i++) {
      const result = migrate({
        root: 'Game',
        oldSchema: before,
        oldBytes,
        newSchema: after,
        newDefault,
        newHasDefault: false,
        memo: new Map(),
      });
      line = formatReport(result.report);
    }
    migrateMs.push((performance.now() - started) / batch);
    started = performance.now();
    for (let i = 0; i < batch; i++) copyTarget.set(oldBytes);
    copyMs.push((performance.now() - started) / batch);
  }
  if (line !== 'Game migrated: +lives u32 = 0 (no Default)') throw new Error(`unexpected migration report: ${line}`);
  const median = summarize(migrateMs).median;
  return [
    {
      item: '7',
      what: `TS: migrate the game state in process (${oldBytes.length} B, +1 field)`,
      n: `${rounds}×${batch}`,
      result: formatSummary(summarize(migrateMs.map((ms) => ms * 1000)), 'µs'),
      target: verdict('≤ 1 ms', median <= 1),
    },
    {
      item: '7',
      what: 'baseline: byte copy of the same state',
      n: `${rounds}×${batch}`,
      result: formatSummary(summarize(copyMs.map((ms) => ms * 1000)), 'µs'),
      target: '',
    },
  ];
}

const LIB = 'lib/src/lib.rs';
const STATE = /pub struct State \{[^}]*\}/;
const PRINTLN = /println!\(.*\);/;

/** Save → first line of the new code, alternating a body-only edit and a field added to State. */
export async function benchMigrateSaveToRun(rounds: number): Promise<Row[]> {
  const project = await makeProject();
  const dev = new DevProcess(project.root, ['dev', '--host', 'ts']);
  const body: number[] = [];
  const layout: number[] = [];
  try {
    await dev.waitFor(/^\[dev\] ▶ host started on v1 /, { timeoutMs: 180_000 });
    await dev.waitFor(/^doing stuff in iteration \d+$/, { timeoutMs: 60_000 });
    // dev's own `save→swap` figure: from the save to the host's swap line (the migration happens inside the
    // swap); the first line of the new code would add up to a second of hello-world's step interval.
    const measure = async (marker: string, edit: (source: string) => string, into: number[]): Promise<void> => {
      const from = dev.mark;
      project.save(LIB, edit(project.read(LIB)));
      const { match } = await dev.waitFor(/^\[dev\] ↻ v\d+ .*save→swap (\d+) ms/, { from, timeoutMs: 90_000 });
      into.push(Number(match[1]));
      await dev.waitFor(new RegExp(`^${marker} \\d+$`), { from, timeoutMs: 30_000 });
      if (dev.grep(/host started|crashed/, from).length) throw new Error(`the host restarted:\n${dev.tail()}`);
    };
    for (let round = 0; round < rounds; round++) {
      await measure(`body ${round}`, (s) => s.replace(PRINTLN, `println!("body ${round} {}", state.counter);`), body);
      const fields = Array.from({ length: round + 1 }, (_, i) => `    pub extra${i}: u32,`).join('\n');
      await measure(
        `layout ${round}`,
        (s) =>
          s
            .replace(STATE, `pub struct State {\n    pub counter: u64,\n${fields}\n}`)
            .replace(PRINTLN, `println!("layout ${round} {}", state.counter);`),
        layout,
      );
    }
  } finally {
    dev.kill();
    project.cleanup();
  }
  const n = String(rounds);
  return [
    {
      item: '7',
      what: 'TS host: save → swap, State layout changed (probe + migration)',
      n,
      result: formatSummary(summarize(layout), 'ms'),
      target: '',
    },
    {
      item: '7',
      what: 'baseline: save → swap, body-only edit',
      n,
      result: formatSummary(summarize(body), 'ms'),
      target: '',
    },
  ];
}
