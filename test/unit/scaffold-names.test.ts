import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/user-error.js';
import { deriveNames, isValidCargoPackageName, isValidNpmName } from '../../src/scaffold/names.js';

describe('deriveNames', () => {
  const cases: Array<[typed: string, npm: string, cargo: string, fixes: number]> = [
    ['my-app', 'my-app', 'my-app', 0],
    ['path/to/my-app', 'my-app', 'my-app', 0],
    ['My App', 'my-app', 'my-app', 1],
    ['  spaced   name ', 'spaced-name', 'spaced-name', 1],
    ['my.app', 'my.app', 'my-app', 1],
    ['my_app', 'my_app', 'my_app', 0],
    ['@scope/tool', '@scope/tool', 'tool', 0],
    ['@Scope/My Tool', '@scope/my-tool', 'my-tool', 1],
    ['1app', '1app', 'app-1app', 1],
    ['42', '42', 'app-42', 1],
    ['match', 'match', 'match-app', 1],
    ['self', 'self', 'self-app', 1],
    ['std', 'std', 'std-app', 1],
    ['test', 'test', 'test-app', 1],
    ['café', 'caf', 'caf', 1],
    ['_private', 'private', 'private', 1],
    ['.hidden', 'hidden', 'hidden', 1],
    ['my-app/', 'my-app', 'my-app', 0],
    ['a"b', 'a-b', 'a-b', 1],
    ['x{{y}}', 'x-y', 'x-y', 1],
    ['$(rm -rf ~)', 'rm-rf-~', 'rm-rf', 2],
  ];
  for (const [typed, npm, cargo, fixCount] of cases) {
    it(`"${typed}" → npm ${npm}, cargo ${cargo}`, () => {
      const { names, fixes } = deriveNames(typed, '/tmp');
      assert.equal(names.npmName, npm);
      assert.equal(names.packageCrate, cargo);
      assert.equal(names.libPackage, `${cargo}-lib`);
      assert.equal(names.libCrate, `${cargo}-lib`.replace(/-/g, '_'));
      assert.equal(fixes.length, fixCount, fixes.join(' | '));
      assert.ok(isValidNpmName(names.npmName));
      assert.ok(isValidCargoPackageName(names.packageCrate));
      assert.ok(isValidCargoPackageName(names.libPackage));
    });
  }

  it('"." takes the name of the current folder', () => {
    assert.equal(deriveNames('.', '/home/me/Cool Thing').names.npmName, 'cool-thing');
  });

  const impossible: Array<[string, RegExp]> = [
    ['日本', /cannot make a package name from "日本"/],
    ['...', /cannot make a package name/],
    ['node_modules', /cannot make a package name/],
    ['a'.repeat(215), /215 characters; npm allows at most 214/],
    ['line\nbreak\u0000', /contains a control character/],
  ];
  for (const [typed, message] of impossible) {
    it(`refuses ${JSON.stringify(typed).slice(0, 30)} with one line`, () => {
      try {
        const derived = deriveNames(typed, '/tmp');
        // A name with control characters may be fixed rather than refused; then it must be clean.
        assert.match(derived.names.npmName, /^[a-z0-9-._~]+$/);
      } catch (error) {
        assert.ok(error instanceof UserError);
        assert.match(error.message, message);
        assert.ok(!error.message.includes('\n'), 'the message is one line');
      }
    });
  }

  it('refuses, rather than fixes, a name with nothing usable', () => {
    assert.throws(() => deriveNames('日本', '/tmp'), UserError);
    assert.throws(() => deriveNames('a'.repeat(215), '/tmp'), UserError);
  });
});
