// The dev loop's writer of `.hot/status.json`: plain text, written on failure and on the first success after.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BuildStatusWriter } from '../../src/dev/build-status.js';
import { readBuildStatus } from '../../src/runtime/build-status.js';
import { tempDir } from '../support/fs.js';

describe('BuildStatusWriter', () => {
  it('writes failures without colour codes, then one success, and reset removes the file', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.hot'));
    const file = path.join(root, '.hot', 'status.json');
    const writer = new BuildStatusWriter(root);
    writer.succeeded(1);
    assert.equal(fs.existsSync(file), false, 'nothing failed: nothing written');
    writer.failed('\x1b[0m\x1b[1m\x1b[38;5;9merror[E0308]\x1b[0m: mismatched types\n\n', 1);
    const failed = readBuildStatus(root);
    assert.equal(failed.ok, false);
    assert.equal(failed.message, 'error[E0308]: mismatched types');
    assert.equal(failed.version, 1);
    writer.succeeded(2);
    assert.deepEqual({ ...readBuildStatus(root), at: 0 }, { ok: true, version: 2, at: 0 });
    fs.rmSync(file);
    writer.succeeded(3);
    assert.equal(fs.existsSync(file), false, 'written once per recovery');
    writer.failed('x', 3);
    writer.reset();
    assert.equal(fs.existsSync(file), false);
    assert.deepEqual(fs.readdirSync(path.join(root, '.hot')), [], 'no temp files left');
  });
});
