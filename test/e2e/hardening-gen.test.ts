// `hot-reload gen`, `dev`, `start` and `doctor` on broken or missing projects: each case asserts the exit code,
// the one line that says what to do, and that a refusal changes nothing in the project.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GENERATED_RUST, GENERATED_TS } from '../../src/bindings/generate.js';
import { hashTree, tempDir } from '../support/fs.js';
import { hotReloadBin, run } from '../support/process.js';
import { makeProject, type TestProject } from './dev-project.js';

interface Case {
  title: string;
  args: string[];
  /** Breaks the project (a fresh copy per case); absent: run outside any project. */
  breakIt?: (p: TestProject) => void;
  code: number;
  /** A line of the output (stderr for refusals). */
  line: RegExp;
  /** The project tree is hashed after breaking it and after the command: a refusal must change nothing. */
  unchanged: boolean;
}

const LIB = 'lib/src/lib.rs';
const NO_PROJECT =
  /^error: no hot-reload project here \(looked for Cargo\.toml and lib\/Cargo\.toml from .* up\): run this inside a project made by `npm create hot-reload`$/;

const cases: Case[] = [
  { title: 'gen outside a project', args: ['gen'], code: 1, line: NO_PROJECT, unchanged: true },
  { title: 'dev outside a project', args: ['dev'], code: 1, line: NO_PROJECT, unchanged: true },
  { title: 'start outside a project', args: ['start'], code: 1, line: NO_PROJECT, unchanged: true },
  {
    title: 'gen with lib.rs deleted keeps the generated bindings',
    args: ['gen'],
    breakIt: (p) => fs.rmSync(path.join(p.root, LIB)),
    code: 1,
    line: /^error: lib\/src\/lib\.rs is missing: restore it \(e\.g\. `git checkout lib\/src\/lib\.rs`\); the generated bindings were left as they are$/,
    unchanged: true,
  },
  {
    title: 'gen with lib/src deleted',
    args: ['gen'],
    breakIt: (p) => fs.rmSync(path.join(p.root, 'lib/src'), { recursive: true }),
    code: 1,
    line: /^error: no lib sources at .*\/lib\/src: the lib crate needs a src\/ folder$/,
    unchanged: true,
  },
  {
    title: 'gen with lib.rs emptied: bindings with no functions and a warning that says how to export one',
    args: ['gen'],
    breakIt: (p) => fs.writeFileSync(path.join(p.root, LIB), ''),
    code: 0,
    line: /^warning: lib\/src exports no functions: mark one `#\[unsafe\(no_mangle\)\] pub extern "C" fn` for the hosts to call$/,
    unchanged: false,
  },
  {
    title: 'gen with no exported function (a plain pub fn)',
    args: ['gen'],
    breakIt: (p) => fs.writeFileSync(path.join(p.root, LIB), 'pub fn step() {}\n'),
    code: 0,
    line: /^warning: lib\/src exports no functions/,
    unchanged: false,
  },
  {
    title: 'gen --check with lib.rs emptied: out of date, nothing written',
    args: ['gen', '--check'],
    breakIt: (p) => fs.writeFileSync(path.join(p.root, LIB), ''),
    code: 1,
    line: /^✗ bindings: host\/lib\.generated\.ts, src\/hot_lib\.rs are out of date with lib\/src: run `hot-reload gen`$/,
    unchanged: true,
  },
  {
    title: 'gen with a Cargo.toml that names no package',
    args: ['gen'],
    breakIt: (p) => fs.writeFileSync(path.join(p.root, 'Cargo.toml'), '[workspace]\nmembers = ["lib"]\n'),
    code: 1,
    line: /^error: cannot read the package names from .*\/Cargo\.toml and lib\/Cargo\.toml: each needs \[package\] name = "\.\.\."$/,
    unchanged: true,
  },
  {
    title: 'dev with an unknown host',
    args: ['dev', '--host', 'java'],
    breakIt: () => {},
    code: 1,
    line: /^error: unknown host "java": use --host ts \(host\/main\.ts\) or --host rust \(the bin with --features reload\)$/,
    unchanged: true,
  },
  {
    title: 'start without host/main.ts',
    args: ['start'],
    breakIt: (p) => fs.rmSync(path.join(p.root, 'host/main.ts')),
    code: 1,
    line: /^error: no TypeScript host at .*\/host\/main\.ts$/,
    unchanged: true,
  },
  { title: 'an unknown command', args: ['serve'], code: 1, line: /^error: unknown command 'serve'$/, unchanged: true },
];

describe('hot-reload on broken or missing projects', () => {
  let pristine: TestProject;
  before(async () => {
    pristine = await makeProject();
  });
  after(() => pristine?.cleanup());

  for (const c of cases) {
    it(`${c.title} → exit ${c.code}`, async () => {
      let cwd: string;
      if (c.breakIt) {
        cwd = path.join(tempDir(), 'app');
        fs.cpSync(pristine.root, cwd, { recursive: true, verbatimSymlinks: true });
        c.breakIt({ ...pristine, root: cwd });
      } else {
        cwd = tempDir();
      }
      const before = hashTree(cwd);
      const result = await run(process.execPath, [hotReloadBin, ...c.args], {
        cwd,
        env: { HOT_RELOAD_DEV: '', HOT_RELOAD_ROOT: '' },
      });
      assert.equal(result.code, c.code, result.output);
      assert.ok(
        result.output.split('\n').some((l) => c.line.test(l)),
        `no line matches ${c.line}:\n${result.output}`,
      );
      assert.doesNotMatch(result.output, /^\s+at /m, 'no stack trace');
      if (c.code !== 0)
        assert.equal(result.stderr.split('\n').filter((l) => /^(error|✗)/.test(l)).length, 1, result.stderr);
      if (c.unchanged) assert.equal(hashTree(cwd), before, 'nothing changed');
      else
        assert.match(
          fs.readFileSync(path.join(cwd, GENERATED_TS), 'utf8') +
            fs.readFileSync(path.join(cwd, GENERATED_RUST), 'utf8'),
          /no functions/i,
        );
    });
  }
});
