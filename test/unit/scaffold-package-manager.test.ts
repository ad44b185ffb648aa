import assert from 'node:assert/strict';
import { it } from 'node:test';
import { detectPackageManager, installArgs, runScriptCommand } from '../../src/scaffold/package-manager.js';

it('detects the package manager from npm_config_user_agent', () => {
  assert.equal(detectPackageManager('npm/11.19.1 node/v20.20.2 linux x64 workspaces/false'), 'npm');
  assert.equal(detectPackageManager('pnpm/9.12.0 npm/? node/v20.20.2 linux x64'), 'pnpm');
  assert.equal(detectPackageManager('yarn/1.22.22 npm/? node/v20.20.2 linux x64'), 'yarn');
  assert.equal(detectPackageManager('bun/1.1.0 npm/? node/v20.20.2 linux x64'), 'bun');
  assert.equal(detectPackageManager(undefined), 'npm');
  assert.equal(detectPackageManager('deno/2.0'), 'npm');
});

it('says how to run a script with each', () => {
  assert.equal(runScriptCommand('npm'), 'npm run');
  assert.equal(runScriptCommand('pnpm'), 'pnpm');
  assert.equal(runScriptCommand('yarn'), 'yarn');
  assert.equal(runScriptCommand('bun'), 'bun run');
});

it('installs with each; npm without audit and funding requests', () => {
  assert.deepEqual(installArgs('npm'), ['npm', ['install', '--no-audit', '--no-fund']]);
  for (const pm of ['pnpm', 'yarn', 'bun'] as const) assert.deepEqual(installArgs(pm), [pm, ['install']]);
});
