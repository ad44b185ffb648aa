import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addCrateTypes, addReloadFeature } from '../../src/init/cargo-toml.js';

describe('addCrateTypes', () => {
  const cases: { name: string; before: string; after: string }[] = [
    {
      name: 'no [lib]: a table appended with a comment',
      before: '[package]\nname = "a"\n',
      after:
        '[package]\nname = "a"\n\n[lib]\n# cdylib: the file create-hot-reload loads and swaps while your program runs;\n' +
        '# rlib: what your bin links statically, as before.\ncrate-type = ["rlib", "cdylib"]\n',
    },
    {
      name: '[lib] without crate-type: the key right under the header, comments kept',
      before: '[package]\nname = "a"\n\n[lib] # mine\npath = "src/lib.rs"\n',
      after: '[package]\nname = "a"\n\n[lib] # mine\ncrate-type = ["rlib", "cdylib"]\npath = "src/lib.rs"\n',
    },
    {
      name: 'odd spacing and a trailing comment kept; "lib" counts as the rlib',
      before: '[lib]\ncrate-type = [ "lib" ]   # only lib\n',
      after: '[lib]\ncrate-type = [ "lib", "cdylib" ]   # only lib\n',
    },
    {
      name: 'a multi-line array with a trailing comma',
      before: '[lib]\ncrate-type = [\n    "staticlib",\n]\n[dependencies]\n',
      after: '[lib]\ncrate-type = [\n    "staticlib", "rlib", "cdylib"\n]\n[dependencies]\n',
    },
    {
      name: 'an empty array',
      before: '[lib]\ncrate-type = []\n',
      after: '[lib]\ncrate-type = ["rlib", "cdylib"]\n',
    },
    {
      name: 'already there: unchanged',
      before: '[lib]\ncrate-type = ["cdylib", "rlib"]\n',
      after: '[lib]\ncrate-type = ["cdylib", "rlib"]\n',
    },
    {
      name: 'CRLF line ends kept',
      before: '[package]\r\nname = "a"\r\n',
      after:
        '[package]\r\nname = "a"\r\n\r\n[lib]\r\n# cdylib: the file create-hot-reload loads and swaps while your program runs;\r\n' +
        '# rlib: what your bin links statically, as before.\r\ncrate-type = ["rlib", "cdylib"]\r\n',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const edit = addCrateTypes(c.before, 'Cargo.toml');
      assert.deepEqual(edit.notes, []);
      assert.equal(edit.text, c.after);
    });
  }

  test('a layout it cannot edit safely (dotted keys) is left alone, with what to add by hand', () => {
    const before = 'lib.crate-type = ["staticlib"]\n\n[package]\nname = "a"\n';
    const edit = addCrateTypes(before, 'crates/a/Cargo.toml');
    assert.equal(edit.text, before);
    assert.deepEqual(edit.notes, [
      'crates/a/Cargo.toml: could not edit this safely; by hand: in [lib], set crate-type = ["staticlib", "rlib", "cdylib"]',
    ]);
  });

  test('invalid TOML is an error naming the file', () => {
    assert.throws(() => addCrateTypes('[lib\n', 'Cargo.toml'), /Cargo.toml is not valid TOML/);
  });
});

describe('addReloadFeature', () => {
  const comment = '# `npm run dev:rust` builds with this: the bin calls the lib through src/hot_lib.rs (hot-reloaded).';
  const cases: { name: string; before: string; after: string; notes?: string[] }[] = [
    {
      name: 'no [features]: appended',
      before: '[package]\nname = "a"',
      after: `[package]\nname = "a"\n\n[features]\n${comment}\nreload = []\n`,
    },
    {
      name: 'existing [features]: first under the header, the others kept in order',
      before: '[features]\ndefault = ["x"]\nx = []\n',
      after: `[features]\n${comment}\nreload = []\ndefault = ["x"]\nx = []\n`,
    },
    {
      name: 'a reload feature of their own is used as it is',
      before: '[features]\nreload = ["dep:notify"]\n',
      after: '[features]\nreload = ["dep:notify"]\n',
      notes: ['Cargo.toml already has a feature "reload"; it is used as it is'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const edit = addReloadFeature(c.before, 'Cargo.toml');
      assert.equal(edit.text, c.after);
      assert.deepEqual(edit.notes, c.notes ?? []);
    });
  }
});
