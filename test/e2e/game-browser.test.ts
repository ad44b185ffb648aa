// The game template in a real browser: a generated project under `hot-reload dev`, Debian's chromium driven by
// playwright-core, the canvas read back pixel by pixel. Steps run in order on one dev session and one page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { processesLeft, repoRoot } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { colorConstant, LIB, makeGameProject, rgb, type GameProject } from './game-project.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Not used anywhere in the game, so every pixel of it is the player. */
const NEW_PLAYER_COLOR = 0xff00ff;

interface Box {
  count: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

interface PageStats {
  frames: number;
  connections: number;
  version: number;
  status: { score: number; best: number; game_over: boolean; player: { x: number; y: number } } | null;
}

describe('game template in the browser (hot-reload dev, chromium)', { skip: !fs.existsSync(CHROMIUM) && `${CHROMIUM} is not installed (.ci/run installs it)` }, () => {
  let project: GameProject;
  let dev: DevProcess;
  let browser: Browser;
  let page: Page;
  let url: string;
  let playerColor: number;

  /** The canvas pixels of one colour: how many, and their bounding box (in canvas pixels). */
  const find = (color: number): Promise<Box> =>
    page.evaluate(([r, g, b]) => {
      const canvas = document.getElementById('screen') as HTMLCanvasElement;
      const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const box = { count: 0, minX: Infinity, minY: Infinity, maxX: -1, maxY: -1 };
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b) continue;
        const x = (i / 4) % width;
        const y = Math.floor(i / 4 / width);
        box.count++;
        box.minX = Math.min(box.minX, x);
        box.minY = Math.min(box.minY, y);
        box.maxX = Math.max(box.maxX, x);
        box.maxY = Math.max(box.maxY, y);
      }
      return box;
    }, rgb(color));
  const stats = (): Promise<PageStats> => page.evaluate(() => (window as unknown as { gameStats: PageStats }).gameStats);
  /** Waits until the page has drawn `n` more frames (the game is running and the picture is fresh). */
  const frames = async (n: number): Promise<void> => {
    const start = (await stats()).frames;
    await page.waitForFunction((target) => (window as unknown as { gameStats: PageStats }).gameStats.frames >= target, start + n, { timeout: 10_000 });
    // Frames are painted at the next animation frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  };

  before(async () => {
    project = await makeGameProject();
    playerColor = colorConstant(project.read(LIB), 'PLAYER_COLOR');
    // `npm run dev -- --port N` runs `hot-reload dev --port N`, which hands --port to host/main.ts.
    const port = 20_000 + (process.pid % 20_000);
    dev = new DevProcess(project.root, ['dev', '--port', String(port)]);
    const line = await dev.waitFor(/^game: (http:\/\/127\.0\.0\.1:(\d+)\/)/, { timeoutMs: 120_000 });
    url = line.match[1]!;
    const got = Number(line.match[2]);
    assert.ok(got >= port && got < port + 20, `asked for ${port} (or the next free one), got ${got}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1000, height: 860 } });
  });

  after(async () => {
    await browser?.close();
    dev?.kill();
  });

  test('the page loads, connects, and the canvas shows the game', async () => {
    await page.goto(url);
    await frames(10);
    const player = await find(playerColor);
    // 8 x 8 world units at 2 pixels each.
    assert.equal(player.count, 16 * 16, JSON.stringify(player));
    assert.ok((await find(colorConstant(project.read(LIB), 'ENEMY_COLOR'))).count > 0, 'the enemy is drawn');
    assert.ok((await find(colorConstant(project.read(LIB), 'BACKGROUND_COLOR'))).count > 320 * 240 * 0.5, 'background');
    await page.waitForFunction(() => /^v1$/.test(document.getElementById('version')!.textContent ?? ''));
    assert.equal((await stats()).connections, 1);
  });

  test('arrow keys and WASD move the player on the canvas', async () => {
    await page.keyboard.press('KeyR'); // a fresh round: the enemy starts far away
    await frames(3);
    const start = await find(playerColor);
    await page.keyboard.down('ArrowRight');
    await frames(18);
    await page.keyboard.up('ArrowRight');
    await frames(3);
    const right = await find(playerColor);
    assert.ok(right.minX > start.minX + 10, `moved right: ${start.minX} -> ${right.minX}`);
    assert.equal(right.minY, start.minY);
    await page.keyboard.down('KeyW');
    await frames(12);
    await page.keyboard.up('KeyW');
    await frames(3);
    const up = await find(playerColor);
    assert.ok(up.minY < right.minY - 5, `moved up: ${right.minY} -> ${up.minY}`);
    assert.equal(up.minX, right.minX);
    // The README's screenshot, once the corner shows a whole second's frame rate. Written to docs/ only when
    // asked (UPDATE_SCREENSHOT=1 npm run test:e2e), so a test run leaves the work tree clean.
    await page.waitForTimeout(1100);
    const screenshot = await page.screenshot();
    assert.ok(screenshot.length > 1000, 'the page renders to a real image');
    if (process.env.UPDATE_SCREENSHOT === '1') fs.writeFileSync(path.join(repoRoot, 'docs', 'game.png'), screenshot);
  });

  test('a colour edit in lib.rs shows on the canvas without a page reload; position and score stay', async () => {
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    await frames(2);
    const before = { box: await find(playerColor), stats: await stats() };
    const from = dev.mark;
    project.edit(LIB, `pub const PLAYER_COLOR: u32 = 0x${playerColor.toString(16).padStart(6, '0')};`, `pub const PLAYER_COLOR: u32 = 0x${NEW_PLAYER_COLOR.toString(16)};`);
    await dev.waitFor(/^\[dev\] ↻ v2 .*swapped/, { from });
    await page.waitForFunction(() => (window as unknown as { gameStats: PageStats }).gameStats.version === 2);
    await frames(3);
    const after = { box: await find(NEW_PLAYER_COLOR), stats: await stats() };
    assert.deepEqual({ ...after.box }, { ...before.box }, 'the player is where it was, in the new colour');
    assert.equal((await find(playerColor)).count, 0, 'the old colour is gone');
    assert.deepEqual(after.stats.status!.player, before.stats.status!.player);
    assert.equal(after.stats.status!.score, before.stats.status!.score);
    assert.equal(after.stats.connections, 1, 'no reconnect: the same socket');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), 'same page', 'no page reload');
    await page.waitForFunction(() => document.getElementById('version')!.textContent === 'v2');
  });

  test('a compile error shows over the game, which keeps running; the fix clears it', async () => {
    const overlay = page.locator('#overlay');
    assert.equal(await overlay.isVisible(), false);
    const from = dev.mark;
    project.edit(LIB, 'game.time += dt;', 'game.time += dt;\n    let broken: u32 = "not a number";');
    await dev.waitFor(/^\[dev\] ✗ build failed/, { from });
    await overlay.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await page.locator('#error').textContent();
    assert.match(text ?? '', /error\[E0308\]: mismatched types/);
    assert.match(text ?? '', /lib\/src\/lib\.rs:\d+/);
    assert.doesNotMatch(text ?? '', /\x1b\[/, 'no terminal colour codes');
    await frames(5); // v2 keeps running under the overlay
    assert.ok((await find(NEW_PLAYER_COLOR)).count > 0);

    project.edit(LIB, '\n    let broken: u32 = "not a number";', '');
    await dev.waitFor(/^\[dev\] ↻ v3 .*swapped/, { from });
    await overlay.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.waitForFunction(() => document.getElementById('version')!.textContent === 'v3');
    assert.equal((await stats()).connections, 1);
  });

  test('a changed struct is migrated in process; the page stays connected', async () => {
    const from = dev.mark;
    project.edit(LIB, 'pub rng: u32,\n}', 'pub rng: u32,\n    /// Added by the test.\n    pub extra: u32,\n}');
    project.edit(LIB, '        rng: if seed == 0', '        extra: 0,\n        rng: if seed == 0');
    await dev.waitFor(/^\[dev\] ↻ v\d+ Game migrated: \+extra u32 = 0 \(no Default\)$/, { from, timeoutMs: 60_000 });
    await frames(5);
    assert.ok((await find(NEW_PLAYER_COLOR)).count > 0, 'drawing the migrated state');
    assert.equal((await stats()).connections, 1, 'no restart, no reconnect');
  });

  test('the WebSocket refuses a page from another origin', async () => {
    const port = Number(new URL(url).port);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        path: '/ws',
        agent: false,
        headers: {
          host: `127.0.0.1:${port}`,
          origin: 'https://attacker.example',
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      request.on('response', (response) => resolve(response.statusCode!));
      request.on('upgrade', (response, socket) => {
        socket.destroy();
        resolve(response.statusCode!);
      });
      request.on('error', reject);
      request.end();
    });
    assert.equal(status, 403);
  });

  test('Ctrl-C stops dev and the host; nothing is left running', async () => {
    dev.interrupt();
    const { code } = await dev.exited;
    assert.equal(code, 0, dev.tail());
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(processesLeft(dev.pid, project.root), []);
  });
});
