import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  choosePairs,
  describePair,
  onlyPair,
  packageDir,
  type CargoMetadata,
  type CargoPackage,
} from '../../src/init/metadata.js';

const ROOT = '/w';

function pkg(
  name: string,
  dir: string,
  kinds: string[][],
  deps: { name: string; path?: string; kind?: string | null }[] = [],
): CargoPackage {
  return {
    id: `path+file://${ROOT}/${dir}#${name}@0.1.0`,
    name,
    manifest_path: `${ROOT}/${dir === '.' ? '' : `${dir}/`}Cargo.toml`,
    targets: kinds.map((kind) => ({
      name: name.replace(/-/g, '_'),
      kind,
      src_path: `${ROOT}/${dir}/src/${kind.includes('bin') ? 'main' : 'lib'}.rs`,
    })),
    dependencies: deps,
  };
}

function metadata(...packages: CargoPackage[]): CargoMetadata {
  return { workspace_root: ROOT, workspace_members: packages.map((p) => p.id), packages };
}

const pairNames = (m: CargoMetadata, choice = {}) => choosePairs(m, choice).map((p) => `${p.lib.name}+${p.bin.name}`);

describe('choosePairs', () => {
  const core = pkg('core', 'crates/core', [['lib']]);
  const util = pkg('util', 'crates/util', [['lib']]);
  const app = pkg(
    'app',
    'crates/app',
    [['bin']],
    [
      { name: 'core', path: `${ROOT}/crates/core` },
      { name: 'util', path: `${ROOT}/crates/util`, kind: 'dev' },
    ],
  );
  const tool = pkg('tool', 'crates/tool', [['bin']], [{ name: 'core', path: `${ROOT}/crates/core` }]);
  const registry = pkg('regbin', 'crates/regbin', [['bin']], [{ name: 'core' }]);

  const cases: { name: string; meta: CargoMetadata; choice?: { lib?: string; bin?: string }; pairs: string[] }[] = [
    {
      name: 'one package with lib and bin',
      meta: metadata(pkg('game', '.', [['lib'], ['bin']])),
      pairs: ['game+game'],
    },
    {
      name: 'a cdylib-only lib still counts (kind list as cargo prints it)',
      meta: metadata(pkg('g', '.', [['cdylib', 'rlib'], ['bin']])),
      pairs: ['g+g'],
    },
    {
      name: 'a workspace: bins paired with the libs they depend on by path, dev-deps ignored',
      meta: metadata(core, util, app, tool),
      pairs: ['core+app', 'core+tool'],
    },
    { name: '--bin narrows', meta: metadata(core, util, app, tool), choice: { bin: 'tool' }, pairs: ['core+tool'] },
    {
      name: '--lib and --bin together',
      meta: metadata(core, util, app, tool),
      choice: { lib: 'core', bin: 'app' },
      pairs: ['core+app'],
    },
    {
      name: 'a registry dependency of the same name is not a workspace lib',
      meta: metadata(core, registry),
      pairs: [] as string[],
    },
  ].filter((c) => c.pairs.length > 0);
  for (const c of cases) test(c.name, () => assert.deepEqual(pairNames(c.meta, c.choice), c.pairs));

  test('nothing to pair: one line saying what is needed', () => {
    assert.throws(
      () => choosePairs(metadata(core, registry), {}),
      /found no crate to make hot: it needs a package with src\/lib.rs and src\/main.rs/,
    );
  });

  test('an unknown --bin names the choices', () => {
    assert.throws(
      () => choosePairs(metadata(core, app, tool), { bin: 'nope' }),
      /--bin nope: no such bin package .*choose one of app, tool/,
    );
  });

  test('proc-macro crates are not libs to load', () => {
    const macros = pkg('macros', 'm', [['proc-macro']]);
    const user = pkg('user', 'u', [['bin']], [{ name: 'macros', path: `${ROOT}/m` }]);
    assert.throws(() => choosePairs(metadata(macros, user), {}), /found no crate/);
  });
});

describe('onlyPair and names', () => {
  const core = pkg('core', 'crates/core', [['lib']]);
  const app = pkg('app', 'crates/app', [['bin']], [{ name: 'core', path: `${ROOT}/crates/core` }]);
  const tool = pkg('tool', 'crates/tool', [['bin']], [{ name: 'core', path: `${ROOT}/crates/core` }]);
  const m = metadata(core, app, tool);

  test('several pairs without a way to ask: refused with each choice as flags', () => {
    assert.throws(() => onlyPair(choosePairs(m, {})), {
      message: '2 crates could be made hot; choose one: --lib core --bin app | --lib core --bin tool',
    });
  });

  test('descriptions and package folders', () => {
    const [pair] = choosePairs(m, { bin: 'app' });
    assert.equal(describePair(pair!), 'lib core with bin app');
    assert.equal(packageDir(m, core), 'crates/core');
    const single = pkg('game', '.', [['lib'], ['bin']]);
    assert.equal(packageDir(metadata(single), single), '.');
    assert.equal(describePair({ lib: single, bin: single }), 'game (lib and bin)');
  });
});
