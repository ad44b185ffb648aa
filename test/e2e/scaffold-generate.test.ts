// The main path, for real: generate, cargo build, load through koffi, then run
// both hosts of the generated project and read what they print.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { stagingFoldersIn, tempDir } from '../support/fs.js';
import { LiveProcess, processesLeft, run, runCreate } from '../support/process.js';
import { packTarball } from '../support/tarball.js';

describe('create-hot-reload my-app --yes (build and load check)', () => {
  let cwd: string;
  let project: string;
  let output: string;

  before(async () => {
    cwd = tempDir();
    project = path.join(cwd, 'my-app');
    const result = await runCreate(['my-app', '--yes', '--no-install'], { cwd });
    output = result.output;
    assert.equal(result.code, 0, output);
  });

  it('reports each step and the load check', () => {
    assert.match(output, /✓ wrote \d+ files to my-app \(template hello-world\)/);
    assert.match(output, /✓ git repository initialized/);
    assert.match(output, /✓ cargo build finished in/);
    assert.match(output, /✓ lib loaded: 1 function \(step\) in \d+ ms/);
    assert.match(output, /cd my-app\n\s+npm install\n\s+npm run dev/);
    assert.deepEqual(stagingFoldersIn(cwd), [], 'the staging folder is removed');
  });

  it('writes the workspace the design describes', () => {
    for (const file of [
      'Cargo.toml',
      'src/main.rs',
      'src/reloader.rs',
      'src/hot_lib.rs',
      'lib/Cargo.toml',
      'lib/src/lib.rs',
      'host/main.ts',
      'host/lib.generated.ts',
      'package.json',
      '.gitignore',
      'README.md',
      'tsconfig.json',
    ]) {
      assert.ok(fs.existsSync(path.join(project, file)), `${file} exists`);
    }
    const cargoToml = fs.readFileSync(path.join(project, 'Cargo.toml'), 'utf8');
    assert.match(cargoToml, /^name = "my-app"$/m);
    assert.match(cargoToml, /^reload = \[\]$/m);
    assert.match(cargoToml, /^"my-app-lib" = \{ path = "lib" \}$/m);
    assert.match(fs.readFileSync(path.join(project, 'lib/Cargo.toml'), 'utf8'), /crate-type = \["rlib", "cdylib"\]/);
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'my-app');
    assert.deepEqual(Object.keys(pkg.scripts).sort(), ['build', 'dev', 'dev:rust', 'gen', 'start']);
    assert.match(pkg.dependencies['create-hot-reload'], /^\^\d+\.\d+\.\d+$/);
    assert.match(fs.readFileSync(path.join(project, 'src/main.rs'), 'utf8'), /use my_app_lib as lib;/);
  });

  it('has no crates.io dependency (Cargo.lock lists only the two local packages)', () => {
    const lock = fs.readFileSync(path.join(project, 'Cargo.lock'), 'utf8');
    const packages = [...lock.matchAll(/^name = "([^"]+)"$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(packages, ['my-app', 'my-app-lib']);
    assert.doesNotMatch(lock, /^source = /m);
  });

  it('commits the generated files and ignores build output', async () => {
    const log = await run('git', ['log', '--oneline'], { cwd: project });
    assert.match(log.stdout, /Initial commit from create-hot-reload/);
    const status = await run('git', ['status', '--porcelain'], { cwd: project });
    assert.equal(status.stdout, '', 'target/ and Cargo.lock changes are ignored or committed');
  });

  it('cargo run (static link) prints the iteration lines', async () => {
    const host = new LiveProcess('cargo', ['run', '--quiet'], { cwd: project });
    try {
      await host.waitFor(/doing stuff in iteration 1\n[\s\S]*doing stuff in iteration 2\n/, 60_000);
    } finally {
      await host.stop();
    }
    assert.deepEqual(processesLeft(host.child.pid!, project), []);
  });

  it('builds warning-free, also with --features reload, and passes clippy', async () => {
    for (const args of [
      ['build'],
      ['build', '--features', 'reload'],
      ['clippy', '--all-targets', '--', '-D', 'warnings'],
      ['clippy', '--features', 'reload', '--', '-D', 'warnings'],
    ]) {
      const result = await run('cargo', args, { cwd: project });
      assert.equal(result.code, 0, `cargo ${args.join(' ')}:\n${result.output}`);
      assert.doesNotMatch(result.stderr, /^warning/m, `cargo ${args.join(' ')}:\n${result.stderr}`);
    }
  });
});

describe('a generated project installed from the npm tarball', () => {
  it('npm start runs the TypeScript host, which prints the iteration lines', async () => {
    const tarball = await packTarball();
    const cwd = tempDir();
    const project = path.join(cwd, 'ts-app');
    const created = await runCreate(['ts-app', '--yes', '--runtime', `file:${tarball}`], { cwd });
    assert.equal(created.code, 0, created.output);
    assert.match(created.output, /✓ dependencies installed/);
    assert.deepEqual(stagingFoldersIn(cwd), [], 'the staging folder is removed');
    // The generated package.json's allowScripts covers every install script in the tree (npm 11 warns otherwise).
    assert.doesNotMatch(created.output, /install-scripts|allowScripts/, created.output);
    const status = await run('git', ['status', '--porcelain'], { cwd: project });
    assert.equal(status.stdout, '', 'the first commit includes the lockfile the install wrote');
    assert.ok(fs.existsSync(path.join(project, 'node_modules/create-hot-reload/dist/runtime/index.js')));

    const host = new LiveProcess('npm', ['start'], { cwd: project });
    try {
      await host.waitFor(/doing stuff in iteration 1\n[\s\S]*doing stuff in iteration 2\n/, 90_000);
    } finally {
      await host.stop();
    }
    assert.deepEqual(processesLeft(host.child.pid!, project), []);
  });
});
