// Where the project goes and what is already there: every mode leaves .git and
// the user's files as promised, and every refusal leaves the tree unchanged.
// These runs skip install and build; scaffold-generate covers those.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hashTree, stagingFoldersIn, tempDir, writeFiles } from '../support/fs.js';
import { runCreate } from '../support/process.js';

const FAST = ['--yes', '--no-install', '--no-build'];

function assertOneLineError(output: string, pattern: RegExp): void {
  const lines = output.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${output}`);
  assert.match(lines[0]!, pattern);
}

describe('target directory', () => {
  it('"." in an empty folder with only .git writes there and keeps .git (no new repository)', async () => {
    const dir = path.join(tempDir(), 'Dot Project');
    writeFiles(dir, { '.git/HEAD': 'ref: refs/heads/main\n' });
    const result = await runCreate(['.', ...FAST], { cwd: dir });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /npm package name: "Dot Project" → "dot-project"/);
    assert.equal(fs.readFileSync(path.join(dir, '.git/HEAD'), 'utf8'), 'ref: refs/heads/main\n');
    assert.ok(fs.existsSync(path.join(dir, 'lib/src/lib.rs')));
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name, 'dot-project');
    assert.doesNotMatch(result.output, /^\s+cd /m, 'no cd step for the current folder');
    assert.deepEqual(stagingFoldersIn(path.dirname(dir)), [], 'the staging folder beside "." is removed');
  });

  it('a nested path that does not exist yet is created', async () => {
    const cwd = tempDir();
    const result = await runCreate(['deep/er/app', ...FAST, '--no-git'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.ok(fs.existsSync(path.join(cwd, 'deep/er/app/Cargo.toml')));
    assert.match(result.output, /cd deep\/er\/app/);
    assert.deepEqual(stagingFoldersIn(cwd), [], 'the staging folder is removed');
  });

  it('a path with spaces works and the next steps quote it', async () => {
    const cwd = tempDir();
    const result = await runCreate(['my projects/space app', ...FAST, '--no-git'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.ok(fs.existsSync(path.join(cwd, 'my projects/space app/Cargo.toml')));
    assert.match(result.output, /cd 'my projects\/space app'/);
  });

  it('non-interactive into a non-empty folder without --overwrite: exit 1, names the files, changes nothing', async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'busy');
    writeFiles(dir, { 'notes.txt': 'mine', 'README.md': 'my readme', '.git/HEAD': 'x' });
    const before = hashTree(cwd);
    const result = await runCreate(['busy', ...FAST], { cwd });
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, /^error: busy is not empty \(README\.md, notes\.txt\): .*--overwrite/);
    assert.equal(hashTree(cwd), before);
  });

  it('--overwrite keeps other files and .git, replaces only the files the project has', async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'busy');
    writeFiles(dir, { 'notes.txt': 'mine', 'README.md': 'my readme', '.git/HEAD': 'x' });
    const result = await runCreate(['busy', ...FAST, '--overwrite'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine');
    assert.equal(fs.readFileSync(path.join(dir, '.git/HEAD'), 'utf8'), 'x');
    assert.match(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), /^# busy/);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.startsWith('.create-hot-reload')),
      [],
    );
  });

  it('a target that is a file: one clear line, exit 1, nothing changed', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { taken: 'a file' });
    const before = hashTree(cwd);
    const result = await runCreate(['taken', ...FAST], { cwd });
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, /^error: taken exists and is not a directory: choose another project directory$/);
    assert.equal(hashTree(cwd), before);
  });

  it('a parent that is a file: one clear line, exit 1', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { taken: 'a file' });
    const result = await runCreate(['taken/app', ...FAST], { cwd });
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, /^error: .*taken is a file, so taken\/app cannot be created there/);
  });

  it('leaves no temporary folder behind after success', async () => {
    const cwd = tempDir();
    const result = await runCreate(['clean', ...FAST, '--no-git'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(fs.readdirSync(cwd), ['clean']);
  });
});

describe('names and templates', () => {
  it('fixes an uppercase, spaced name and shows the fix', async () => {
    const cwd = tempDir();
    const result = await runCreate(['My Cool App', ...FAST, '--no-git'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /npm package name: "My Cool App" → "my-cool-app"/);
    const cargoToml = fs.readFileSync(path.join(cwd, 'My Cool App/Cargo.toml'), 'utf8');
    assert.match(cargoToml, /^name = "my-cool-app"$/m);
  });

  it('fixes a Rust keyword and a leading digit for Cargo', async () => {
    const cwd = tempDir();
    const keyword = await runCreate(['match', ...FAST, '--no-git'], { cwd });
    assert.equal(keyword.code, 0, keyword.output);
    assert.match(keyword.output, /Cargo package name: "match" → "match-app"/);
    const digit = await runCreate(['3d', ...FAST, '--no-git'], { cwd });
    assert.equal(digit.code, 0, digit.output);
    assert.match(fs.readFileSync(path.join(cwd, '3d/lib/Cargo.toml'), 'utf8'), /^name = "app-3d-lib"$/m);
  });

  it('a name with quotes, braces and $(...) cannot inject anything into generated files', async () => {
    const cwd = tempDir();
    const result = await runCreate(['a"b{{c}}$(d)', ...FAST, '--no-git'], { cwd });
    assert.equal(result.code, 0, result.output);
    const dir = path.join(cwd, 'a"b{{c}}$(d)');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'a-b-c-d');
    for (const file of ['Cargo.toml', 'lib/Cargo.toml', 'src/main.rs', 'README.md']) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(text, /\$\(d\)|\{\{/, file);
    }
  });

  it('a name with nothing usable: one line, exit 1, nothing written', async () => {
    const cwd = tempDir();
    const result = await runCreate(['日本', ...FAST], { cwd });
    assert.equal(result.code, 1);
    assertOneLineError(
      result.stderr,
      /^error: cannot make a package name from "日本": name the directory with letters a-z/,
    );
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  it('an unknown template lists the templates', async () => {
    const cwd = tempDir();
    const result = await runCreate(['app', ...FAST, '--template', 'vue'], { cwd });
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, /^error: unknown template "vue": choose one of hello-world, game$/);
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  it('an unknown flag is refused with usage help', async () => {
    const cwd = tempDir();
    const result = await runCreate(['app', '--frobnicate'], { cwd });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unknown option '--frobnicate'/);
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  it('no directory and no TTY: the default name, no prompt', async () => {
    const cwd = tempDir();
    const result = await runCreate(['--no-install', '--no-build', '--no-git'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.ok(fs.existsSync(path.join(cwd, 'hot-reload-app/Cargo.toml')));
  });
});
