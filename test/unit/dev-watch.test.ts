import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isEditorNoise, watchTree } from '../../src/dev/watch.js';

test('editor temp and backup files are noise, sources are not', () => {
  for (const f of [
    '.lib.rs.swp',
    'lib.rs~',
    '4913',
    '#lib.rs#',
    '.#lib.rs',
    'lib.rs.123.tmp',
    'sub/.x.rs.swx',
    'sedAb12Cd',
  ])
    assert.ok(isEditorNoise(f), f);
  for (const f of ['lib.rs', 'sub/mod.rs', 'data.txt', 'swp.rs']) assert.equal(isEditorNoise(f), false, f);
});

/** Waits until `seen` has `file` (a loaded 2-core machine may deliver watch events late: no fixed sleep). */
async function sees(seen: Set<string>, file: string, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!seen.has(file)) {
    if (Date.now() > deadline)
      assert.fail(`${what}: ${file} not seen within ${timeoutMs} ms (saw ${[...seen].join(', ') || 'nothing'})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('watchTree sees writes, repeated write-then-rename saves and files in new subfolders', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-watch-'));
  const seen = new Set<string>();
  const watcher = watchTree(dir, (rel) => rel && seen.add(rel));
  try {
    fs.writeFileSync(path.join(dir, 'lib.rs'), 'a');
    await sees(seen, 'lib.rs', 'a write');
    fs.writeFileSync(path.join(dir, '.lib.rs.swp'), 'b');
    fs.renameSync(path.join(dir, '.lib.rs.swp'), path.join(dir, 'renamed.rs'));
    await sees(seen, 'renamed.rs', 'a rename');
    // A second and a third rename-save of the same file: Node 20's recursive watch on Linux misses these.
    for (const content of ['c', 'd']) {
      seen.clear();
      fs.writeFileSync(path.join(dir, '.renamed.rs.swp'), content);
      fs.renameSync(path.join(dir, '.renamed.rs.swp'), path.join(dir, 'renamed.rs'));
      await sees(seen, 'renamed.rs', `rename-save ${content}`);
    }
    fs.mkdirSync(path.join(dir, 'sub'));
    await sees(seen, 'sub', 'a new folder');
    // The folder's own watch is added when its event arrives: a file written after that is seen.
    fs.writeFileSync(path.join(dir, 'sub', 'mod.rs'), 'c');
    await sees(seen, path.join('sub', 'mod.rs'), 'a file in the new folder');
    fs.rmSync(path.join(dir, 'sub'), { recursive: true });
    seen.clear();
    fs.writeFileSync(path.join(dir, 'lib.rs'), 'e');
    await sees(seen, 'lib.rs', 'a write after a subfolder was removed');
    assert.ok(![...seen].some(isEditorNoise), 'noise filtered');
  } finally {
    watcher.close();
    fs.rmSync(dir, { recursive: true });
  }
});
