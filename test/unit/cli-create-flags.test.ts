import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCreateArgs, type CliFlags } from '../../src/cli/create-flags.js';
import { createProgram } from '../../src/cli/create-program.js';

/** What commander makes of a command line: the action's arguments, or the error it would print. */
async function commanderReads(args: readonly string[]): Promise<{ directory?: string; flags: CliFlags } | 'error'> {
  let read: { directory?: string; flags: CliFlags } | undefined;
  const program = createProgram(async (directory, flags) => {
    read = { ...(directory === undefined ? {} : { directory }), flags: { ...flags } };
  });
  program.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch {
    return 'error';
  }
  return read ?? 'error';
}

const WELL_FORMED: readonly (readonly string[])[] = [
  [],
  ['app'],
  ['.'],
  [''],
  ['my app', '--yes'],
  ['--yes', 'app'],
  ['app', '-y', '--no-install', '--no-build', '--no-git'],
  ['app', '--template', 'game'],
  ['app', '--template=game'],
  ['app', '-t', 'game'],
  ['app', '-tgame'],
  ['app', '--template', ''],
  ['app', '--template', 'Hello-World'],
  ['app', '--pm', 'pnpm'],
  ['app', '--pm=bun', '--runtime', 'file:/x"y\nz'],
  ['app', '--overwrite', '--template', 'a', '--template', 'b'],
  ['--', '-dash-dir'],
];

/** Left to commander: help, version with more, mistakes. */
const LEFT_TO_COMMANDER: readonly (readonly string[])[] = [
  ['--help'],
  ['-h'],
  ['app', '--version'],
  ['app', '--template'],
  ['app', '--pm', 'cargo'],
  ['one', 'two'],
  ['app', '--install'],
  ['app', '--unknown'],
  ['app', '--yes=1'],
  ['app', '-t', '-y'],
];

describe('create-hot-reload command line', () => {
  for (const args of WELL_FORMED) {
    it(`reads ${JSON.stringify(args)} as commander does`, async () => {
      const fast = parseCreateArgs(args);
      assert.ok(fast, 'read without commander');
      assert.deepEqual(fast, await commanderReads(args));
    });
  }
  for (const args of LEFT_TO_COMMANDER) {
    it(`leaves ${JSON.stringify(args)} to commander`, () => {
      assert.equal(parseCreateArgs(args), undefined);
    });
  }
});
