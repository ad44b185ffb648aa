// A generated game project builds the ways a user builds it: warning-free and clippy-clean with and without
// `reload`, its Rust tests pass, the release build links the lib statically, the bindings generator leaves
// nothing out, and the TypeScript host typechecks under the project's own tsconfig.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { packageRoot } from '../../src/own-package.js';
import { repoRoot, run } from '../support/process.js';
import { makeGameProject, type GameProject } from './game-project.js';

describe('generated game project builds', () => {
  let project: GameProject;
  /** The project's own target/, whatever the environment says. */
  let env: NodeJS.ProcessEnv;

  before(async () => {
    project = await makeGameProject();
    env = { CARGO_TARGET_DIR: path.join(project.root, 'target') };
  });

  it('warning-free and clippy-clean, with and without --features reload', async () => {
    for (const args of [
      ['build'],
      ['build', '--features', 'reload'],
      ['clippy', '--all-targets', '--', '-D', 'warnings'],
      ['clippy', '--all-targets', '--features', 'reload', '--', '-D', 'warnings'],
    ]) {
      const result = await run('cargo', args, { cwd: project.root, env });
      assert.equal(result.code, 0, `cargo ${args.join(' ')}:\n${result.output}`);
      assert.doesNotMatch(result.stderr, /^warning/m, `cargo ${args.join(' ')}:\n${result.stderr}`);
    }
  });

  it('its own Rust tests pass (game rules, rendering, key parsing, the terminal screen)', async () => {
    const result = await run('cargo', ['test', '--workspace'], { cwd: project.root, env });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /test tests::touching_the_enemy_ends_the_round_and_restart_keeps_the_best \.\.\. ok/);
    assert.match(result.stdout, /test screen::tests::\w+ \.\.\. ok/);
  });

  it('cargo build --release links the lib statically: no dynamic loading', async () => {
    const result = await run('cargo', ['build', '--release'], { cwd: project.root, env });
    assert.equal(result.code, 0, result.output);
    const binary = path.join(project.root, 'target', 'release', 'game-app');
    const ldd = await run('ldd', [binary]);
    assert.doesNotMatch(ldd.stdout, /game_app_lib/);
    // The first test's last build was `--features reload`: that binary has the reloader, this one must not.
    const reloading = fs.readFileSync(path.join(project.root, 'target', 'debug', 'game-app')).toString('latin1');
    assert.match(reloading, /current\.json/);
    assert.doesNotMatch(fs.readFileSync(binary).toString('latin1'), /current\.json/, 'no reloader inside');
  });

  it('hot-reload gen --strict: every function and type is exported, nothing left out', async () => {
    const result = await run(
      process.execPath,
      [path.join(packageRoot, 'dist', 'cli', 'hot-reload.js'), 'gen', '--strict'],
      { cwd: project.root },
    );
    assert.equal(result.code, 0, result.output);
    assert.doesNotMatch(result.output, /warning/);
    assert.match(result.output, /4 functions \(game_init, game_update, game_render, game_status\)/);
  });

  it('npm test: cargo test, the bindings check and the host typecheck; a type error in the host fails it', async () => {
    // The bins `npm install` would link. TypeScript is not a dependency of the project: its `typecheck` script
    // fetches it with npx into npm's cache on first use. Here it is linked in from this repository instead, so
    // the test needs no network (and npx, seeing this repository's TypeScript through the create-hot-reload
    // link, would not fetch it anyway).
    const bin = path.join(project.root, 'node_modules', '.bin');
    fs.mkdirSync(bin, { recursive: true });
    const cli = path.join(packageRoot, 'dist', 'cli', 'hot-reload.js');
    fs.writeFileSync(path.join(bin, 'hot-reload'), `#!/usr/bin/env node\nawait import(${JSON.stringify(cli)});\n`, {
      mode: 0o755,
    });
    fs.symlinkSync(
      path.join(repoRoot, 'node_modules', 'typescript'),
      path.join(project.root, 'node_modules', 'typescript'),
      'dir',
    );
    fs.symlinkSync('../typescript/bin/tsc', path.join(bin, 'tsc'));
    const passed = await run('npm', ['test'], { cwd: project.root, env });
    assert.equal(passed.code, 0, passed.output);
    assert.match(passed.output, /test tests::the_same_inputs_give_the_same_game \.\.\. ok/);
    assert.match(passed.output, /tsc -p tsconfig\.json/);

    project.edit('host/keys.ts', 'const input = {', 'const input: number = {');
    const failed = await run('npm', ['test'], { cwd: project.root, env });
    project.edit('host/keys.ts', 'const input: number = {', 'const input = {');
    assert.notEqual(failed.code, 0, failed.output);
    assert.match(failed.output, /host\/keys\.ts\(\d+,\d+\): error TS2322/);
  });

  it('the TypeScript host typechecks (strict) against the generated bindings', async () => {
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', path.join(project.root, 'tsconfig.json')], {
      cwd: project.root,
    });
    assert.equal(result.code, 0, result.output);
  });
});
