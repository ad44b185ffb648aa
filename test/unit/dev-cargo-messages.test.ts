import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  diagnosticsOnly,
  findLibArtifact,
  parseCargoMessage,
  type CargoMessage,
} from '../../src/dev/cargo-messages.js';

// Real lines from `cargo build -p app-lib --message-format=json-render-diagnostics` (cargo 1.95).
const artifact =
  '{"reason":"compiler-artifact","package_id":"path+file:///tmp/cj/lib#app-lib@0.1.0","manifest_path":"/tmp/cj/lib/Cargo.toml",' +
  '"target":{"kind":["rlib","cdylib"],"crate_types":["rlib","cdylib"],"name":"app_lib","src_path":"/tmp/cj/lib/src/lib.rs","edition":"2024","doc":true,"doctest":true,"test":true},' +
  '"profile":{"opt_level":"0","debuginfo":2,"debug_assertions":true,"overflow_checks":true,"test":false},"features":[],' +
  '"filenames":["/tmp/cj/target/debug/libapp_lib.rlib","/tmp/cj/target/debug/libapp_lib.so"],"executable":null,"fresh":false}';

test('compiler-artifact and build-finished are parsed', () => {
  assert.deepEqual(parseCargoMessage(artifact), {
    reason: 'compiler-artifact',
    packageId: 'path+file:///tmp/cj/lib#app-lib@0.1.0',
    targetName: 'app_lib',
    crateTypes: ['rlib', 'cdylib'],
    filenames: ['/tmp/cj/target/debug/libapp_lib.rlib', '/tmp/cj/target/debug/libapp_lib.so'],
    fresh: false,
  });
  assert.deepEqual(parseCargoMessage('{"reason":"build-finished","success":false}'), {
    reason: 'build-finished',
    success: false,
  });
  assert.deepEqual(parseCargoMessage('{"reason":"build-script-executed"}'), {
    reason: 'other',
    kind: 'build-script-executed',
  });
});

test('non-JSON and malformed lines are ignored', () => {
  for (const line of ['', '   Compiling app-lib v0.1.0', '{not json', '[]', '{"no":"reason"}'])
    assert.equal(parseCargoMessage(line), undefined, line);
});

test('findLibArtifact picks the cdylib of the lib crate, with freshness', () => {
  const messages = [
    parseCargoMessage(artifact.replace('"name":"app_lib"', '"name":"other"')),
    parseCargoMessage(artifact.replace('"fresh":false', '"fresh":true')),
  ].filter((m): m is CargoMessage => m !== undefined);
  assert.deepEqual(findLibArtifact(messages, 'app_lib', 'libapp_lib.so'), {
    file: '/tmp/cj/target/debug/libapp_lib.so',
    fresh: true,
  });
  assert.equal(findLibArtifact(messages, 'app_lib', 'libapp_lib.dylib'), undefined);
  assert.equal(findLibArtifact([], 'app_lib', 'libapp_lib.so'), undefined);
});

test('diagnosticsOnly drops progress lines and keeps errors with their snippets', () => {
  const stderr = [
    '   Compiling app-lib v0.1.0 (/tmp/cj/lib)',
    'error[E0308]: mismatched types',
    '  --> lib/src/lib.rs:25:17',
    '   |',
    '25 | fn x() -> u32 { "a" }',
    '\x1b[1m\x1b[32m    Finished\x1b[0m `dev` profile [unoptimized + debuginfo] target(s) in 0.18s',
    'error: could not compile `app-lib` (lib) due to 1 previous error',
    '',
  ].join('\n');
  assert.equal(
    diagnosticsOnly(stderr),
    [
      'error[E0308]: mismatched types',
      '  --> lib/src/lib.rs:25:17',
      '   |',
      '25 | fn x() -> u32 { "a" }',
      'error: could not compile `app-lib` (lib) due to 1 previous error',
    ].join('\n'),
  );
  assert.equal(diagnosticsOnly('   Compiling a v0.1.0\n    Finished `dev` profile\n'), '');
});
