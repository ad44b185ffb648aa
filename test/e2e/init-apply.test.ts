// `create-hot-reload --init` on projects shaped like real ones (test/fixtures/init/): what it finds, the diff it
// shows, what it writes, real cargo builds and load checks, and every refusal leaving the tree byte-for-byte.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hashTree, tempDir } from '../support/fs.js';
import { createBin, LiveProcess, run, runCreate } from '../support/process.js';
import { copyFixture, runInit } from './init-fixture.js';

const FAST = ['--no-install'];
const read = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

describe('--init on one package with src/lib.rs and src/main.rs, a build.rs, comments and odd formatting', () => {
  let dir: string;

  it('applies with --yes: Cargo.toml edited in place, package.json merged, bindings listed, built and loaded', async () => {
    dir = await copyFixture('single');
    const before = read(dir, 'Cargo.toml');
    const result = await runInit(dir, ['--yes', ...FAST]);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^· tiny-game \(lib and bin\)$/m);
    assert.match(result.stdout, /^-crate-type = \[ "lib" \] {3}# was only "lib"$/m);
    assert.match(result.stdout, /^\+crate-type = \[ "lib", "cdylib" \] {3}# was only "lib"$/m);
    assert.match(result.stdout, /^\+use hot_lib as tiny_game;$/m);
    assert.match(result.stdout, /^\+\+\+ b\/src\/hot_lib.rs\n@@ new, generated: \d+ lines @@$/m);
    assert.match(result.stdout, /^warning: src\/lib.rs:21: function label left out: &str is not C ABI/m);
    assert.match(
      result.stdout,
      /^✓ bindings: 1 function \(tick\), 1 struct → host\/lib.generated.ts, src\/hot_lib.rs$/m,
    );
    assert.match(result.stdout, /^✓ cargo build finished/m);
    assert.match(result.stdout, /^✓ lib loaded: 1 function \(tick\) in [\d.]+ m?s, tick\(\) called$/m);

    // Every line of the user's Cargo.toml is still there, in order; ours are added.
    const after = read(dir, 'Cargo.toml');
    const kept = before.split('\n').filter((l) => !l.startsWith('crate-type'));
    let at = 0;
    for (const line of kept) {
      at = after.split('\n').indexOf(line, at);
      assert.ok(at >= 0, `kept: ${line}`);
    }
    assert.match(after, /\n\[features\]\n# .*\nreload = \[\]\n$/);
    const json = JSON.parse(read(dir, 'package.json'));
    assert.deepEqual(Object.keys(json.scripts), ['lint', 'fmt', 'dev', 'dev:rust', 'start', 'build', 'gen']);
    assert.equal(json.devDependencies.prettier, '^3.0.0');
    assert.deepEqual(json['hot-reload'], { lib: '.', bin: '.' });
    assert.equal(
      read(dir, 'host/package.json'),
      '{ "type": "module" }\n',
      'their package.json has no "type": host/ gets one',
    );
    assert.match(read(dir, '.gitignore'), /^\/target\n# .*\n\/\.hot\/\nnode_modules\/\n$/);
  });

  it('the static build (no reload feature) and the reload build both compile', async () => {
    const statics = await run('cargo', ['build', '--release', '-q'], { cwd: dir });
    assert.equal(statics.code, 0, statics.output);
    const reload = await run('cargo', ['build', '-q', '--features', 'reload'], { cwd: dir });
    assert.equal(reload.code, 0, reload.output);
  });

  it('a second run changes nothing and says so', async () => {
    const before = hashTree(dir);
    const result = await runInit(dir, ['--yes', ...FAST]);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^✓ already set up: nothing to change$/m);
    assert.equal(hashTree(dir), before);
  });
});

describe('--init on a workspace with several members (a path dependency, a build.rs, two bins)', () => {
  it('without --lib/--bin and no terminal: refused with the choices, nothing touched', async () => {
    const dir = await copyFixture('workspace');
    const before = hashTree(dir);
    const result = await runInit(dir, ['--yes']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'error: 2 crates could be made hot; choose one: --lib shapes-core --bin shapes-app | --lib shapes-core --bin shapes-tool',
    );
    assert.equal(hashTree(dir), before);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const dir = await copyFixture('workspace');
    const before = hashTree(dir);
    const result = await runInit(dir, ['--bin', 'shapes-app', '--dry-run']);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^--- a\/crates\/core\/Cargo.toml\n\+\+\+ b\/crates\/core\/Cargo.toml$/m);
    assert.match(result.stdout, /^\+crate-type = \["rlib", "cdylib"\]$/m);
    assert.match(result.stdout, /^\+\+\+ b\/crates\/app\/src\/hot_lib.rs$/m);
    assert.match(result.stdout, /^· --dry-run: nothing written$/m);
    assert.equal(hashTree(dir), before);
  });

  it('--bin chooses; the lib builds with its path dependency and build.rs, and loads', async () => {
    const dir = await copyFixture('workspace');
    const result = await runInit(dir, ['--bin', 'shapes-app', '--yes', ...FAST]);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^· lib shapes-core with bin shapes-app$/m);
    assert.match(result.stdout, /^✓ lib loaded: 1 function \(describe\)/m);
    assert.deepEqual(JSON.parse(read(dir, 'package.json'))['hot-reload'], { lib: 'crates/core', bin: 'crates/app' });
    assert.ok(fs.existsSync(path.join(dir, 'crates/app/src/hot_lib.rs')));
    const status = await run('git', ['status', '--porcelain'], { cwd: dir });
    assert.doesNotMatch(status.stdout, /crates\/(tool|util)\//, 'members not chosen are not touched');
    const before = hashTree(dir);
    const again = await runInit(dir, ['--yes', ...FAST]);
    assert.equal(again.code, 0, again.output);
    assert.match(
      again.stdout,
      /^· lib shapes-core with bin shapes-app\n✓ already set up: nothing to change$/m,
      'the pair set up before',
    );
    assert.equal(hashTree(dir), before);
  });

  it('interactive: asks which crate, then Cancel (the default) writes nothing', async () => {
    const dir = await copyFixture('workspace');
    const before = hashTree(dir);
    const cli = new LiveProcess(process.execPath, [createBin, '--init', '--no-install'], { cwd: dir, pty: true });
    try {
      await cli.waitFor(/Which crate should hot-reload\?/);
      cli.write('\x1b[B\r'); // down to the second choice: shapes-tool
      await cli.waitFor(/Apply these changes\?/);
      cli.write('\r');
      await cli.waitFor(/Cancelled: nothing was written/);
      assert.match(cli.output, /lib shapes-core with bin shapes-tool/);
    } finally {
      await cli.stop();
    }
    assert.equal(hashTree(dir), before);
  });
});

describe('--init refusals and warnings', () => {
  it('no terminal and no --yes: the diff, then refused; nothing written', async () => {
    const dir = await copyFixture('single');
    const before = hashTree(dir);
    const result = await runInit(dir, FAST);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^\+\+\+ b\/Cargo.toml$/m);
    assert.equal(
      result.stderr.trim(),
      'error: nothing written: pass --yes to apply these changes, or --dry-run to only show them',
    );
    assert.equal(hashTree(dir), before);
  });

  it('a script of theirs under one of our names: refused with the name, nothing written', async () => {
    const dir = await copyFixture('single');
    const json = JSON.parse(read(dir, 'package.json'));
    json.scripts.dev = 'cargo watch -x run';
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(json));
    const before = hashTree(dir);
    const result = await runInit(dir, ['--yes', ...FAST]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^error: package.json already has a script "dev" \("cargo watch -x run"\): rename yours/,
    );
    assert.equal(hashTree(dir), before);
  });

  it('a failure while moving files into place puts back what was moved: byte-for-byte as before', async () => {
    const dir = await copyFixture('single');
    fs.writeFileSync(path.join(dir, 'host'), 'a file where --init needs a folder\n');
    const before = hashTree(dir);
    const result = await runInit(dir, ['--yes', ...FAST]);
    assert.equal(result.code, 1, result.output);
    assert.match(result.stderr, /^error: could not write the changes \(.*host.*\): nothing was changed$/m);
    assert.equal(hashTree(dir), before);
  });

  it('uncommitted changes: a warning first; with --yes it proceeds', async () => {
    const dir = await copyFixture('single');
    fs.appendFileSync(path.join(dir, 'src/lib.rs'), '\n// work in progress\n');
    const result = await runInit(dir, ['--yes', '--no-build', ...FAST]);
    assert.equal(result.code, 0, result.output);
    const warning = result.stdout.indexOf('! the git work tree has uncommitted changes (src/lib.rs)');
    assert.ok(warning >= 0 && warning < result.stdout.indexOf('--- a/'), 'the warning comes before the diff');
    // 9 of its own plus the 5 fixed modules of src/hot_lib/.
    assert.match(result.stdout, /^✓ wrote 14 files$/m);
  });

  it('a project made by create-hot-reload: already set up', async () => {
    const cwd = tempDir('chr-init-');
    const created = await runCreate(['made', '--yes', '--no-install', '--no-build', '--no-git'], { cwd });
    assert.equal(created.code, 0, created.output);
    const dir = path.join(cwd, 'made');
    const before = hashTree(dir);
    const result = await runInit(dir, []);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^✓ already set up: this project was made by create-hot-reload/m);
    assert.equal(hashTree(dir), before);
  });

  it('not a Cargo project: one line', async () => {
    const dir = await copyFixture('single');
    fs.rmSync(path.join(dir, 'Cargo.toml'));
    const result = await runInit(dir, ['--yes']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: no Cargo.toml in .*: run --init in a Cargo project/);
  });
});

describe('--init on a lib with no extern "C" exports', () => {
  it('sets up, builds, and shows what to mark on a function of its own instead of a silent success', async () => {
    const dir = await copyFixture('no-exports');
    const result = await runInit(dir, ['--yes', ...FAST]);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^✓ bindings: 0 functions → /m);
    assert.match(
      result.stdout,
      /^! the lib exports no functions for the hosts to call yet\. Mark the ones to hot-reload, e\.g\.\n {2}src\/lib\.rs:4\n {2}- pub fn add\(a: i32, b: i32\) -> i32 \{\n {2}\+ #\[unsafe\(no_mangle\)\]\n {2}\+ pub extern "C" fn add\(a: i32, b: i32\) -> i32 \{$/m,
    );
  });
});
