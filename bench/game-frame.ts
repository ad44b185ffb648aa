// What a frame of the game template costs, and how many reach the page.
//
//   npm run build && node --import tsx bench/game-frame.ts [seconds]
//
// Generates a game project (real scaffolder, real cargo, debug build: what `npm run dev` runs), then measures:
//  1. update + render through koffi, in this process, frame by frame (no network);
//  2. update + render + send inside the real host under `hot-reload dev`, as the host reports it to the page
//     once a second (median of each second, smallest min, largest max);
//  3. frames per second that reached a real page (Debian's chromium, headless), counted by the page.
// Prints a table; asserts nothing (timings belong here, not in tests).
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../test/support/process.js';
import { DevProcess } from '../test/e2e/dev-process.js';
import { makeGameProject } from '../test/e2e/game-project.js';
import { describeMachine, formatMachine } from './machine.js';
import { formatSummary, renderTable, summarize, verdict, type Row } from './stats.js';

const SECONDS = Number(process.argv[2] ?? 10);
const IN_PROCESS_FRAMES = 3000;
const WIDTH = 320;
const HEIGHT = 240;

async function inProcess(root: string): Promise<Row> {
  const runtime = (await import(
    path.join(repoRoot, 'dist', 'runtime', 'index.js')
  )) as typeof import('../src/runtime/index.js');
  const generated = (await import(path.join(root, 'host', 'lib.generated.ts'))) as {
    bindings: Parameters<typeof runtime.loadLib>[0];
    Game: import('../src/runtime/index.js').StructType;
  };
  type Api = {
    game_init(seed: number): object;
    game_update(game: bigint, input: object, dt: number): void;
    game_render(game: bigint, pixels: Uint8Array, len: number, w: number, h: number): void;
  };
  const lib = await runtime.loadLib(generated.bindings, { root, dev: false });
  const api = lib.api as unknown as Api;
  const game = lib.alloc(generated.Game, api.game_init(1));
  const input = { left: false, right: true, up: false, down: false, restart: false };
  const times: number[] = [];
  for (let i = 0; i < IN_PROCESS_FRAMES; i++) {
    const started = performance.now();
    api.game_update(game, input, 1 / 60);
    const buffer = Buffer.allocUnsafe(4 + WIDTH * HEIGHT * 4);
    api.game_render(game, buffer.subarray(4), WIDTH * HEIGHT * 4, WIDTH, HEIGHT);
    times.push(performance.now() - started);
  }
  lib.close();
  return {
    item: 'game',
    what: 'update + render (koffi, in process, no send)',
    n: `${IN_PROCESS_FRAMES} frames`,
    result: formatSummary(summarize(times), 'ms'),
    target: '',
  };
}

async function inBrowser(root: string): Promise<Row[]> {
  const dev = new DevProcess(root, ['dev']);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const url = (await dev.waitFor(/^game: (http:\S+)/, { timeoutMs: 120_000 })).match[1]!;
    const page = await browser.newPage({ viewport: { width: 1000, height: 860 } });
    await page.goto(url);
    await page.waitForTimeout(2000); // warm-up: JIT, first reports
    const start = await page.evaluate(() => {
      const s = (window as unknown as { gameStats: { perf: unknown[]; fps: unknown[] } }).gameStats;
      return { perf: s.perf.length, fps: s.fps.length };
    });
    // Keep the player moving, so that every frame has work to do.
    await page.keyboard.down('ArrowRight');
    await page.waitForTimeout(SECONDS * 1000 + 100);
    const end = await page.evaluate(
      () =>
        (
          window as unknown as {
            gameStats: {
              perf: { frames: number; medianMs: number; minMs: number; maxMs: number; dropped: number }[];
              fps: number[];
            };
          }
        ).gameStats,
    );
    const perf = end.perf.slice(start.perf);
    const fps = end.fps.slice(start.fps);
    const frames = perf.reduce((sum, p) => sum + p.frames, 0);
    const dropped = perf.reduce((sum, p) => sum + p.dropped, 0);
    const f = summarize(fps);
    // The host reports each second's median, min and max: the median of those medians, and the extremes.
    const cost = {
      n: frames,
      median: summarize(perf.map((p) => p.medianMs)).median,
      min: Math.min(...perf.map((p) => p.minMs)),
      max: Math.max(...perf.map((p) => p.maxMs)),
    };
    return [
      {
        item: 'game',
        what: 'update + render + send (host under dev; median of per-second medians)',
        n: `${frames} frames, ${dropped} dropped`,
        result: formatSummary(cost, 'ms'),
        target: verdict('< 16.7 ms (one 60 Hz step)', cost.median < 1000 / 60),
      },
      {
        item: 'game',
        what: 'frames/s that reached the page (chromium)',
        n: `${fps.length} s`,
        result: formatSummary(f, 'fps'),
        target: verdict('60', f.median >= 59),
      },
    ];
  } finally {
    await browser.close();
    dev.interrupt();
    await dev.exited;
  }
}

const project = await makeGameProject('bench-game');
const rows = [await inProcess(project.root), ...(await inBrowser(project.root))];
console.log(formatMachine(describeMachine()));
console.log(
  `- game frame: ${WIDTH}x${HEIGHT} RGBA (${(WIDTH * HEIGHT * 4) / 1024} KiB), debug build of the lib (what \`npm run dev\` runs)\n`,
);
console.log(renderTable(rows));
