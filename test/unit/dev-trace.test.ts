import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const traceModule = fileURLToPath(new URL('../../src/dev/trace.ts', import.meta.url));
/** tsx by URL: the child may run in a directory where `tsx` cannot be resolved. */
const tsx = import.meta.resolve('tsx');

/** HOT_RELOAD_TRACE is read once, at import: each case runs in its own process. */
function traceIn(env: NodeJS.ProcessEnv, cwd?: string): void {
  const script = `import { trace } from ${JSON.stringify(traceModule)}; trace('build'); trace('published', { version: 3 }, 12.5);`;
  const result = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
    cwd,
    env,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
}

test('trace appends one JSON line per event to HOT_RELOAD_TRACE, with the given time when there is one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-trace-'));
  try {
    const file = path.join(dir, 'trace.jsonl');
    traceIn({ ...process.env, HOT_RELOAD_TRACE: file });
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.event, 'build');
    assert.equal(typeof lines[0]!.t, 'number');
    assert.deepEqual(lines[1], { event: 'published', t: 12.5, version: 3 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('trace writes no file anywhere without HOT_RELOAD_TRACE (checked in the working directory)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-trace-'));
  try {
    const env = { ...process.env };
    delete env.HOT_RELOAD_TRACE;
    traceIn(env, dir);
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
