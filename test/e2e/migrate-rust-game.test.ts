// The game's terminal host keeps the game across a field added to its state (issue #11): the host built with
// `--features reload` runs in a real terminal (tmux) against versions published by hand into .hot/, as
// `hot-reload dev` publishes them. A version with another layout makes it snapshot the game, give the terminal
// back and exit 75; the host built for the new layout carries position, score and best over.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateBindings } from '../../src/bindings/generate.js';
import { run } from '../support/process.js';
import { colorConstant, LIB, makeGameProject, rgb, type GameProject } from './game-project.js';
import { cellsWithColor, isCooked, leftmost, TmuxPane } from './game-tmux.js';

const CRATE = 'game_app_lib';
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux && process.env.CI === 'true')
  throw new Error('tmux is missing (scripts/install-test-deps.sh installs it): needed with CI=true');

describe(
  'the terminal game keeps its state across a layout change',
  { skip: !hasTmux && 'tmux is not installed' },
  () => {
    let project: GameProject;
    let version = 0;
    const panes: TmuxPane[] = [];

    const buildAndPublish = async (): Promise<void> => {
      generateBindings(project.root);
      const built = await run('nice', ['-n', '10', 'cargo', 'build', '--features', 'reload'], {
        cwd: project.root,
        env: { CARGO_TARGET_DIR: path.join(project.root, 'target') },
      });
      assert.equal(built.code, 0, built.output);
      version++;
      const copy = `.hot/${CRATE}-${version}.so`;
      fs.mkdirSync(path.join(project.root, '.hot'), { recursive: true });
      fs.copyFileSync(path.join(project.root, 'target', 'debug', `lib${CRATE}.so`), path.join(project.root, copy));
      const abi = /pub const ABI: &str = "([^"]+)";/.exec(project.read('src/hot_lib.rs'))![1];
      const file = path.join(project.root, '.hot', 'current.json');
      fs.writeFileSync(
        `${file}.tmp`,
        JSON.stringify({ version, path: copy, abi, crate: CRATE, changedAt: Date.now(), buildMs: 1 }),
      );
      fs.renameSync(`${file}.tmp`, file);
    };
    /** The host in a new pane; its stderr (the `[hot-reload]` lines) goes to host-<n>.log. */
    const startHost = (env: string): TmuxPane => {
      const pane = new TmuxPane(
        `env -u CARGO_TARGET_DIR -u HOT_RELOAD_DEV HOT_RELOAD_ROOT=. ${env} ./target/debug/game-app 2>host-${panes.length}.log; echo "game exited $?"; sleep 600`,
        project.root,
      );
      panes.push(pane);
      return pane;
    };

    before(async () => {
      project = await makeGameProject();
      // A round that starts with points, so a state carried over and a fresh one differ at once.
      project.edit(LIB, '        best: 0,', '        best: 9,');
      project.edit(LIB, '    game.score = 0;', '    game.score = 7;');
    });

    after(() => {
      for (const pane of panes) pane.kill();
    });

    test('a field added to Game: same position, score and best, and the terminal given back in between', async () => {
      const player = rgb(colorConstant(project.read(LIB), 'PLAYER_COLOR'));
      await buildAndPublish();
      const first = startHost('');
      await first.waitFor('the status line', (s) => /score 7 +best 9/.test(s), { timeoutMs: 60_000 });
      const start = cellsWithColor(first.capture(true), player);
      first.sendKeys('Right');
      await first.waitFor(
        'the player to move right',
        (s) => leftmost(cellsWithColor(s, player)) >= leftmost(start) + 4,
        { colors: true, timeoutMs: 5000 },
      );
      first.sendKeys('Space');
      await new Promise((r) => setTimeout(r, 300));
      const screen = first.capture(true);
      const stopped = leftmost(cellsWithColor(screen, player));
      const [, score, best] = /score (\d+) +best (\d+)/.exec(first.capture())!;

      // The new version: a field added, and a new round would start from nothing.
      project.edit(LIB, 'pub rng: u32,\n}', 'pub rng: u32,\n    pub lives: u32,\n}');
      project.edit(LIB, '        best: 9,', '        best: 0,');
      project.edit(LIB, '    game.score = 7;', '    game.score = 0;');
      project.edit(LIB, '        rng: if seed == 0', '        lives: 3,\n        rng: if seed == 0');
      await buildAndPublish();
      await first.waitFor('the old host to exit 75', (s) => /game exited 75/.test(s), { timeoutMs: 30_000 });
      assert.ok(isCooked(first.stty()), 'the terminal is restored before the restart');
      assert.ok(fs.existsSync(path.join(project.root, '.hot', 'snapshot-rust.bin')), 'the game is in the snapshot');

      const second = startHost('HOT_RELOAD_RESTART=abi');
      await second.waitFor('the status line', (s) => /score \d+ +best \d+/.test(s), { timeoutMs: 30_000 });
      assert.match(second.capture(), new RegExp(`score ${score} +best ${best}`));
      assert.equal(leftmost(cellsWithColor(second.capture(true), player)), stopped, 'the player is where it stopped');
      const log = fs.readFileSync(path.join(project.root, 'host-1.log'), 'utf8');
      assert.match(log, /^\[hot-reload\] migrated v2: Game migrated: \+lives u32 = 0 \(no Default\)$/m);
      second.sendKeys('q');
      await second.waitFor('the exit', (s) => /game exited 0/.test(s));
    });
  },
);
