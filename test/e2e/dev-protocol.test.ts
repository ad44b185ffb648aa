// The dev loop's side of the restart and terminal protocol (docs/dev-loop.md), with a real `hot-reload dev`, real
// cargo and a TypeScript host written for the test: exit 75 restarts the host at once with HOT_RELOAD_RESTART set,
// a host that owns the screen gets dev's lines in `.hot/dev-lines.log` instead of the terminal (printed, in order,
// when it gives the screen back), and a host that exits 0 ends dev with exit 0.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { processesLeft } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { publishedFiles } from '../support/fs.js';
import { makeProject, type TestProject } from './dev-project.js';

const HOST = `import fs from 'node:fs';

const reason = process.env.HOT_RELOAD_RESTART;
if (reason === undefined) {
  console.log('first start: asking for a restart');
  process.exit(75);
}
console.log(\`restarted because: \${reason}\`);
process.stderr.write('[hot-reload] screen owned\\n');
const held = '.hot/dev-lines.log';
const timer = setInterval(() => {
  const text = fs.existsSync(held) ? fs.readFileSync(held, 'utf8') : '';
  if (!text.includes('build failed')) return;
  clearInterval(timer);
  console.log(\`held: \${text.trim().split('\\n').at(-1)}\`);
  process.stderr.write('[hot-reload] screen released\\n');
  setTimeout(() => process.exit(0), 300);
}, 50);
`;

let project: TestProject;
let dev: DevProcess | undefined;

before(async () => {
  project = await makeProject();
  project.save('host/main.ts', HOST);
});

after(() => {
  dev?.kill();
  if (project)
    for (const line of processesLeft(dev?.pid ?? -1, project.root)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
  project?.cleanup();
});

test('exit 75 restarts with HOT_RELOAD_RESTART; lines held while the screen is owned; exit 0 ends dev', async () => {
  dev = new DevProcess(project.root, ['dev', '--host', 'ts']);
  await dev.waitFor(/^first start: asking for a restart$/, { timeoutMs: 120_000 });
  await dev.waitFor(/^\[dev\] the host asked for a restart \(exit code 75\): restarting it on v1$/);
  await dev.waitFor(/^restarted because: the host asked for a restart$/);
  assert.deepEqual(dev.grep(/crashed/), [], 'exit 75 is not a crash');

  const from = dev.mark;
  const lib = project.read('lib/src/lib.rs');
  project.save(
    'lib/src/lib.rs',
    lib.replace('state.counter += 1;', 'state.counter += 1;\n    let broken: u32 = "no";'),
  );
  const held = await dev.waitFor(/^held: (.*)$/, { from, timeoutMs: 60_000 });
  assert.match(held.match[1]!, /^✗ build failed \(.*\): v1 keeps running$/, 'the newest held line is ours, plain text');
  // The host's stdout and dev's status lines share one pipe: their order is the order they were written in.
  const failed = await dev.waitFor(/^\[dev\] ✗ build failed .*: v1 keeps running$/, { from });
  assert.ok(failed.index > held.index, 'printed only once the screen was released');
  await dev.waitFor(/^error\[E0308\]: mismatched types/, { from });
  assert.equal(dev.grep(/^error\[E0308\]/, from).length, 1, 'the diagnostics, once');

  const { code, signal } = await dev.exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, dev.tail());
  assert.match(dev.tail(), /^\[dev\] the host exited \(exit code 0\): stopping$/m);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(processesLeft(dev.pid, project.root), []);
  // No lock, no held lines, no build status: only the current version.
  // The TypeScript host's version comes with its layout file (docs/state-migration.md).
  const published = ['current.json', 'hr_e2e_app_lib-1.layout.json', 'hr_e2e_app_lib-1.so'];
  assert.deepEqual(publishedFiles(project.root), published);
});

test('Ctrl-C while the first build runs: cargo stopped, no host started, exit 0, nothing published', async () => {
  const fresh = await makeProject();
  const early = new DevProcess(fresh.root, ['dev', '--host', 'ts']);
  try {
    await early.waitFor(/^\[dev\] watching lib\/src /, { timeoutMs: 30_000 });
    // A fresh project's first build takes seconds: wait until cargo really runs, so the ^C lands inside it.
    const deadline = Date.now() + 30_000;
    while (!processesLeft(-1, fresh.root).some((p) => / build -p hr-e2e-app-lib /.test(p))) {
      assert.ok(Date.now() < deadline, `cargo never started:\n${early.tail()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    early.interrupt();
    const { code, signal } = await early.exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, early.tail());
    assert.deepEqual(early.grep(/host started|↻/), [], 'no host, no version');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(processesLeft(early.pid, fresh.root), []);
    assert.deepEqual(publishedFiles(fresh.root), []);
  } finally {
    early.kill();
    fresh.cleanup();
  }
});
