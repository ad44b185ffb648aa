import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addReloadSwitch } from '../../src/init/main-rs.js';

const SWITCH = [
  '// create-hot-reload: with `--features reload` (`npm run dev:rust`), `game` is src/hot_lib.rs: the same',
  '// functions and types, calling the version of the lib that `hot-reload dev` published last.',
  '#[cfg(feature = "reload")]',
  'mod hot_lib;',
  '#[cfg(feature = "reload")]',
  'mod reloader;',
  '#[cfg(feature = "reload")]',
  'use hot_lib as game;',
  '',
].join('\n');

describe('addReloadSwitch', () => {
  test('after the module docs and inner attributes; update() first in the loop of main', () => {
    const before =
      '//! docs\n#![allow(\n    dead_code,\n)]\nuse game::step;\n\nfn main() {\n    let mut s = 0;\n    loop {\n        step(&mut s);\n    }\n}\n';
    const edit = addReloadSwitch(before, 'game', 'src/main.rs');
    assert.deepEqual(edit.notes, []);
    assert.equal(
      edit.text,
      `//! docs\n#![allow(\n    dead_code,\n)]\n\n${SWITCH}\nuse game::step;\n\nfn main() {\n    let mut s = 0;\n    loop {\n` +
        '        #[cfg(feature = "reload")]\n        hot_lib::update();\n        step(&mut s);\n    }\n}\n',
    );
  });

  test('a `while` loop and a labelled loop count; the first inside fn main is used', () => {
    const before =
      "fn helper() {\n    loop {}\n}\nfn main() {\n    'outer: while game::running() {\n        game::step();\n    }\n}\n";
    const edit = addReloadSwitch(before, 'game', 'src/main.rs');
    assert.match(
      edit.text,
      /'outer: while game::running\(\) \{\n {8}#\[cfg\(feature = "reload"\)\]\n {8}hot_lib::update\(\);\n {8}game::step/,
    );
    assert.doesNotMatch(edit.text, /fn helper\(\) \{\n {4}#\[cfg/);
  });

  test('no loop: a note saying where to call update() by hand', () => {
    const edit = addReloadSwitch('fn main() {\n    game::run();\n}\n', 'game', 'src/main.rs');
    assert.ok(edit.text.startsWith(SWITCH));
    assert.match(edit.notes.join('\n'), /src\/main.rs has no `loop \{`: call `hot_lib::update\(\);`/);
  });

  test('`extern crate` and a main that never names the crate get notes', () => {
    const edit = addReloadSwitch('extern crate game;\nfn main() {}\n', 'game', 'src/main.rs');
    assert.match(edit.notes[0]!, /has `extern crate game`: remove it/);
    const unused = addReloadSwitch('fn main() {}\n', 'game', 'src/main.rs');
    assert.match(unused.notes[0]!, /never names game::/);
  });

  test('already switched: unchanged', () => {
    const once = addReloadSwitch('fn main() {\n    loop { game::step(); }\n}\n', 'game', 'src/main.rs').text;
    const twice = addReloadSwitch(once, 'game', 'src/main.rs');
    assert.equal(twice.alreadyThere, true);
    assert.equal(twice.text, once);
  });

  test('CRLF sources stay CRLF', () => {
    const edit = addReloadSwitch(
      'fn main() {\r\n    loop {\r\n        game::step();\r\n    }\r\n}\r\n',
      'game',
      'src/main.rs',
    );
    assert.doesNotMatch(edit.text.replace(/\r\n/g, ''), /\n/);
  });
});
