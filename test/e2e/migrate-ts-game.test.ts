// The game's TypeScript host across a layout change: a field added to `Game` while the page plays; the state
// is migrated in process (no restart, no reconnect) and the player keeps its position and score.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { processesLeft } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { LIB, makeGameProject, type GameProject } from './game-project.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const missing = !fs.existsSync(CHROMIUM) && `${CHROMIUM} is not installed (.ci/run installs it)`;
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

interface PageStats {
  frames: number;
  connections: number;
  version: number;
  status: { score: number; best: number; player: { x: number; y: number } } | null;
}

describe('game state across a layout change (TypeScript host, chromium)', { skip: missing }, () => {
  let project: GameProject;
  let dev: DevProcess;
  let browser: Browser;
  let page: Page;

  const stats = (): Promise<PageStats> =>
    page.evaluate(() => (window as unknown as { gameStats: PageStats }).gameStats);

  before(async () => {
    project = await makeGameProject('migrate-game');
    const port = 21_000 + (process.pid % 20_000);
    dev = new DevProcess(project.root, ['dev', '--port', String(port)]);
    const line = await dev.waitFor(/^game: (http:\/\/127\.0\.0\.1:\d+\/)/, { timeoutMs: 180_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1000, height: 860 } });
    await page.goto(line.match[1]!);
    const deadline = Date.now() + 30_000;
    while (!(await stats().catch(() => undefined))?.status) {
      if (Date.now() > deadline) throw new Error(`the page shows no game status:\n${dev.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    await browser?.close();
    dev?.kill();
    if (project)
      for (const left of processesLeft(dev?.pid ?? -1, project.root))
        process.kill(Number(left.split(' ')[0]), 'SIGKILL');
  });

  test('a field added to Game: migrated in process, position and score kept, same socket', async () => {
    // Move the player off its start, so a reset would show.
    await page.keyboard.down('ArrowRight');
    await new Promise((r) => setTimeout(r, 400));
    await page.keyboard.up('ArrowRight');
    await new Promise((r) => setTimeout(r, 200));
    const before = await stats();
    const from = dev.mark;
    project.edit(LIB, '    pub rng: u32,\n', '    pub rng: u32,\n    pub lives: u32,\n');
    project.edit(LIB, '        rng: if seed == 0', '        lives: 3,\n        rng: if seed == 0');
    await dev.waitFor(/^\[dev\] ↻ v\d+ Game migrated: \+lives u32 = 0 \(no Default\)$/, { from, timeoutMs: 120_000 });
    await page.waitForFunction(
      (v) => (window as unknown as { gameStats: PageStats }).gameStats.version > v,
      before.version,
      { timeout: 30_000 },
    );
    const now = await stats();
    assert.deepEqual(now.status!.player, before.status!.player, 'the player is where it was');
    assert.equal(now.status!.score, before.status!.score);
    assert.equal(now.connections, 1, 'no reconnect: the host did not restart');
    assert.deepEqual(dev.grep(/restarting|crashed|host started/, from), []);
  });
});
