// createProject keeps its Ctrl-C state per call: two calls in one process (one after the other, or at once)
// each write their own project, and what one would cancel is never the other's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NOTHING_WRITTEN, PendingProject } from '../../src/scaffold/cancel.js';
import { createProject, type CreateOptions } from '../../src/scaffold/create.js';
import { deriveNames } from '../../src/scaffold/names.js';
import { inspectTarget } from '../../src/scaffold/target-dir.js';
import { stagingFoldersIn, tempDir } from '../support/fs.js';

function options(targetDir: string): CreateOptions {
  return {
    targetDir,
    template: 'hello-world',
    names: deriveNames(targetDir).names,
    targetState: inspectTarget(targetDir),
    packageManager: 'npm',
    runtimeSpec: '^0.1.0',
    install: false,
    build: false,
    git: false,
    log: () => {},
  };
}

describe('createProject is re-entrant', () => {
  it('called twice in a row: two projects, each pending state its own', async () => {
    const parent = tempDir();
    const first = new PendingProject();
    const second = new PendingProject();
    const a = await createProject(options(path.join(parent, 'first-app')), first);
    const b = await createProject(options(path.join(parent, 'second-app')), second);
    assert.notEqual(a.projectDir, b.projectDir);
    for (const result of [a, b]) assert.ok(fs.existsSync(path.join(result.projectDir, 'lib/src/lib.rs')));
    assert.match(first.cancel(), new RegExp(`project in ${a.projectDir} is complete`));
    assert.match(second.cancel(), new RegExp(`project in ${b.projectDir} is complete`));
    assert.deepEqual(stagingFoldersIn(parent), []);
  });

  it('called twice at once: both projects complete, no staging folder left', async () => {
    const parent = tempDir();
    const results = await Promise.all([
      createProject(options(path.join(parent, 'one'))),
      createProject(options(path.join(parent, 'two'))),
    ]);
    assert.deepEqual(results.map((r) => path.basename(r.projectDir)).sort(), ['one', 'two']);
    for (const result of results) assert.ok(fs.existsSync(path.join(result.projectDir, 'host/lib.generated.ts')));
    assert.deepEqual(stagingFoldersIn(parent), []);
  });

  it('a failed call (target taken meanwhile) removes its staging and leaves the next call unaffected', async () => {
    const parent = tempDir();
    const target = path.join(parent, 'taken');
    const stale = options(target); // inspected while missing
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
    const pending = new PendingProject();
    await assert.rejects(createProject(stale, pending));
    assert.equal(pending.cancel(), NOTHING_WRITTEN, 'nothing was placed, nothing staged is left to undo');
    assert.deepEqual(stagingFoldersIn(parent), []);
    assert.equal(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8'), 'mine');
    const next = await createProject(options(path.join(parent, 'next')));
    assert.ok(fs.existsSync(path.join(next.projectDir, 'Cargo.toml')));
  });
});

describe('PendingProject.cancel', () => {
  it('while staged: discards the staging and says nothing was written', () => {
    const pending = new PendingProject();
    let discarded = 0;
    pending.staged(() => discarded++);
    assert.equal(pending.cancel(), NOTHING_WRITTEN);
    assert.equal(discarded, 1);
    assert.equal(pending.cancel(), NOTHING_WRITTEN, 'a second Ctrl-C does not discard again');
    assert.equal(discarded, 1);
  });

  it('once placed: keeps the project and names the steps left', () => {
    const pending = new PendingProject();
    pending.placed('/tmp/app', 'pnpm');
    assert.equal(
      pending.cancel(),
      'Cancelled: the project is written in /tmp/app; finish with `pnpm install` and `cargo build` there',
    );
  });
});
