// `hot-reload doctor` on a generated project: healthy, broken crate-type, leftovers of a killed dev, no cargo.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../support/fs.js';
import { hotReloadBin, run } from '../support/process.js';
import { makeProject, type TestProject } from './dev-project.js';

const doctor = (cwd: string, env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [hotReloadBin, 'doctor'], { cwd, env });

describe('hot-reload doctor', () => {
  let project: TestProject;
  before(async () => {
    project = await makeProject();
  });
  after(() => project?.cleanup());

  /** A copy of the generated project to break. */
  const copy = (): string => {
    const root = path.join(tempDir(), 'app');
    fs.cpSync(project.root, root, { recursive: true, verbatimSymlinks: true });
    return root;
  };

  it('a healthy project: every line ✓, exit 0', async () => {
    const result = await doctor(project.root);
    assert.equal(result.code, 0, result.output);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(
      lines.filter((l) => !l.startsWith('✓ ')),
      [],
      result.stdout,
    );
    for (const expected of [
      /^✓ node \d+\.\d+\.\d+$/,
      /^✓ cargo \d+\.\d+\.\d+$/,
      /^✓ koffi [\d.]+ loads$/,
      /^✓ lib crate-type includes cdylib/,
      /^✓ 1 exported function \(step\)$/,
      /^✓ bindings up to date/,
      /^✓ \.hot\//,
    ]) {
      assert.ok(
        lines.some((l) => expected.test(l)),
        `${expected} in\n${result.stdout}`,
      );
    }
  });

  it('crate-type without cdylib: the fix line, exit 1', async () => {
    const root = copy();
    const toml = path.join(root, 'lib/Cargo.toml');
    fs.writeFileSync(
      toml,
      fs.readFileSync(toml, 'utf8').replace('crate-type = ["rlib", "cdylib"]', 'crate-type = ["rlib"]'),
    );
    const result = await doctor(root);
    assert.equal(result.code, 1, result.output);
    assert.match(
      result.stdout,
      /^✗ lib crate-type is \[rlib\]: no cdylib, so there is no library for the hosts to load: set crate-type = \["rlib", "cdylib"\] under \[lib\] in lib\/Cargo\.toml$/m,
    );
    assert.match(result.stdout, /^1 problem above stops hot reloading$/m);
  });

  it('leftovers of a killed dev and stale bindings: warnings, exit 0', async () => {
    const root = copy();
    fs.mkdirSync(path.join(root, '.hot'));
    fs.writeFileSync(path.join(root, '.hot/dev.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    for (const n of [1, 2, 3]) fs.writeFileSync(path.join(root, `.hot/hr_e2e_app_lib-${n}.so`), '');
    fs.appendFileSync(path.join(root, 'lib/src/lib.rs'), '\n#[unsafe(no_mangle)]\npub extern "C" fn extra() {}\n');
    const result = await doctor(root);
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.stdout,
      /^! \.hot\/ has a stale lock of a dev that is gone \(pid \d+\), 3 library copies: the next `npm run dev` cleans it up/m,
    );
    assert.match(result.stdout, /^! bindings out of date with lib\/src: run `npm run gen`/m);
    assert.match(result.stdout, /^✓ 2 exported functions \(extra, step\)$|^✓ 2 exported functions \(step, extra\)$/m);
  });

  it('cargo missing from PATH: exit 1 with where to get it', async () => {
    const bin = tempDir('chr-bin-');
    fs.symlinkSync(
      spawnSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).stdout.trim(),
      path.join(bin, 'node'),
    );
    const result = await doctor(project.root, { PATH: bin });
    assert.equal(result.code, 1, result.output);
    assert.match(result.stdout, /^✗ cargo not found on PATH: install Rust from https:\/\/rustup\.rs$/m);
  });

  it('outside a project: one line, exit 1', async () => {
    const result = await doctor(tempDir());
    assert.equal(result.code, 1);
    assert.match(result.stderr.trim(), /^error: no hot-reload project here/);
  });
});
