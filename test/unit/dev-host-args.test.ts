// `hot-reload dev -- <args>`: extra arguments reach the host command as they are (the game takes --port).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hostCommand, hostEnv } from '../../src/dev/host.js';
import type { ProjectInfo } from '../../src/project.js';

const project: ProjectInfo = {
  root: '/p',
  binPackage: 'app',
  libPackage: 'app-lib',
  libCrate: 'app_lib',
  libSrcDir: '/p/lib/src',
  libDir: '/p/lib',
  binSrcDir: '/p/src',
};

describe('host arguments', () => {
  it('go after the TypeScript host script and show in the label', () => {
    const command = hostCommand('ts', project, {}, ['--port', '8080']);
    assert.deepEqual(command.args.slice(-3), [path.join('host', 'main.ts'), '--port', '8080']);
    assert.equal(command.label, 'node host/main.ts --port 8080');
  });

  it('go to the Rust host binary; none by default', () => {
    assert.deepEqual(hostCommand('rust', project, {}, ['--port=9']).args, ['--port=9']);
    assert.deepEqual(hostCommand('rust', project, {}).args, []);
    assert.equal(hostCommand('ts', project, {}).label, 'node host/main.ts');
  });
});

describe('host environment', () => {
  it('has the protocol variables; HOT_RELOAD_RESTART only for a replacement host', () => {
    const first = hostEnv('/p', undefined, { PATH: '/bin', HOT_RELOAD_RESTART: 'inherited' });
    assert.deepEqual(first, { PATH: '/bin', HOT_RELOAD_DEV: '1', HOT_RELOAD_ROOT: '/p' });
    assert.equal(hostEnv('/p', 'the ABI changed', {}).HOT_RELOAD_RESTART, 'the ABI changed');
  });

  it('the Rust host binary is found in CARGO_TARGET_DIR, relative to the project root', () => {
    assert.equal(
      hostCommand('rust', project, { CARGO_TARGET_DIR: 'out' }).command,
      path.join('/p', 'out', 'debug', 'app'),
    );
    assert.equal(hostCommand('rust', project, {}).command, path.join('/p', 'target', 'debug', 'app'));
  });
});
