// `.hot/status.json` from the host's side: parsing, a missing file, and HotLib's buildError/buildOk events.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseBuildStatus, readBuildStatus } from '../../src/runtime/build-status.js';
import { LibController } from '../../src/runtime/controller.js';
import type { BuildErrorEvent, BuildOkEvent } from '../../src/runtime/events.js';
import { HotLib } from '../../src/runtime/hot-lib.js';
import { tempDir } from '../support/fs.js';

describe('build status file', () => {
  it('parses a failure and a success, and says what is wrong with anything else', () => {
    assert.deepEqual(parseBuildStatus('{"ok":false,"message":"error[E0308]","version":3,"at":5}'), {
      ok: false,
      message: 'error[E0308]',
      version: 3,
      at: 5,
    });
    assert.deepEqual(parseBuildStatus('{"ok":true,"version":4,"at":6,"extra":1}'), { ok: true, version: 4, at: 6 });
    assert.throws(() => parseBuildStatus('[]'), /"ok" must be a boolean/);
    assert.throws(() => parseBuildStatus('{"ok":false,"version":1,"at":1}'), /needs a "message"/);
    assert.throws(() => parseBuildStatus('{"ok":true}'), /"version" and "at" must be numbers/);
  });

  it('no file means no failure', () => {
    assert.deepEqual(readBuildStatus(tempDir()), { ok: true, version: 0, at: 0 });
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.hot'));
    fs.writeFileSync(path.join(root, '.hot', 'status.json'), '{"ok":false,"message":"m","version":0,"at":1}');
    assert.equal(readBuildStatus(root).ok, false);
  });
});

describe('HotLib build events', () => {
  it('reports each new failure once, and the first success after it', () => {
    const controller = new LibController(
      { version: 2, api: {}, unload: () => {} },
      { crate: 'c', abi: 'a', functions: [], bind: () => ({}) },
    );
    const hot = new HotLib(controller);
    const events: (BuildErrorEvent | BuildOkEvent | string)[] = [];
    hot.on('buildError', (e) => events.push(e)).on('buildOk', (e) => events.push({ ...e, ok: true } as BuildOkEvent));
    controller.setBuildStatus({ ok: true, version: 2 }); // nothing failed: nothing to say
    assert.equal(hot.buildError, undefined);
    controller.setBuildStatus({ ok: false, message: 'error A', version: 2 });
    controller.setBuildStatus({ ok: false, message: 'error A', version: 2 }); // the same file read twice
    assert.equal(hot.buildError, 'error A');
    controller.setBuildStatus({ ok: false, message: 'error B', version: 2 });
    controller.setBuildStatus({ ok: true, version: 3 });
    controller.setBuildStatus({ ok: true, version: 3 });
    assert.equal(hot.buildError, undefined);
    assert.deepEqual(events, [
      { message: 'error A', version: 2 },
      { message: 'error B', version: 2 },
      { version: 3, ok: true },
    ]);
  });
});
