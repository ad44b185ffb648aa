// The game's terminal host in a real terminal (tmux): `hot-reload dev --host rust` draws it, keys steer it, a
// colour edit reloads in place, and whatever ends it (Ctrl-C, q, a panic) the terminal is given back cooked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/own-package.js';
import { missingPrerequisite } from '../support/prerequisite.js';
import { run } from '../support/process.js';
import { colorConstant, LIB, makeGameProject, rgb, type GameProject } from './game-project.js';
import { cellsWithColor, isCooked, leftmost, TmuxPane } from './game-tmux.js';

const CLI = `${packageRoot}dist/cli/hot-reload.js`;
/** The project's own target/ and no inherited dev-mode flag, as in a fresh terminal. */
const CLEAN_ENV = 'env -u CARGO_TARGET_DIR -u HOT_RELOAD_DEV';
const NEW_PLAYER_COLOR = 0xff00ff;
/** The colour the loop test saves mid-loop; also unused elsewhere. */
const LOOP_PLAYER_COLOR = 0x00ff80;
/** What the terminal host shows at the end of each pass of a loop: the pass and a hash of the whole state. */
const PASS_END = /pass (\d+) #([0-9a-f]{8})/;

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe(
  'game template in the terminal (tmux)',
  { skip: !hasTmux && missingPrerequisite('tmux is not installed (.ci/run installs it)') },
  () => {
    let project: GameProject;
    let player: [number, number, number];
    const panes: TmuxPane[] = [];

    before(async () => {
      project = await makeGameProject();
      player = rgb(colorConstant(project.read(LIB), 'PLAYER_COLOR'));
    });

    after(() => {
      for (const pane of panes) pane.kill();
    });

    test('under hot-reload dev: draws, steers, reloads in place, shows a compile error; Ctrl-C ends dev and restores the terminal', async () => {
      const pane = new TmuxPane(
        `${CLEAN_ENV} node ${CLI} dev --host rust; echo "dev exited $?"; sleep 600`,
        project.root,
      );
      panes.push(pane);
      await pane.waitFor('the status line', (s) => /score 0 +best 0 · /.test(s), { timeoutMs: 120_000 });
      assert.equal(isCooked(pane.stty()), false, 'raw mode while the game runs');
      const start = cellsWithColor(pane.capture(true), player);
      assert.ok(start.length > 0, 'the player is drawn in its colour');
      assert.ok(pane.capture().includes('▀'), 'half blocks');

      pane.sendKeys('Right');
      const moved = await pane.waitFor(
        'the player to move right',
        (s) => {
          const cells = cellsWithColor(s, player);
          return cells.length > 0 && leftmost(cells) >= leftmost(start) + 4;
        },
        { colors: true, timeoutMs: 5000 },
      );
      pane.sendKeys('Space'); // stop, so that the next check sees it standing still
      await new Promise((r) => setTimeout(r, 300));
      const stopped = leftmost(cellsWithColor(pane.capture(true), player));
      assert.ok(stopped >= leftmost(cellsWithColor(moved, player)));

      project.edit(
        LIB,
        `pub const PLAYER_COLOR: u32 = 0x${colorConstant(project.read(LIB), 'PLAYER_COLOR').toString(16).padStart(6, '0')};`,
        `pub const PLAYER_COLOR: u32 = 0x${NEW_PLAYER_COLOR.toString(16)};`,
      );
      const reloaded = await pane.waitFor(
        'the new colour',
        (s) => cellsWithColor(s, rgb(NEW_PLAYER_COLOR)).length > 0,
        { colors: true },
      );
      assert.equal(
        leftmost(cellsWithColor(reloaded, rgb(NEW_PLAYER_COLOR))),
        stopped,
        'same place: the state was kept',
      );
      await pane.waitFor('the reload count', (s) => /reloaded ×1/.test(s));

      // A compile error: a one-line banner over the game's top row; the game stays visible and keeps running.
      project.edit(LIB, 'game.time += dt;', 'game.time += dt;\n    let broken: u32 = "not a number";');
      const error = await pane.waitFor('the build error banner', (s) =>
        /build failed: error\[E0308\]: mismatched types \(lib\/src\/lib\.rs:\d+:\d+\)/.test(s),
      );
      assert.match(error.split('\n')[0]!, /^build failed: /, 'on the top row');
      assert.equal(
        leftmost(cellsWithColor(pane.capture(true), rgb(NEW_PLAYER_COLOR))),
        stopped,
        'the game is still there',
      );
      pane.sendKeys('Left');
      await pane.waitFor(
        'the player to move while the banner shows',
        (s) => {
          const cells = cellsWithColor(s, rgb(NEW_PLAYER_COLOR));
          return cells.length > 0 && leftmost(cells) < stopped - 2 && /build failed/.test(s);
        },
        { colors: true, timeoutMs: 5000 },
      );
      pane.sendKeys('Space');
      await new Promise((r) => setTimeout(r, 300));
      const standing = leftmost(cellsWithColor(pane.capture(true), rgb(NEW_PLAYER_COLOR)));
      project.edit(LIB, '\n    let broken: u32 = "not a number";', '');
      await pane.waitFor('the banner to go', (s) => /reloaded ×2/.test(s) && !/build failed/.test(s));
      assert.equal(leftmost(cellsWithColor(pane.capture(true), rgb(NEW_PLAYER_COLOR))), standing, 'still where it was');

      // A field added to Game: the dev loop stops this host (SIGTERM: it restores the terminal) and starts a new one.
      project.edit(LIB, 'pub rng: u32,\n}', 'pub rng: u32,\n    pub extra: u32,\n}');
      project.edit(LIB, '        rng: if seed == 0', '        extra: 0,\n        rng: if seed == 0');
      await pane.waitFor('a new host', (s) => /score 0 +best 0 · /.test(s) && !/reloaded/.test(s), {
        timeoutMs: 60_000,
      });
      assert.equal(isCooked(pane.stty()), false, 'the new host is in raw mode again');

      pane.sendKeys('C-c');
      const after = await pane.waitFor('dev to end', (s) => /dev exited \d+/.test(s));
      assert.match(after, /dev exited 0/);
      assert.ok(isCooked(pane.stty()), pane.stty());
    });

    describe('looped live editing under hot-reload dev --host rust', () => {
      let pane: TmuxPane;
      let endHash = '';
      /** Waits for the pass after `after` to end; returns its number and state hash. */
      const passEnd = async (after: number): Promise<{ pass: number; hash: string }> => {
        const screen = await pane.waitFor(
          `pass ${after + 1} to end`,
          (s) => Number(PASS_END.exec(s)?.[1] ?? 0) > after,
          { timeoutMs: 20_000 },
        );
        const match = PASS_END.exec(screen)!;
        return { pass: Number(match[1]), hash: match[2]! };
      };

      test('L records, L loops: every pass ends with the same state', async () => {
        pane = new TmuxPane(
          `${CLEAN_ENV} node ${CLI} dev --host rust; echo "dev exited $?"; sleep 600`,
          project.root,
          140,
        );
        panes.push(pane);
        await pane.waitFor('the status line', (s) => /score 0 +best 0 · /.test(s), { timeoutMs: 120_000 });
        pane.sendKeys('r', 'l');
        await pane.waitFor('recording', (s) => /● rec [\d.]+ s/.test(s));
        pane.sendKeys('Right');
        await new Promise((r) => setTimeout(r, 500));
        pane.sendKeys('Down');
        await new Promise((r) => setTimeout(r, 400));
        pane.sendKeys('Space');
        await new Promise((r) => setTimeout(r, 300));
        pane.sendKeys('l');
        await pane.waitFor('looping', (s) => /⟳ loop [\d.]+\/[\d.]+ s/.test(s));
        const first = await passEnd(0);
        const second = await passEnd(first.pass);
        const third = await passEnd(second.pass);
        assert.equal(second.hash, first.hash, 'the second pass ends like the first');
        assert.equal(third.hash, first.hash);
        endHash = first.hash;
        // Keys during a loop do not change it: the recorded ones play.
        pane.sendKeys('Up');
        const pressed = await passEnd((await passEnd(third.pass)).pass);
        assert.equal(pressed.hash, endHash);
      });

      test('a colour saved mid-loop shows on the next pass; the loop keeps looping, the same play', async () => {
        const color = colorConstant(project.read(LIB), 'PLAYER_COLOR');
        project.edit(
          LIB,
          `pub const PLAYER_COLOR: u32 = 0x${color.toString(16).padStart(6, '0')};`,
          `pub const PLAYER_COLOR: u32 = 0x${LOOP_PLAYER_COLOR.toString(16).padStart(6, '0')};`,
        );
        const screen = await pane.waitFor(
          'the new colour',
          (s) => cellsWithColor(s, rgb(LOOP_PLAYER_COLOR)).length > 0,
          { colors: true },
        );
        const after = Number(PASS_END.exec(screen)?.[1] ?? 0);
        const next = await passEnd(after);
        const again = await passEnd(next.pass);
        assert.deepEqual([next.hash, again.hash], [endHash, endHash], 'new code, same state at the end of each pass');
        assert.match(pane.capture(), /⟳ loop/);
      });

      test('dev lines reach the status line and never land on the picture', async () => {
        const color = colorConstant(project.read(LIB), 'PLAYER_COLOR');
        project.edit(
          LIB,
          `pub const PLAYER_COLOR: u32 = 0x${color.toString(16).padStart(6, '0')};`,
          'pub const PLAYER_COLOR: u32 = 0x66ff66;',
        );
        const screen = await pane.waitFor('the dev line in the status line', (s) =>
          // .hot/dev-lines.log holds dev's lines as text, without the `[dev] ` a terminal line starts with.
          / ↻ v\d+ {2}built /.test(s.trimEnd().split('\n').at(-1) ?? ''),
        );
        const picture = screen.trimEnd().split('\n').slice(0, -1).join('\n');
        assert.doesNotMatch(picture, /\[dev\]|\[hot-reload\]/, 'nothing printed over the game');
      });

      test('Esc leaves the loop and plays on', async () => {
        pane.sendKeys('Escape');
        await pane.waitFor('the loop to go', (s) => !/⟳ loop/.test(s));
        assert.doesNotMatch(pane.capture(), PASS_END);
      });

      test('q ends the game and dev:rust with exit 0, terminal restored', async () => {
        pane.sendKeys('q');
        const screen = await pane.waitFor('dev to end', (s) => /dev exited \d+/.test(s), { timeoutMs: 10_000 });
        assert.match(screen, /dev exited 0/);
        assert.ok(isCooked(pane.stty()), pane.stty());
      });
    });

    test('the static build: q quits and restores the terminal', async () => {
      const built = await run('cargo', ['build', '--quiet'], { cwd: project.root });
      assert.equal(built.code, 0, built.output);
      const pane = new TmuxPane(`./target/debug/game-app; echo "game exited $?"; sleep 600`, project.root);
      panes.push(pane);
      await pane.waitFor('the status line', (s) => /score 0 +best 0/.test(s));
      assert.equal(isCooked(pane.stty()), false);
      pane.sendKeys('q');
      await pane.waitFor('the exit', (s) => /game exited 0/.test(s));
      assert.ok(isCooked(pane.stty()), pane.stty());
    });

    test('a panic in the game restores the terminal before its message is printed', async () => {
      project.edit(
        LIB,
        '    move_player(game, input, dt);',
        '    assert!(!input.left, "the test panics on the left arrow");\n    move_player(game, input, dt);',
      );
      const built = await run('cargo', ['build', '--quiet'], { cwd: project.root });
      assert.equal(built.code, 0, built.output);
      const pane = new TmuxPane(`./target/debug/game-app; echo "game exited $?"; sleep 600`, project.root);
      panes.push(pane);
      await pane.waitFor('the status line', (s) => /score 0 +best 0/.test(s));
      pane.sendKeys('Left');
      const screen = await pane.waitFor('the exit', (s) => /game exited \d+/.test(s));
      assert.match(pane.history(), /panicked at lib\/src\/lib\.rs:\d+:\d+:\s+the test panics on the left arrow/);
      assert.match(screen, /game exited 134/, 'a panic in an extern "C" fn aborts');
      assert.ok(isCooked(pane.stty()), pane.stty());
    });
  },
);
