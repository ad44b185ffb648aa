import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isEditorNoise, watchTree } from '../../src/dev/watch.js';

test('editor temp and backup files are noise, sources are not', () => {
  for (const f of ['.lib.rs.swp', 'lib.rs~', '4913', '#lib.rs#', '.#lib.rs', 'lib.rs.123.tmp', 'sub/.x.rs.swx', 'sedAb12Cd']) assert.ok(isEditorNoise(f), f);
  for (const f of ['lib.rs', 'sub/mod.rs', 'data.txt', 'swp.rs']) assert.equal(isEditorNoise(f), false, f);
});

test('watchTree sees writes, repeated write-then-rename saves and files in new subfolders', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-watch-'));
  const seen = new Set<string>();
  const watcher = watchTree(dir, (rel) => rel && seen.add(rel));
  const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  try {
    fs.writeFileSync(path.join(dir, 'lib.rs'), 'a');
    await wait(50);
    assert.ok(seen.has('lib.rs'), [...seen].join());
    fs.writeFileSync(path.join(dir, '.lib.rs.swp'), 'b');
    fs.renameSync(path.join(dir, '.lib.rs.swp'), path.join(dir, 'renamed.rs'));
    await wait(50);
    // A second and a third rename-save of the same file: Node 20's recursive watch on Linux misses these.
    seen.clear();
    for (const content of ['c', 'd']) {
      fs.writeFileSync(path.join(dir, '.renamed.rs.swp'), content);
      fs.renameSync(path.join(dir, '.renamed.rs.swp'), path.join(dir, 'renamed.rs'));
      await wait(50);
      assert.ok(seen.has('renamed.rs'), `rename-save ${content} seen`);
      seen.clear();
    }
    fs.mkdirSync(path.join(dir, 'sub'));
    await wait(50);
    fs.writeFileSync(path.join(dir, 'sub', 'mod.rs'), 'c');
    await wait(200);
    assert.ok(seen.has(path.join('sub', 'mod.rs')), [...seen].join());
    fs.rmSync(path.join(dir, 'sub'), { recursive: true });
    await wait(50);
    fs.writeFileSync(path.join(dir, 'lib.rs'), 'e');
    await wait(50);
    assert.ok(seen.has('lib.rs'), 'still watching after a subfolder was removed');
    assert.ok(![...seen].some(isEditorNoise), 'noise filtered');
  } finally {
    watcher.close();
    fs.rmSync(dir, { recursive: true });
  }
});
