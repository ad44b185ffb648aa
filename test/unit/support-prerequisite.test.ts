// A missing prerequisite skips locally with its reason and fails by name under CI=true.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCi, missingPrerequisite } from '../support/prerequisite.js';

const cases: Array<[string, NodeJS.ProcessEnv, boolean]> = [
  ['CI unset', {}, false],
  ['CI=true', { CI: 'true' }, true],
  ['CI=1', { CI: '1' }, true],
  ['CI=false', { CI: 'false' }, false],
  ['CI empty', { CI: '' }, false],
];

for (const [what, env, ci] of cases) {
  test(`missingPrerequisite, ${what}: ${ci ? 'throws, naming it' : 'returns the skip reason'}`, () => {
    assert.equal(isCi(env), ci);
    if (ci)
      assert.throws(
        () => missingPrerequisite('tmux is not installed', env),
        /missing prerequisite.*tmux is not installed/,
      );
    else assert.equal(missingPrerequisite('tmux is not installed', env), 'tmux is not installed');
  });
}
