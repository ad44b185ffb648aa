// How private the temporary copies are. (That no string reaches a shell is a lint rule in eslint.config.js, tested
// in lint-no-shell.test.ts; the game's server side, 127.0.0.1 only and the Origin check, is tested in
// game-server.test.ts and game-browser.test.ts.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { makePrivateCopy } from '../../src/runtime/private-copy.js';
import { stageProject } from '../../src/scaffold/place.js';
import { tempDir } from '../support/fs.js';

describe('private temporary folders', () => {
  it("the runtime's private copy: mode 0700, an unpredictable name, gone after remove()", () => {
    const source = path.join(tempDir(), 'libx.so');
    fs.writeFileSync(source, 'library bytes');
    const a = makePrivateCopy(source);
    const b = makePrivateCopy(source);
    try {
      const dir = path.dirname(a.file);
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(a.file).uid, process.getuid?.() ?? fs.statSync(a.file).uid);
      assert.notEqual(path.dirname(a.file), path.dirname(b.file));
      assert.match(path.basename(dir), /^hot-reload-[A-Za-z0-9]{6}$/, 'mkdtemp: six random characters');
      assert.equal(fs.readFileSync(a.file, 'utf8'), 'library bytes');
    } finally {
      a.remove();
      b.remove();
    }
    assert.equal(fs.existsSync(path.dirname(a.file)), false);
  });

  it("the scaffolder's staging folder: mode 0700 and an unpredictable name beside the target", () => {
    const parent = tempDir();
    const staged = stageProject(path.join(parent, 'app'), [
      { path: 'a.txt', contents: Buffer.from('x'), executable: false },
    ]);
    try {
      assert.equal(fs.statSync(staged.dir).mode & 0o777, 0o700);
      assert.equal(path.dirname(staged.dir), parent);
      assert.match(path.basename(staged.dir), /^\.create-hot-reload-[A-Za-z0-9]{6}$/);
    } finally {
      staged.discard();
    }
  });
});
