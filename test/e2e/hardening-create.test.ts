// The scaffolder's bad-input matrix: odd names, odd directories, odd flags and a broken toolchain. Each case
// asserts the exit code, the one line that explains it, and (for every refusal) that the folder it ran in is
// byte-for-byte unchanged. Cases already in scaffold-*.test.ts (My Cool App, match, 3d, a"b{{c}}$(d), 日本,
// vue, --frobnicate, a file as target, a file as parent, a non-empty folder, Ctrl-C during the build) are not
// repeated; these go around them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hashTree, tempDir, writeFiles } from '../support/fs.js';
import { createBin, LiveProcess, run, runCreate, type RunResult } from '../support/process.js';
import { missingPrerequisite } from '../support/prerequisite.js';

const FAST = ['--yes', '--no-install', '--no-build', '--no-git'];

interface Case {
  title: string;
  /** The directory argument and flags; FAST is appended unless `full`. */
  args: string[];
  code: number;
  /** Refusals: the first stderr line. Successes: some stdout line. */
  line: RegExp;
  /** The folder the CLI ran in is hashed before and after: a refusal must leave it exactly as it was. */
  unchanged?: boolean;
  setup?: (cwd: string) => void;
  env?: NodeJS.ProcessEnv;
  full?: boolean;
  /** cargo's own `error:` lines come first; ours is the last one. */
  cargoErrors?: boolean;
  check?: (cwd: string, result: RunResult) => void;
}

/** package.json and both Cargo.toml files of a project written in `dir`, parsed as far as the test needs. */
function names(dir: string): { npm: string; bin: string; lib: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string };
  const cargoName = (file: string) => /^name = "([^"]*)"$/m.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[1];
  return { npm: pkg.name, bin: cargoName('Cargo.toml')!, lib: cargoName('lib/Cargo.toml')! };
}

const long = (n: number) => 'a'.repeat(n);

const cases: Case[] = [
  // ---- names ---------------------------------------------------------------------------------------------
  {
    title: 'empty name',
    args: [''],
    code: 1,
    line: /^error: the project directory is empty: give a name such as my-app, or \. for the current folder$/,
    unchanged: true,
  },
  { title: 'blank name', args: ['   '], code: 1, line: /^error: the project directory is empty/, unchanged: true },
  {
    title: 'newline in the name',
    args: ['new\nline'],
    code: 1,
    line: /^error: the project directory "new\\nline" contains a control character/,
    unchanged: true,
  },
  {
    title: 'tab in the name',
    args: ['tab\there'],
    code: 1,
    line: /^error: the project directory "tab\\there" contains a control character/,
    unchanged: true,
  },
  {
    title: 'name of dots only',
    args: ['...'],
    code: 1,
    line: /^error: cannot make a package name from "\.\.\."/,
    unchanged: true,
  },
  {
    title: 'name node_modules',
    args: ['node_modules'],
    code: 1,
    line: /^error: cannot make a package name from "node_modules"/,
    unchanged: true,
  },
  {
    title: '215-character name',
    args: [long(215)],
    code: 1,
    line: /^error: the package name would be 215 characters; npm allows at most 214/,
    unchanged: true,
  },
  {
    title: '214-character name is allowed',
    args: [long(214)],
    code: 0,
    line: /^✓ wrote \d+ files to a+ \(template hello-world\)$/,
    check: (cwd) => assert.equal(names(path.join(cwd, long(214))).lib, `${long(214)}-lib`),
  },
  {
    title: 'all uppercase',
    args: ['LOUD'],
    code: 0,
    line: /^· npm package name: "LOUD" → "loud"$/,
    check: (cwd) => assert.deepEqual(names(path.join(cwd, 'LOUD')), { npm: 'loud', bin: 'loud', lib: 'loud-lib' }),
  },
  {
    title: 'dotted name',
    args: ['my.app'],
    code: 0,
    line: /^· Cargo package name: "my\.app" → "my-app"$/,
    check: (cwd) =>
      assert.deepEqual(names(path.join(cwd, 'my.app')), { npm: 'my.app', bin: 'my-app', lib: 'my-app-lib' }),
  },
  {
    title: 'scoped name',
    args: ['@acme/tool'],
    code: 0,
    line: /^✓ wrote \d+ files to @acme\/tool /,
    check: (cwd) =>
      assert.deepEqual(names(path.join(cwd, '@acme/tool')), { npm: '@acme/tool', bin: 'tool', lib: 'tool-lib' }),
  },
  {
    title: 'scoped name with uppercase and spaces',
    args: ['@My Org/Cool Tool'],
    code: 0,
    line: /^· npm package name: "@My Org\/Cool Tool" → "@my-org\/cool-tool"$/,
    check: (cwd) => assert.equal(names(path.join(cwd, '@My Org/Cool Tool')).npm, '@my-org/cool-tool'),
  },
  {
    title: 'unicode name keeps its ASCII letters',
    args: ['ünïcödé'],
    code: 0,
    line: /^· npm package name: "ünïcödé" → "n-c-d"$/,
    check: (cwd) => assert.equal(names(path.join(cwd, 'ünïcödé')).bin, 'n-c-d'),
  },
  { title: 'Rust keyword self', args: ['self'], code: 0, line: /^· Cargo package name: "self" → "self-app"$/ },
  { title: 'reserved crate name std', args: ['std'], code: 0, line: /^· Cargo package name: "std" → "std-app"$/ },
  { title: 'Windows device name con', args: ['con'], code: 0, line: /^· Cargo package name: "con" → "con-app"$/ },
  {
    title: 'digit-leading name',
    args: ['9lives'],
    code: 0,
    line: /^· Cargo package name: "9lives" → "app-9lives"$/,
    check: (cwd) => assert.equal(names(path.join(cwd, '9lives')).npm, '9lives'),
  },
  {
    title: 'single and double quotes stay out of the files',
    args: [`it's "quoted"`],
    code: 0,
    line: /^· npm package name: "it's \\"quoted\\"" → "it-s-quoted"$/,
    check: (cwd) => {
      const dir = path.join(cwd, `it's "quoted"`);
      assert.deepEqual(names(dir), { npm: 'it-s-quoted', bin: 'it-s-quoted', lib: 'it-s-quoted-lib' });
      for (const file of ['Cargo.toml', 'lib/Cargo.toml', 'package.json', 'README.md']) {
        assert.doesNotMatch(fs.readFileSync(path.join(dir, file), 'utf8'), /it's|\\?"quoted/, file);
      }
    },
  },
  {
    title: 'a Handlebars block in the name is text, not template code',
    args: ['{{#if x}}y{{else}}z'],
    code: 0,
    line: /^· npm package name: "\{\{#if x\}\}y\{\{else\}\}z" → "if-x-y-else-z"$/,
    check: (cwd) => assert.equal(names(path.join(cwd, '{{#if x}}y{{else}}z')).npm, 'if-x-y-else-z'),
  },
  {
    title: '$(...) and backticks run nothing',
    args: ['$(touch pwned)`touch pwned2`'],
    code: 0,
    line: /→ "touch-pwned-touch-pwned2"$/,
    check: (cwd) => {
      const all = spawnSync('find', [cwd, '-name', 'pwned*'], { encoding: 'utf8' }).stdout.trim();
      assert.equal(all, '', 'no command ran');
    },
  },
  {
    title: '../ writes exactly where the path says, named after its last part',
    args: ['../beside-cwd'],
    code: 0,
    line: /^✓ wrote \d+ files to \/.*\/beside-cwd \(template hello-world\)$/,
    setup: (cwd) => fs.mkdirSync(path.join(cwd, 'work')),
    check: (cwd) => {
      // run from <cwd>/work (see below): ../beside-cwd is <cwd>/beside-cwd
      assert.deepEqual(fs.readdirSync(path.join(cwd, 'work')), []);
      assert.equal(names(path.join(cwd, 'beside-cwd')).npm, 'beside-cwd');
    },
  },
  {
    title: 'a/../b is normalised to b',
    args: ['a/../b'],
    code: 0,
    line: /^✓ wrote \d+ files to b \(template hello-world\)$/,
    check: (cwd) => assert.deepEqual(fs.readdirSync(cwd).sort(), ['b']),
  },
  // ---- directories ---------------------------------------------------------------------------------------
  {
    title: '"." in a non-empty folder without --overwrite',
    args: ['.'],
    code: 1,
    line: /^error: \. is not empty \(notes\.txt\): choose an empty directory, or pass --overwrite to write into it$/,
    setup: (cwd) => writeFiles(cwd, { 'notes.txt': 'mine' }),
    unchanged: true,
  },
  {
    title: 'a symlink to a file as the target',
    args: ['link'],
    code: 1,
    line: /^error: link exists and is not a directory/,
    setup: (cwd) => {
      writeFiles(cwd, { 'file.txt': 'x' });
      fs.symlinkSync('file.txt', path.join(cwd, 'link'));
    },
    unchanged: true,
  },
  {
    title: 'a broken symlink as the target',
    args: ['dangling'],
    code: 1,
    line: /^error: dangling is a symbolic link to \/nonexistent\/x, which does not exist: remove the link/,
    setup: (cwd) => fs.symlinkSync('/nonexistent/x', path.join(cwd, 'dangling')),
    unchanged: true,
  },
  {
    title: 'a target below a file, several levels deep',
    args: ['file.txt/a/b'],
    code: 1,
    line: /^error: .*file\.txt is a file, so file\.txt\/a\/b cannot be created there/,
    setup: (cwd) => writeFiles(cwd, { 'file.txt': 'x' }),
    unchanged: true,
  },
  {
    title: 'a path with spaces and unicode, built and load-checked for real',
    args: ['My Projects/ünï app', '--yes', '--no-install', '--no-git'],
    full: true,
    code: 0,
    line: /^✓ lib loaded: 1 function \(step\) in [\d.]+ m?s, step\(\) called$/,
    check: (cwd) => assert.ok(fs.existsSync(path.join(cwd, 'My Projects/ünï app/target/debug/libn_app_lib.so'))),
  },
  // ---- flags ---------------------------------------------------------------------------------------------
  {
    title: 'unknown template, case matters',
    args: ['app', '--template', 'Hello-World'],
    code: 1,
    line: /^error: unknown template "Hello-World": choose one of hello-world, game$/,
    unchanged: true,
  },
  {
    title: 'empty template',
    args: ['app', '--template', ''],
    code: 1,
    line: /^error: unknown template "": choose one of hello-world, game$/,
    unchanged: true,
  },
  {
    title: '--template without a value',
    args: ['app', '--template'],
    full: true,
    code: 1,
    line: /^error: option '-t, --template <name>' argument missing$/,
    unchanged: true,
  },
  {
    title: 'unknown package manager',
    args: ['app', '--pm', 'cargo'],
    code: 1,
    line: /^error: option '--pm <name>' argument 'cargo' is invalid\. Allowed choices are npm, pnpm, yarn, bun\.$/,
    unchanged: true,
  },
  {
    title: 'two directories',
    args: ['one', 'two'],
    code: 1,
    line: /^error: too many arguments\. Expected 1 argument but got 2\.$/,
    unchanged: true,
  },
  {
    title: 'a runtime spec with quotes and a newline is escaped in package.json',
    args: ['spec-app', '--runtime', 'file:/x"y\nz'],
    code: 0,
    line: /^✓ wrote \d+ files to spec-app /,
    check: (cwd) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'spec-app/package.json'), 'utf8'));
      assert.equal(pkg.dependencies['create-hot-reload'], 'file:/x"y\nz');
    },
  },
  {
    title: 'no TTY and no --yes: no prompt, the flags and defaults',
    args: ['quiet-app', '--no-install', '--no-build', '--no-git'],
    full: true,
    code: 0,
    line: /^✓ wrote \d+ files to quiet-app \(template hello-world\)$/,
    check: (_cwd, result) => assert.doesNotMatch(result.output, /Template|Project directory/),
  },
  // ---- toolchain -----------------------------------------------------------------------------------------
  {
    title: 'cargo missing from PATH: the files are kept, the fix is said',
    args: ['no-cargo', '--yes', '--no-install', '--no-git'],
    full: true,
    env: { PATH: '' }, // replaced per run by a folder with node and git only (see below)
    code: 1,
    line: /^error: cargo was not found on PATH: install Rust from https:\/\/rustup\.rs, then run `cargo build` in the project$/,
    check: (cwd) => assert.ok(fs.existsSync(path.join(cwd, 'no-cargo/lib/src/lib.rs'))),
  },
  {
    title: 'a failing cargo build: the files are kept, exit 1',
    args: ['bad-build', '--yes', '--no-install', '--no-git'],
    full: true,
    env: { RUSTFLAGS: '--no-such-rustc-flag' },
    cargoErrors: true,
    code: 1,
    line: /^error: cargo build failed \(errors above\): the project is written; fix them and run `cargo build` in it$/,
    check: (cwd) => {
      assert.ok(fs.existsSync(path.join(cwd, 'bad-build/Cargo.toml')));
      assert.deepEqual(
        fs.readdirSync(cwd).filter((n) => n.startsWith('.create-hot-reload')),
        [],
      );
    },
  },
  {
    title: 'a package manager that is not installed',
    args: ['pm-app', '--yes', '--no-build', '--no-git', '--pm', 'bun'],
    full: true,
    env: { PATH: '' },
    code: 1,
    line: /^error: bun was not found on PATH: the project is written; run `bun install` in it, or pass --pm to use another package manager$/,
  },
];

/** A folder with symlinks to node and git only: PATH without cargo (or bun). */
function toolsWithoutCargo(): string {
  const bin = tempDir('chr-bin-');
  for (const tool of ['node', 'git']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(found, path.join(bin, tool));
  }
  return bin;
}

function assertLine(result: RunResult, c: Case): void {
  if (c.code === 0) {
    assert.ok(
      result.stdout.split('\n').some((l) => c.line.test(l)),
      `no line matches ${c.line}:\n${result.output}`,
    );
    return;
  }
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('error'));
  if (!c.cargoErrors) assert.equal(errorLines.length, 1, `one error line expected:\n${result.stderr}`);
  assert.match(errorLines.at(-1) ?? '', c.line);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
}

describe('create-hot-reload: bad-input matrix', () => {
  for (const c of cases) {
    it(`${c.title} → exit ${c.code}`, async () => {
      const cwd = tempDir();
      c.setup?.(cwd);
      const runIn = c.title.startsWith('../') ? path.join(cwd, 'work') : cwd;
      const env = { ...c.env };
      if (env.PATH === '') env.PATH = toolsWithoutCargo();
      const before = hashTree(cwd);
      const result = await runCreate(c.full ? c.args : [...c.args, ...FAST], { cwd: runIn, env });
      assert.equal(result.code, c.code, result.output);
      assertLine(result, c);
      if (c.unchanged) assert.equal(hashTree(cwd), before, 'the folder is unchanged');
      c.check?.(cwd, result);
    });
  }

  it('a read-only parent (run as an unprivileged user: root may write anywhere) → exit 1, nothing written', async (t) => {
    const parent = tempDir();
    fs.chmodSync(parent, 0o755); // the unprivileged user must reach the read-only folder inside
    const readOnly = path.join(parent, 'ro');
    fs.mkdirSync(readOnly, { mode: 0o555 });
    fs.chmodSync(readOnly, 0o555);
    let command = process.execPath;
    let args = [createBin, 'app', ...FAST];
    if (process.getuid?.() === 0) {
      if (spawnSync('setpriv', ['--version']).status !== 0)
        return t.skip(missingPrerequisite('running as root without setpriv: cannot drop privileges'));
      // CAP_DAC_READ_SEARCH lets the unprivileged user read this checkout wherever it lives (a clone under a 0700
      // temp dir in CI) while still being refused every write, which is what the test is about.
      const readAnywhere = ['--inh-caps=+dac_read_search', '--ambient-caps=+dac_read_search'];
      args = ['--reuid=65534', '--regid=65534', '--clear-groups', ...readAnywhere, command, ...args];
      command = 'setpriv';
    }
    const before = hashTree(parent);
    const result = await run(command, args, { cwd: readOnly, env: { HOME: readOnly } });
    assert.equal(result.code, 1, result.output);
    assert.match(
      result.stderr.trim(),
      /^error: cannot write in .*\/ro \(permission denied\): choose a directory you own$/,
    );
    assert.equal(hashTree(parent), before);
  });

  it('Ctrl-C during the install keeps the written project, says so, exits 130', async () => {
    const cwd = tempDir();
    // A package manager that takes its time, so the ^C lands during the install.
    const bin = toolsWithoutCargo();
    fs.writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho fake npm install started\nexec sleep 60\n', {
      mode: 0o755,
    });
    const cli = new LiveProcess(
      process.execPath,
      [createBin, 'inst-app', '--yes', '--no-build', '--no-git', '--pm', 'npm'],
      {
        cwd,
        env: { PATH: `${bin}:/usr/bin:/bin` },
        pty: true,
      },
    );
    try {
      await cli.waitFor(/fake npm install started/, 30_000);
      cli.write('\u0003');
      const { code } = await cli.exited;
      assert.equal(code, 130, cli.output);
      assert.match(
        cli.output,
        /Cancelled: the project is written in .*inst-app; finish with `npm install` and `cargo build` there/,
      );
      assert.ok(fs.existsSync(path.join(cwd, 'inst-app/package.json')));
      assert.deepEqual(fs.readdirSync(cwd), ['inst-app'], 'no staging folder left');
    } finally {
      await cli.stop();
    }
  });
});

describe('create-hot-reload: nothing is written outside the target', () => {
  it('a symlinked subfolder of a non-empty target pointing outside: refused before anything moves', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'outside/keep.txt': 'outside', 'busy/notes.txt': 'mine' });
    fs.symlinkSync('../outside', path.join(cwd, 'busy/lib'));
    const before = hashTree(cwd);
    const result = await runCreate(['busy', ...FAST, '--overwrite'], { cwd });
    assert.equal(result.code, 1, result.output);
    assert.match(
      result.stderr.trim(),
      /^error: lib links outside the project \(to .*\/outside\): remove the link or choose another directory$/,
    );
    assert.equal(hashTree(cwd), before, 'neither the target nor the outside folder changed (no folder left half-made)');
  });

  it('a symlinked file in the target is replaced as a link, never written through', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'outside/secret.md': 'do not touch', 'busy/notes.txt': 'mine' });
    fs.symlinkSync('../outside/secret.md', path.join(cwd, 'busy/README.md'));
    const result = await runCreate(['busy', ...FAST, '--overwrite'], { cwd });
    assert.equal(result.code, 0, result.output);
    assert.equal(fs.readFileSync(path.join(cwd, 'outside/secret.md'), 'utf8'), 'do not touch');
    assert.equal(fs.lstatSync(path.join(cwd, 'busy/README.md')).isFile(), true);
  });
});
