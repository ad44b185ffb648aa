// After --init, the dev loop on the user's own layout: `npm run dev` (TypeScript host) and `npm run dev:rust`
// (the user's own bin with --features reload), an edit of the lib, and the new text printed by the running host.
// One package (lib and bin sharing src/) installed from the npm tarball; a workspace (lib in crates/core with a
// path dependency and a build.rs, bin in crates/app) with the runtime linked from this checkout.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LiveProcess, processesLeft } from '../support/process.js';
import { packTarball } from '../support/tarball.js';
import { copyFixture, linkRuntime, runInit } from './init-fixture.js';

const live: LiveProcess[] = [];
after(async () => {
  for (const p of live) await p.stop();
});

function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const source = fs.readFileSync(full, 'utf8');
  assert.ok(source.includes(from), `${file} has ${from}`);
  // Saved the way editors do: a temp file renamed over the original.
  fs.writeFileSync(`${full}.swp`, source.replace(from, to));
  fs.renameSync(`${full}.swp`, full);
}

/** Runs `command` until it prints `before`, edits the lib, waits for `afterText`, then stops it and checks nothing is left. */
async function devEdit(
  dir: string,
  args: string[],
  file: string,
  before: RegExp,
  change: [string, string],
  afterText: RegExp,
): Promise<string> {
  const dev = new LiveProcess(args[0]!, args.slice(1), { cwd: dir });
  live.push(dev);
  await dev.waitFor(before, 180_000);
  const mark = dev.output.length;
  edit(dir, file, ...change);
  await dev.waitFor(/\[dev\] ↻ v2 /, 60_000, mark);
  await dev.waitFor(afterText, 30_000, mark);
  dev.signalGroup('SIGINT');
  const exit = await dev.exited;
  // npm itself ends by the terminal's SIGINT; the dev loop under it stops cleanly and says so.
  assert.ok(
    exit.code === 0 || (args[0] === 'npm' && exit.signal === 'SIGINT'),
    `exit ${exit.code ?? exit.signal}:\n${dev.output}`,
  );
  await dev.waitFor(/\[dev\] Ctrl-C: stopping the host and cargo/, 10_000, mark);
  assert.deepEqual(processesLeft(dev.child.pid!, dir), [], 'nothing left running');
  edit(dir, file, change[1], change[0]);
  return dev.output;
}

describe('after --init on one package with lib and bin (installed from the tarball)', () => {
  let dir: string;

  it('installs create-hot-reload with npm', async () => {
    const tarball = await packTarball();
    dir = await copyFixture('single');
    const result = await runInit(dir, ['--yes', '--runtime', `file:${tarball}`]);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^✓ dependencies installed/m);
  });

  it('npm run dev: the TypeScript host calls tick, an edit of src/lib.rs prints the new text', async () => {
    const output = await devEdit(
      dir,
      ['npm', 'run', 'dev'],
      'src/lib.rs',
      /^tick \d+ score \d+$/m,
      ['"tick {} score {}"', '"TICK {} points {}"'],
      /^TICK \d+ points \d+$/m,
    );
    assert.match(output, /\[dev\] watching src · host: ts/);
  });

  it('npm run dev:rust: the bin`s own loop, built with --features reload, prints the new text', async () => {
    const output = await devEdit(
      dir,
      ['npm', 'run', 'dev:rust'],
      'src/lib.rs',
      /^tick \d+ score \d+$/m,
      ['"tick {} score {}"', '"rust tick {} score {}"'],
      /^rust tick \d+ score \d+$/m,
    );
    assert.match(output, /^tiny-game build 42$/m, 'build.rs still runs');
  });
});

describe('after --init on a workspace (lib with a path dependency and a build.rs)', () => {
  let dir: string;

  it('sets up the lib in crates/core and the bin in crates/app', async () => {
    dir = await copyFixture('workspace');
    const result = await runInit(dir, ['--bin', 'shapes-app', '--yes', '--no-install']);
    assert.equal(result.code, 0, result.output);
    linkRuntime(dir);
  });

  const hotReload = (...args: string[]) => [
    process.execPath,
    path.join(dir, 'node_modules/create-hot-reload/dist/cli/hot-reload.js'),
    ...args,
  ];

  it('dev: the TypeScript host calls describe(0, 0); an edit prints the new text', async () => {
    const output = await devEdit(
      dir,
      hotReload('dev'),
      'crates/core/src/lib.rs',
      /^shapes says area 0$/m,
      ['says area', 'now says area'],
      /^shapes now says area 0$/m,
    );
    assert.match(output, /\[dev\] watching crates\/core\/src · host: ts/);
  });

  it('dev --host rust: crates/app`s while loop swaps in the edit', async () => {
    await devEdit(
      dir,
      hotReload('dev', '--host', 'rust'),
      'crates/core/src/lib.rs',
      /^shapes says area \d+$/m,
      ['says area', 'rust says area'],
      /^shapes rust says area \d+$/m,
    );
  });
});
