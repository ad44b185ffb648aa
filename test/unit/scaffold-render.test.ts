import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/user-error.js';
import { renderTemplate, type TemplateValues } from '../../src/scaffold/render.js';
import { inspectTarget, conflictingFiles } from '../../src/scaffold/target-dir.js';
import { findTemplate } from '../../src/scaffold/templates.js';

const values: TemplateValues = {
  npmName: 'my-app',
  packageCrate: 'my-app',
  libPackage: 'my-app-lib',
  libCrate: 'my_app_lib',
  runtimeSpec: '^0.1.0',
  runScript: 'npm run',
};

function file(files: ReturnType<typeof renderTemplate>, name: string): string {
  const found = files.find((f) => f.path === name);
  assert.ok(found, `${name} rendered`);
  return found.contents.toString('utf8');
}

describe('renderTemplate', () => {
  const files = renderTemplate('hello-world', values);

  it('merges base and hello-world, drops .hbs, renames _gitignore', () => {
    const paths = files.map((f) => f.path);
    for (const expected of [
      '.gitignore',
      'Cargo.toml',
      'Cargo.lock',
      'lib/Cargo.toml',
      'lib/src/lib.rs',
      'src/main.rs',
      'host/main.ts',
      'package.json',
      'README.md',
      'tsconfig.json',
    ]) {
      assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
    }
    assert.ok(!paths.some((p) => p.endsWith('.hbs') || p.endsWith('_gitignore')));
    assert.deepEqual(paths, [...paths].sort(), 'sorted, so output is deterministic');
  });

  it('writes names as quoted strings for TOML and JSON', () => {
    assert.match(file(files, 'Cargo.toml'), /^name = "my-app"$/m);
    assert.match(file(files, 'Cargo.toml'), /^"my-app-lib" = \{ path = "lib" \}$/m);
    assert.match(file(files, 'lib/Cargo.toml'), /^name = "my-app-lib"$/m);
    const pkg = JSON.parse(file(files, 'package.json'));
    assert.equal(pkg.name, 'my-app');
    assert.equal(pkg.dependencies['create-hot-reload'], '^0.1.0');
    assert.match(file(files, 'src/main.rs'), /^use my_app_lib as lib;$/m);
  });

  it('escapes hostile values instead of letting them break out of a string', () => {
    const hostile = renderTemplate('hello-world', {
      ...values,
      npmName: 'x", "evil": "1',
      runtimeSpec: 'file:/tmp/a "b".tgz\n[x]',
    });
    const pkg = JSON.parse(file(hostile, 'package.json'));
    assert.equal(pkg.name, 'x", "evil": "1');
    assert.equal(pkg.evil, undefined);
    assert.equal(pkg.dependencies['create-hot-reload'], 'file:/tmp/a "b".tgz\n[x]');
  });

  it('is deterministic', () => {
    const again = renderTemplate('hello-world', values);
    assert.deepEqual(
      again.map((f) => [f.path, f.contents.toString('base64')]),
      files.map((f) => [f.path, f.contents.toString('base64')]),
    );
  });
});

describe('templates', () => {
  it('lists the choices for an unknown name', () => {
    assert.throws(
      () => findTemplate('vue'),
      (e: unknown) => e instanceof UserError && /choose one of hello-world, game/.test(e.message),
    );
    assert.equal(findTemplate('hello-world').name, 'hello-world');
    assert.equal(findTemplate('game').name, 'game');
  });

  it('game: its own lib, Rust host and page on top of base; base files it does not replace stay', () => {
    const game = renderTemplate('game', values);
    const paths = game.map((f) => f.path);
    for (const file of [
      'lib/src/lib.rs',
      'src/main.rs',
      'src/terminal.rs',
      'host/main.ts',
      'host/page/index.html',
      'src/reloader.rs',
      'Cargo.toml',
    ]) {
      assert.ok(paths.includes(file), file);
    }
    const text = (file: string): string => game.find((f) => f.path === file)!.contents.toString('utf8');
    assert.match(
      text('lib/src/lib.rs'),
      /pub unsafe extern "C" fn game_render\(game: &Game, pixels: \*mut u8, len: usize/,
    );
    assert.match(text('src/main.rs'), new RegExp(`use ${values.libCrate} as lib;`));
    assert.doesNotMatch(text('src/main.rs'), /\{\{/);
    assert.match(text('README.md'), /npm run dev:rust +# play in this terminal/);
  });
});

describe('inspectTarget', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-target-'));
  it('tells missing, empty, .git-only and non-empty apart', () => {
    assert.deepEqual(inspectTarget(path.join(root, 'nope')), { kind: 'missing' });
    fs.mkdirSync(path.join(root, 'empty'));
    assert.deepEqual(inspectTarget(path.join(root, 'empty')), { kind: 'empty' });
    fs.mkdirSync(path.join(root, 'git-only/.git'), { recursive: true });
    assert.deepEqual(inspectTarget(path.join(root, 'git-only')), { kind: 'empty' });
    fs.mkdirSync(path.join(root, 'busy/.git'), { recursive: true });
    fs.writeFileSync(path.join(root, 'busy/b.txt'), '');
    fs.writeFileSync(path.join(root, 'busy/a.txt'), '');
    assert.deepEqual(inspectTarget(path.join(root, 'busy')), { kind: 'non-empty', entries: ['a.txt', 'b.txt'] });
    assert.deepEqual(conflictingFiles(path.join(root, 'busy'), ['b.txt', 'c.txt']), ['b.txt']);
  });
  it('refuses a file, with one line', () => {
    fs.writeFileSync(path.join(root, 'file'), '');
    assert.throws(() => inspectTarget(path.join(root, 'file')), /exists and is not a directory/);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
