// Faults under a running `hot-reload dev`: a hand-broken `.hot/current.json`, libraries that are missing,
// truncated or not libraries at all, lib.rs deleted, the exported function renamed, cargo and the host killed,
// and dev itself killed. Each time the running host keeps going (or is restarted and says why), and nothing
// is left running. One session per host, steps in order, real cargo and real processes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GENERATED_RUST, GENERATED_TS } from '../../src/bindings/generate.js';
import { processesLeft } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { publishedFiles } from '../support/fs.js';
import { makeProject, type TestProject } from './dev-project.js';

const LIB = 'lib/src/lib.rs';
const CRATE = 'hr_e2e_app_lib';
const PRINTLN = /println!\(.*\);/;

/** Pids of live processes whose command line matches `pattern` and whose working directory is `root`. */
function pidsOf(root: string, pattern: RegExp): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) continue;
      if (fs.readlinkSync(`/proc/${entry}/cwd`) !== root) continue;
      if (pattern.test(fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '))) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function writeCurrent(root: string, fields: Record<string, unknown>): void {
  const file = path.join(root, '.hot/current.json');
  fs.writeFileSync(`${file}.test`, JSON.stringify({ crate: CRATE, changedAt: Date.now(), buildMs: 1, ...fields }));
  fs.renameSync(`${file}.test`, file);
}

function faultSession(host: 'ts' | 'rust'): void {
  const hostPattern = host === 'ts' ? /host\/main\.ts/ : /target\/debug\/hr-e2e-app( |$)/;

  describe(`faults under hot-reload dev --host ${host}`, () => {
    let project: TestProject;
    let dev: DevProcess;
    let abi = '';
    /** v1's library, as published: the source of the truncated copy. */
    let firstCopy = '';
    let running = 1;

    const editLib = (edit: (source: string) => string): void => project.save(LIB, edit(project.read(LIB)));
    const setText = (text: string): void =>
      editLib((s) => s.replace(PRINTLN, `println!("${text} {}", state.counter);`));
    const iteration = async (text: string, from: number, timeoutMs = 30_000): Promise<number> =>
      Number((await dev.waitFor(new RegExp(`^${text} (\\d+)$`), { from, timeoutMs })).match[1]);
    /** The host keeps calling the version it runs: two more iterations after `from`. */
    const stillRunning = async (text: string, from: number): Promise<void> => {
      const n = await iteration(text, from);
      await dev.waitFor(new RegExp(`^${text} ${n + 1}$`), { from });
    };
    const published = (): { version: number; abi: string; path: string } =>
      JSON.parse(fs.readFileSync(path.join(project.root, '.hot/current.json'), 'utf8'));

    before(async () => {
      project = await makeProject();
      dev = new DevProcess(project.root, ['dev', '--host', host]);
      await dev.waitFor(/^\[dev\] ▶ host started on v1 /, { timeoutMs: 120_000 });
      await iteration('doing stuff in iteration', 0);
      abi = published().abi;
      firstCopy = path.join(project.root, published().path);
    });

    after(() => {
      dev?.kill();
      if (project)
        for (const line of processesLeft(dev?.pid ?? -1, project.root))
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      project?.cleanup();
    });

    const keptCases: Array<[string, () => void, RegExp]> = [
      [
        'current.json is not JSON',
        () => fs.writeFileSync(path.join(project.root, '.hot/current.json'), '{"version": 7, "pa'),
        /cannot read/,
      ],
      [
        'current.json points at a missing file',
        () => writeCurrent(project.root, { version: 50, abi, path: `.hot/${CRATE}-50.so` }),
        /v50|\.hot\/hr_e2e_app_lib-50\.so/,
      ],
      [
        'current.json points at a truncated library',
        () => {
          const whole = fs.readFileSync(firstCopy);
          fs.writeFileSync(path.join(project.root, `.hot/${CRATE}-51.so`), whole.subarray(0, whole.length >> 1));
          writeCurrent(project.root, { version: 51, abi, path: `.hot/${CRATE}-51.so` });
        },
        /v51|hr_e2e_app_lib-51\.so/,
      ],
      [
        'current.json points at a file that is not a library',
        () => {
          fs.writeFileSync(path.join(project.root, `.hot/${CRATE}-52.so`), 'not an ELF file\n');
          writeCurrent(project.root, { version: 52, abi, path: `.hot/${CRATE}-52.so` });
        },
        /v52|hr_e2e_app_lib-52\.so/,
      ],
    ];
    // Both hosts refuse a path outside .hot/: only the copies dev makes there are ever loaded.
    keptCases.push([
      'current.json points outside .hot/',
      () => writeCurrent(project.root, { version: 53, abi, path: `target/debug/lib${CRATE}.so` }),
      /must be inside \.hot\//,
    ]);
    for (const [title, breakIt, reason] of keptCases) {
      test(`${title}: the host keeps v${running} and says why`, async () => {
        const from = dev.mark;
        breakIt();
        const kept = await dev.waitFor(/^\[dev\] host kept v(\d+): (.*)$/, { from, timeoutMs: 10_000 });
        assert.equal(Number(kept.match[1]), running);
        assert.match(kept.match[2]!, reason);
        await stillRunning('doing stuff in iteration', kept.index);
        assert.deepEqual(dev.grep(/crashed|restarting/, from), []);
      });
    }

    test('after all that, the next build swaps in as usual', async () => {
      const from = dev.mark;
      setText('after faults in iteration');
      const line = await dev.waitFor(/^\[dev\] ↻ v(\d+) +built .* swapped/, { from });
      running = Number(line.match[1]);
      await iteration('after faults in iteration', from);
    });

    test('the library cargo built is truncated in target/: the next build replaces it and swaps', async () => {
      const artifact = path.join(project.root, `target/debug/lib${CRATE}.so`);
      fs.truncateSync(artifact, 4096);
      const from = dev.mark;
      setText('after truncation in iteration');
      running = Number((await dev.waitFor(/^\[dev\] ↻ v(\d+) +built .* swapped/, { from })).match[1]);
      await iteration('after truncation in iteration', from);
      assert.deepEqual(dev.grep(/crashed|kept/, from), []);
    });

    test('lib.rs deleted: said once, the old version keeps running; restored: it builds again', async () => {
      const source = project.read(LIB);
      const generated = [GENERATED_TS, GENERATED_RUST].map((file) => project.read(file));
      const from = dev.mark;
      fs.rmSync(path.join(project.root, LIB));
      await dev.waitFor(/^\[dev\] ✗ bindings: lib\/src\/lib\.rs is missing/, { from });
      await stillRunning('after truncation in iteration', from);
      assert.deepEqual(
        [GENERATED_TS, GENERATED_RUST].map((file) => project.read(file)),
        generated,
        'the generated files are left alone',
      );
      project.save(LIB, source.replace('after truncation', 'restored'));
      running = Number((await dev.waitFor(/^\[dev\] ↻ v(\d+) +built .* swapped/, { from })).match[1]);
      await iteration('restored in iteration', from);
    });

    test('cargo killed mid-build: a failed build, the old version keeps running, the next save builds', async () => {
      const from = dev.mark;
      // A body edit builds with rustc directly (src/dev/direct-build/); a touched manifest sends it through cargo.
      project.save('lib/Cargo.toml', project.read('lib/Cargo.toml'));
      setText('never built in iteration');
      const cargo = await until(
        'cargo to start',
        () => pidsOf(project.root, /cargo build -p hr-e2e-app-lib /)[0],
        10_000,
        2,
      );
      process.kill(cargo, 'SIGKILL');
      await dev.waitFor(/^\[dev\] ✗ build failed .*: v\d+ keeps running$/, { from });
      await stillRunning('restored in iteration', from);
      setText('built after the kill in iteration');
      running = Number((await dev.waitFor(/^\[dev\] ↻ v(\d+) +built .* swapped/, { from })).match[1]);
      await iteration('built after the kill in iteration', from);
    });

    // A panic is covered by dev-scenario.ts; these are the two other ways a lib takes its host down.
    const crashing: Array<[string, string, string]> = [
      ['segfaults', 'unsafe { std::ptr::null_mut::<u64>().write_volatile(state.counter) }', 'SIGSEGV'],
      ['aborts', 'std::process::abort();', 'SIGABRT'],
    ];
    for (const [what, code, signal] of crashing) {
      test(`a version that ${what}: reported, the host goes back to the last version that did not crash`, async () => {
        const good = running;
        const from = dev.mark;
        const source = project.read(LIB);
        editLib((s) => s.replace('state.counter += 1;', `state.counter += 1;\n    ${code}`));
        await dev.waitFor(new RegExp(`^\\[dev\\] host crashed \\(killed by ${signal}\\) on v${good + 1}`), { from });
        await dev.waitFor(
          new RegExp(`^\\[dev\\] restarting the host on v${good}, the last version that did not crash$`),
          { from },
        );
        assert.equal(await iteration('built after the kill in iteration', from), 1, 'a new host, on the good version');
        const back = dev.mark;
        project.save(LIB, source);
        running = Number((await dev.waitFor(/^\[dev\] ↻ v(\d+) +built .* swapped/, { from: back })).match[1]);
        assert.equal(running, good + 2);
        await stillRunning('built after the kill in iteration', back);
      });
    }

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      test(`the host killed with ${signal}: reported, restarted on the same version`, async () => {
        const [pid] = pidsOf(project.root, hostPattern);
        assert.ok(pid, 'the host is running');
        const from = dev.mark;
        process.kill(pid, signal);
        await dev.waitFor(new RegExp(`^\\[dev\\] host crashed \\(killed by ${signal}\\) on v${running}`), { from });
        await dev.waitFor(new RegExp(`^\\[dev\\] ▶ host started on v${running} `), { from });
        assert.equal(await iteration('built after the kill in iteration', from), 1, 'a new host process');
      });
    }

    test('the exported function renamed: said, nothing hangs, renaming back recovers', async () => {
      const from = dev.mark;
      editLib((s) => s.replace('pub extern "C" fn step(', 'pub extern "C" fn tick('));
      if (host === 'ts') {
        // The ABI changed and a function the host calls is gone: not migratable in process, so the host restarts
        // on the new version (with a snapshot), which has no `step` for main.ts to call.
        await dev.waitFor(/^\[dev\] ⟳ the ABI changed: the host carries its state over/, { from });
        await dev.waitFor(/^\[dev\] +fn step: removed$/, { from });
        await dev.waitFor(
          /^\[dev\] host crashed \(exit code 1\) on v\d+: TypeError: lib\.api\.step is not a function$/,
          { from },
        );
      } else {
        // main.rs calls lib::step, which the regenerated hot_lib.rs no longer has: the new host does not build, and
        // the old one keeps running the old version.
        await dev.waitFor(/^\[dev\] ✗ the Rust host did not build \(.*\): the old host keeps running$/, { from });
        await stillRunning('built after the kill in iteration', from);
      }
      const back = dev.mark;
      editLib((s) => s.replace('pub extern "C" fn tick(', 'pub extern "C" fn step('));
      await iteration('built after the kill in iteration', back, 60_000);
    });

    test('dev killed with SIGKILL: its host notices and exits by itself', async () => {
      const [hostPid] = pidsOf(project.root, hostPattern);
      assert.ok(hostPid, 'the host is running');
      process.kill(dev.pid, 'SIGKILL');
      await dev.exited;
      // The TypeScript host checks its parent every second, the Rust host on each update() (once a second).
      await until('the host to exit', () => (pidsOf(project.root, hostPattern).length === 0 ? true : undefined), 5_000);
      assert.deepEqual(processesLeft(dev.pid, project.root), []);
    });

    test('a new dev takes over the stale lock; SIGTERM stops it cleanly, exit 0', async () => {
      dev = new DevProcess(project.root, ['dev', '--host', host]);
      await dev.waitFor(/^\[dev\] ▶ host started on v1 /, { timeoutMs: 120_000 });
      await iteration('built after the kill in iteration', 0);
      process.kill(dev.pid, 'SIGTERM');
      const { code, signal } = await dev.exited;
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, dev.tail());
      assert.match(dev.tail(), /^\[dev\] SIGTERM: stopping the host and cargo$/m);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(processesLeft(dev.pid, project.root), []);
      const left = publishedFiles(project.root);
      // The TypeScript host's version comes with its layout file (docs/state-migration.md).
      const layout = host === 'ts' ? [`${CRATE}-1.layout.json`] : [];
      assert.deepEqual(left, ['current.json', ...layout, `${CRATE}-1.so`]);
    });
  });
}

faultSession('ts');
faultSession('rust');
