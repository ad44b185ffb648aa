// `hot-reload start` (the generated `npm start`): the TypeScript host once,
// on a private copy of cargo's last build.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { processesLeft } from '../support/process.js';
import { DevProcess } from './dev-process.js';
import { makeProject, type TestProject } from './dev-project.js';

let project: TestProject;
before(async () => {
  project = await makeProject();
});
after(() => project?.cleanup());

test('without a build it says to run `npm run build`', async () => {
  const start = new DevProcess(project.root, ['start']);
  assert.equal((await start.exited).code, 1);
  assert.match(start.tail(), /^error: no build of the lib at .*: run `npm run build` first$/m);
});

test("runs host/main.ts on a private copy of the build, never on cargo's file", async () => {
  const env = { ...process.env };
  delete env.CARGO_TARGET_DIR;
  execFileSync('cargo', ['build', '--quiet'], { cwd: project.root, env, stdio: 'inherit' });
  const start = new DevProcess(project.root, ['start']);
  try {
    await start.waitFor(/^doing stuff in iteration 2$/, { timeoutMs: 30_000 });
    assert.equal(start.grep(/\[hot-reload\]/).length, 0, 'no dev-mode lines');
    const maps = processesLeft(start.pid, '/nonexistent')
      .map((line) => fs.readFileSync(`/proc/${line.split(' ')[0]}/maps`, 'utf8'))
      .join('\n');
    assert.doesNotMatch(maps, /\/target\/debug\/lib\w+\.so/, "cargo's own file is not mapped");
    assert.match(maps, /\/hot-reload-\w+\/lib\w+\.so \(deleted\)/, 'a private copy, deleted once loaded');
    start.interrupt();
    await start.exited;
    assert.deepEqual(processesLeft(start.pid, project.root), []);
  } finally {
    start.kill();
  }
});
