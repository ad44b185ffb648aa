// The Rust host keeps its state across restarts (issue #11, contract §4): a generated hello-world, real cargo, the
// host binary run by itself against versions published by hand into .hot/ the way `hot-reload dev` publishes them
// (a copy of the library, then current.json replaced). Each layout change: the running host sees a version with
// another ABI, writes .hot/snapshot-rust.bin and exits 75; the host built for the new layout restores it, says
// what changed, and the counter continues. Also: clippy over the generated project, a restart asked for through
// current.json, a host killed before it could snapshot, and a snapshot it cannot read. Steps run in order.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateBindings } from '../../src/bindings/generate.js';
import { run } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { makeProject, type TestProject } from './dev-project.js';

const LIB = 'lib/src/lib.rs';
const CRATE = 'hr_e2e_app_lib';
const SNAPSHOT = '.hot/snapshot-rust.bin';
const hasClippy = spawnSync('cargo', ['clippy', '--version']).status === 0;
if (!hasClippy && process.env.CI === 'true')
  throw new Error('cargo clippy is missing (rustup component add clippy): needed with CI=true');

/** One line of the host: `doing stuff in iteration <n> [extra <extra>]`. */
interface Step {
  n: number;
  extra: number;
}

describe('the Rust host keeps its state across layout changes', () => {
  let project: TestProject;
  let host: DevProcess | undefined;
  let version = 0;
  let restarts = 0;
  const hosts: DevProcess[] = [];

  const editLib = (edit: (source: string) => string): void => project.save(LIB, edit(project.read(LIB)));
  const cargo = async (args: string[]): Promise<void> => {
    const built = await run('nice', ['-n', '10', 'cargo', ...args], {
      cwd: project.root,
      env: { CARGO_TARGET_DIR: path.join(project.root, 'target') },
    });
    assert.equal(built.code, 0, built.output);
  };
  /** What `hot-reload dev --host rust` does for a save: bindings, the lib and the host with `reload`, then publish. */
  const buildAndPublish = async (extra: Record<string, unknown> = {}): Promise<void> => {
    generateBindings(project.root);
    await cargo(['build', '--features', 'reload']);
    version++;
    const copy = `.hot/${CRATE}-${version}.so`;
    fs.mkdirSync(path.join(project.root, '.hot'), { recursive: true });
    fs.copyFileSync(path.join(project.root, 'target', 'debug', `lib${CRATE}.so`), path.join(project.root, copy));
    publish({ version, path: copy, ...extra });
  };
  const publish = (fields: Record<string, unknown>): void => {
    const abi = /pub const ABI: &str = "([^"]+)";/.exec(project.read('src/hot_lib.rs'))![1];
    const file = path.join(project.root, '.hot', 'current.json');
    fs.writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ abi, crate: CRATE, changedAt: Date.now(), buildMs: 1, ...fields }),
    );
    fs.renameSync(`${file}.tmp`, file);
  };
  const start = (env: Record<string, string> = {}): DevProcess => {
    host = new DevProcess(project.root, [], {
      command: './target/debug/hr-e2e-app',
      env: { HOT_RELOAD_ROOT: project.root, ...env },
    });
    hosts.push(host);
    return host;
  };
  /** The next `<n> <extra>` line the host prints after `from`. */
  const iteration = async (from = host!.mark): Promise<Step> => {
    const { match } = await host!.waitFor(/^doing stuff in iteration (\d+)(?: extra (\d+))?$/, { from });
    return { n: Number(match[1]), extra: Number(match[2] ?? 0) };
  };
  /** Saves `edit`, builds, publishes: the running host snapshots and exits 75; a new one restores. */
  /** `report`: the line expected, or how it follows from the old host's last step. */
  const changeLayout = async (
    edit: (source: string) => string,
    report: string | ((before: Step) => string),
  ): Promise<{ before: Step; after: Step }> => {
    editLib(edit);
    const old = host!;
    await buildAndPublish();
    const { code, signal } = await exitOf(old);
    const before = lastIteration(old);
    assert.deepEqual({ code, signal }, { code: 75, signal: null }, old.tail());
    assert.ok(fs.existsSync(path.join(project.root, SNAPSHOT)), 'the snapshot is written before the exit');
    start({ HOT_RELOAD_RESTART: `the ABI changed (${++restarts})` });
    const line = await host!.waitFor(/^\[hot-reload\] (migrated|fresh) v(\d+): (.*)$/);
    const expected = typeof report === 'string' ? report : report(before);
    assert.deepEqual([line.match[1], Number(line.match[2]), line.match[3]], ['migrated', version, expected]);
    // Its first step: stdout and stderr are two pipes, so it may arrive before the report line.
    return { before, after: await iteration(0) };
  };
  /** The exit of a host that should exit by itself, once its output is all read (or a timeout naming its tail). */
  const exitOf = async (
    process: DevProcess,
    timeoutMs = 60_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the host did not exit:\n${process.tail()}`)), timeoutMs);
    });
    try {
      const exit = await Promise.race([process.exited, timeout]);
      for (const stream of [process.child.stdout!, process.child.stderr!]) {
        if (!stream.readableEnded) await Promise.race([once(stream, 'end'), timeout]);
      }
      return exit;
    } finally {
      clearTimeout(timer);
    }
  };
  const lastIteration = (process: DevProcess): Step => {
    const last = process.grep(/^doing stuff in iteration/).at(-1) ?? '';
    const match = /iteration (\d+)(?: extra (\d+))?/.exec(last)!;
    return { n: Number(match[1]), extra: Number(match[2] ?? 0) };
  };

  before(async () => {
    project = await makeProject();
  });

  after(() => {
    for (const h of hosts) h.kill();
    project?.cleanup();
  });

  test(
    'the generated project passes clippy, with and without `reload`',
    { skip: !hasClippy && 'cargo clippy is not installed' },
    async () => {
      await cargo(['clippy', '--features', 'reload', '--', '-D', 'warnings']);
      await cargo(['clippy', '--', '-D', 'warnings']);
    },
  );

  test('v1 runs and the host says it can snapshot', async () => {
    await buildAndPublish();
    start();
    await host!.waitFor(/^\[hot-reload\] snapshot-capable$/);
    await host!.waitFor(/^\[hot-reload\] loaded v1 /);
    assert.ok((await iteration()).n >= 1);
    await host!.waitFor(/^doing stuff in iteration 3$/);
  });

  test('a field added: the counter continues, the new field starts at its Default', async () => {
    const { before, after } = await changeLayout(
      (s) =>
        s
          .replace('pub counter: u64,', 'pub counter: u64,\n    pub extra: u32,')
          .replace('state.counter += 1;', 'state.counter += 1;\n    state.extra += 2;')
          .replace(/println!\(.*\);/, 'println!("doing stuff in iteration {} extra {}", state.counter, state.extra);'),
      'State migrated: +extra u32 = 0 (Default)',
    );
    assert.deepEqual(after, { n: before.n + 1, extra: 2 });
    assert.equal(fs.existsSync(path.join(project.root, SNAPSHOT)), true, 'kept until a whole loop ran on the new code');
    await iteration();
    await iteration();
    assert.equal(fs.existsSync(path.join(project.root, SNAPSHOT)), false, 'then deleted');
  });

  test('u64→u32 (every value fits) and back u32→u64: the counter continues', async () => {
    let step = await changeLayout(
      (s) => s.replace('pub counter: u64,', 'pub counter: u32,'),
      'State migrated: counter u64→u32',
    );
    assert.deepEqual(step.after, { n: step.before.n + 1, extra: step.before.extra + 2 });
    step = await changeLayout(
      (s) => s.replace('pub counter: u32,', 'pub counter: u64,'),
      'State migrated: counter u32→u64',
    );
    assert.deepEqual(step.after, { n: step.before.n + 1, extra: step.before.extra + 2 });
  });

  test('fields reordered: matched by name, nothing to report', async () => {
    const { before, after } = await changeLayout(
      (s) => s.replace('pub counter: u64,\n    pub extra: u32,', 'pub extra: u32,\n    pub counter: u64,'),
      'State unchanged',
    );
    assert.deepEqual(after, { n: before.n + 1, extra: before.extra + 2 });
  });

  test('a rename with `/// hot: was`: the value moves to the new name', async () => {
    const { before, after } = await changeLayout(
      (s) =>
        s
          .replace('pub extra: u32,', '/// hot: was extra\n    pub bonus: u32,')
          .replaceAll('state.extra', 'state.bonus'),
      'State migrated: extra→bonus',
    );
    assert.deepEqual(after, { n: before.n + 1, extra: before.extra + 2 });
  });

  let removed = 0;
  test('a field removed: dropped and reported with its value', async () => {
    const { before, after } = await changeLayout(
      (s) =>
        s
          .replace('/// hot: was extra\n    pub bonus: u32,\n', '')
          .replace('\n    state.bonus += 2;', '')
          .replace(
            'println!("doing stuff in iteration {} extra {}", state.counter, state.bonus);',
            'println!("doing stuff in iteration {}", state.counter);',
          ),
      // The snapshot is taken right before the next step: the value is the one the old host printed last.
      (last) => `State migrated: -bonus dropped (was ${last.extra})`,
    );
    assert.equal(after.n, before.n + 1);
    removed = before.extra;
  });

  test('…and back in the same session: restored from the memo the snapshots carry', async () => {
    const { before, after } = await changeLayout(
      (s) =>
        s
          .replace('pub counter: u64,', 'pub counter: u64,\n    pub bonus: u32,')
          .replace('state.counter += 1;', 'state.counter += 1;\n    state.bonus += 2;')
          .replace(/println!\(.*\);/, 'println!("doing stuff in iteration {} extra {}", state.counter, state.bonus);'),
      `State migrated: +bonus u32 = ${removed} (restored)`,
    );
    assert.deepEqual(after, { n: before.n + 1, extra: removed + 2 });
  });

  test('dev asks for a restart through current.json: snapshot, exit 75, restored unchanged', async () => {
    const old = host!;
    await iteration();
    publish({ version, path: `.hot/${CRATE}-${version}.so`, restart: 1 });
    const { code } = await exitOf(old);
    assert.equal(code, 75, old.tail());
    assert.ok(fs.existsSync(path.join(project.root, SNAPSHOT)), 'the snapshot is written before the exit');
    const before = lastIteration(old);
    start({ HOT_RELOAD_RESTART: 'asked' });
    await host!.waitFor(new RegExp(`^\\[hot-reload\\] migrated v${version}: State unchanged$`));
    assert.deepEqual(await iteration(0), { n: before.n + 1, extra: before.extra + 2 });
  });

  test('a host killed before it could snapshot: the next one starts fresh and says why', async () => {
    await iteration();
    host!.kill();
    await host!.exited;
    start({ HOT_RELOAD_RESTART: 'killed' });
    await host!.waitFor(
      /^\[hot-reload\] fresh v\d+: no snapshot: the previous host was stopped before it could write one \(the state starts from its default\)$/,
    );
    assert.deepEqual(await iteration(0), { n: 1, extra: 2 });
  });

  test('a snapshot this host cannot read (another format): fresh, with the reason', async () => {
    await iteration();
    host!.kill();
    await host!.exited;
    fs.writeFileSync(path.join(project.root, SNAPSHOT), 'hot-reload rust snapshot 0\n');
    start({ HOT_RELOAD_RESTART: 'the ABI changed' });
    await host!.waitFor(
      /^\[hot-reload\] fresh v\d+: .*snapshot-rust\.bin unreadable: not a snapshot of this host kind .* \(the state starts from its default\)$/,
    );
    assert.deepEqual(await iteration(0), { n: 1, extra: 2 });
  });
});
