// State migration with the TypeScript host, end to end: a generated hello-world under `hot-reload dev`, real
// cargo, the real probe, the host's counter carried in process across every kind of State change, each reported
// in one line; and a change nothing can carry, reported with its reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { processesLeft } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { makeProject, type TestProject } from './dev-project.js';

const LIB = 'lib/src/lib.rs';
const STATE = /pub struct State \{[^}]*\}/;
/** step is the last item of the file: everything from its signature on. */
const STEP = /pub extern "C" fn step\(state: &mut State\)[^{]*\{[\s\S]*$/;

describe('state migration, TypeScript host', () => {
  let project: TestProject;
  let dev: DevProcess;

  /** Replaces State's fields and step's body, as one save. */
  const edit = (fields: string, body: string, returns = ''): void => {
    const source = project.read(LIB);
    const step = `pub extern "C" fn step(state: &mut State)${returns} {\n${body}\n}\n`;
    project.save(LIB, source.replace(STATE, `pub struct State {\n${fields}\n}`).replace(STEP, step));
  };
  /** The next `iteration <n> <rest>` line after `from`. */
  const next = async (from: number, rest = '.*'): Promise<{ n: number; rest: string }> => {
    const { match } = await dev.waitFor(new RegExp(`^iteration (\\d+) (${rest})$`), { from, timeoutMs: 60_000 });
    return { n: Number(match[1]), rest: match[2]! };
  };
  /** Saves, waits for the migration line, and checks the counter went on from where it was. */
  const migrateTo = async (fields: string, body: string, line: RegExp): Promise<RegExpExecArray> => {
    const before = await next(dev.mark);
    const from = dev.mark;
    edit(fields, body);
    const { match } = await dev.waitFor(line, { from, timeoutMs: 90_000 });
    const afterIt = await next(dev.mark);
    assert.ok(afterIt.n > before.n && afterIt.n <= before.n + 30, `counter ${afterIt.n} continues from ${before.n}`);
    assert.deepEqual(dev.grep(/restarting|crashed|host started/, from), [], 'no restart');
    return match;
  };

  before(async () => {
    project = await makeProject();
    edit('    pub counter: u64,', '    state.counter += 1;\n    println!("iteration {} start", state.counter);');
    dev = new DevProcess(project.root, ['dev', '--host', 'ts']);
    await dev.waitFor(/^\[dev\] ▶ host started on v1 /, { timeoutMs: 180_000 });
    await next(0);
  });

  after(() => {
    dev?.kill();
    if (project)
      for (const line of processesLeft(dev?.pid ?? -1, project.root))
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    project?.cleanup();
  });

  test('a field added: Default value, counter continues', async () => {
    await migrateTo(
      '    pub counter: u64,\n    pub ticks: u32,',
      '    state.counter += 1;\n    state.ticks += 1;\n    println!("iteration {} ticks {}", state.counter, state.ticks);',
      /^\[dev\] ↻ v\d+ State migrated: \+ticks u32 = 0 \(Default\)$/,
    );
  });

  test('u32→u64: the value is carried', async () => {
    const before = await next(dev.mark, 'ticks \\d+');
    await migrateTo(
      '    pub counter: u64,\n    pub ticks: u64,',
      '    state.counter += 1;\n    state.ticks += 1;\n    println!("iteration {} ticks64 {}", state.counter, state.ticks);',
      /^\[dev\] ↻ v\d+ State migrated: ticks u32→u64$/,
    );
    const now = await next(dev.mark, 'ticks64 \\d+');
    assert.ok(Number(now.rest.split(' ')[1]) > Number(before.rest.split(' ')[1]), 'ticks carried');
  });

  test('a reorder: values by name, nothing to report', async () => {
    await migrateTo(
      '    pub ticks: u64,\n    pub counter: u64,',
      '    state.counter += 1;\n    state.ticks += 1;\n    println!("iteration {} reordered {}", state.counter, state.ticks);',
      /^\[dev\] ↻ v\d+ State unchanged$/,
    );
    const now = await next(dev.mark, 'reordered \\d+');
    assert.ok(Number(now.rest.split(' ')[1]) > 1, 'ticks kept, not swapped with counter');
  });

  test('a rename with `/// hot: was`', async () => {
    await migrateTo(
      '    /// hot: was ticks\n    pub steps: u64,\n    pub counter: u64,',
      '    state.counter += 1;\n    state.steps += 1;\n    println!("iteration {} steps {}", state.counter, state.steps);',
      /^\[dev\] ↻ v\d+ State migrated: ticks→steps$/,
    );
  });

  test('a field removed, then restored with its value', async () => {
    const dropped = await migrateTo(
      '    pub counter: u64,',
      '    state.counter += 1;\n    println!("iteration {} without steps", state.counter);',
      /^\[dev\] ↻ v\d+ State migrated: -steps dropped \(was (\d+)\)$/,
    );
    const restored = await migrateTo(
      '    pub counter: u64,\n    pub steps: u64,',
      '    state.counter += 1;\n    println!("iteration {} steps back {}", state.counter, state.steps);',
      /^\[dev\] ↻ v\d+ State migrated: \+steps u64 = (\d+) \(restored\)$/,
    );
    assert.equal(restored[1], dropped[1], 'the value it had when it was removed');
  });

  test('a crash in the first call after a migration: the state from before it comes back with the fix', async () => {
    const before = await next(dev.mark, 'steps back \\d+');
    const from = dev.mark;
    edit(
      '    pub counter: u64,\n    pub steps: u64,\n    pub boom: u32,',
      '    state.counter += 1;\n    panic!("boom at {}", state.counter);',
    );
    await dev.waitFor(/^\[dev\] ↻ v\d+ State migrated: \+boom u32 = 0 \(Default\)$/, { from, timeoutMs: 90_000 });
    await dev.waitFor(/^\[dev\] host crashed .*boom at \d+$/, { from });
    const fixed = dev.mark;
    edit(
      '    pub counter: u64,\n    pub steps: u64,\n    pub boom: u32,',
      '    state.counter += 1;\n    println!("iteration {} steps back {}", state.counter, state.steps);',
    );
    // The new host restores the snapshot written before the migration: the counter as it was before the crash.
    await dev.waitFor(/^\[dev\] ↻ v\d+ State migrated: \+boom u32 = 0 \(Default\)$/, {
      from: fixed,
      timeoutMs: 90_000,
    });
    const now = await next(fixed, 'steps back \\d+');
    assert.ok(now.n > before.n && now.n <= before.n + 30, `counter ${now.n} continues from ${before.n}`);
  });

  test('a function whose signature changed: snapshot, exit 75, the new host restores the state', async () => {
    const before = await next(dev.mark, 'steps back \\d+');
    const from = dev.mark;
    edit(
      '    pub counter: u64,\n    pub steps: u64,\n    pub boom: u32,',
      '    state.counter += 1;\n    println!("iteration {} restarted {}", state.counter, state.steps);\n    state.counter',
      ' -> u64',
    );
    await dev.waitFor(
      /^\[dev\] host kept v\d+: fn step changed its parameters or return type: restarting the host with a snapshot of its state$/,
      {
        from,
        timeoutMs: 90_000,
      },
    );
    await dev.waitFor(/^\[dev\] ▶ host started on v\d+ /, { from });
    await dev.waitFor(/^\[dev\] ↻ v\d+ State unchanged$/, { from });
    const now = await next(from, 'restarted \\d+');
    assert.ok(now.n > before.n, `counter ${now.n} continues from ${before.n} in the new host`);
    assert.deepEqual(dev.grep(/crashed/, from), []);
  });

  test('a change nothing can carry says why, and the host starts fresh', async () => {
    const from = dev.mark;
    // A type in a private module: the probe cannot name it, so the layouts cannot be checked.
    edit(
      '    pub counter: u64,\n    pub inner: hidden::Inner,',
      '    state.counter += 1;\n    println!("iteration {} fresh", state.counter);\n    state.counter\n}\n\nmod hidden {\n    #[repr(C)]\n    #[derive(Debug, Default)]\n    pub struct Inner {\n        pub x: u32,\n    }',
      ' -> u64',
    );
    await dev.waitFor(/^\[dev\] ↻ v\d+ state starts fresh: the layout probe failed: error.*private/, {
      from,
      timeoutMs: 90_000,
    });
    const first = await next(from, 'fresh');
    assert.ok(first.n <= 2, `a fresh state counts from 1 (got ${first.n})`);
  });
});
