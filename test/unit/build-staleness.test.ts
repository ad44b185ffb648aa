// When the captured rustc command may be stale: each kind of change between two stamps, said in one line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseBuildPath, type PathFacts } from '../../src/dev/direct-build/build-path.js';
import {
  envDepsOf,
  fileKind,
  MISSING,
  relevantEnv,
  sourcesOf,
  staleReason,
  type Stamp,
} from '../../src/dev/direct-build/staleness.js';

const root = '/p/app';
const base: Stamp = {
  files: {
    '/p/app/Cargo.toml': '10:1:1',
    '/p/app/Cargo.lock': '20:1:2',
    '/p/app/lib/Cargo.toml': '30:1:3',
    '/p/app/lib/build.rs': MISSING,
    '/p/app/.cargo/config.toml': MISSING,
    '/p/app/rust-toolchain.toml': MISSING,
    '/p/.cargo/config': MISSING,
    '/home/u/.rustup/settings.toml': '5:1:9',
    '/p/dep/src/lib.rs': '40:1:4',
  },
  env: { PATH_IS_NOT_HERE: 'x', CARGO_TARGET_DIR: '/t' },
  tools: { rustc: '/home/u/.cargo/bin/rustc 1:1:1', cargo: '/home/u/.cargo/bin/cargo 1:1:1' },
};
const withFile = (file: string, id: string): Stamp => ({ ...base, files: { ...base.files, [file]: id } });

test('the same stamp is not stale', () => {
  assert.equal(staleReason(base, structuredClone(base), root), undefined);
});

const cases: [string, Stamp, string][] = [
  ['root manifest edited', withFile('/p/app/Cargo.toml', '11:2:1'), 'Cargo.toml changed'],
  ['lock file rewritten (new inode)', withFile('/p/app/Cargo.lock', '20:1:7'), 'Cargo.lock changed'],
  ['lib manifest edited', withFile('/p/app/lib/Cargo.toml', '31:2:3'), 'lib/Cargo.toml changed'],
  ['a build script added', withFile('/p/app/lib/build.rs', '3:2:8'), 'lib/build.rs appeared'],
  [
    'a cargo config added',
    withFile('/p/app/.cargo/config.toml', '3:2:8'),
    '.cargo/config.toml appeared (cargo config)',
  ],
  ['a config in a parent directory', withFile('/p/.cargo/config', '3:2:8'), '/p/.cargo/config appeared (cargo config)'],
  [
    'a toolchain file added',
    withFile('/p/app/rust-toolchain.toml', '3:2:8'),
    'rust-toolchain.toml appeared (toolchain file)',
  ],
  [
    'rustup default changed',
    withFile('/home/u/.rustup/settings.toml', '6:2:9'),
    '/home/u/.rustup/settings.toml changed (rustup settings)',
  ],
  ['a path dependency source edited', withFile('/p/dep/src/lib.rs', '41:2:4'), '/p/dep/src/lib.rs changed (file)'],
  ['a lock file removed', withFile('/p/app/Cargo.lock', MISSING), 'Cargo.lock was removed'],
  ['RUSTFLAGS set', { ...base, env: { ...base.env, RUSTFLAGS: '-C opt-level=1' } }, 'RUSTFLAGS was set'],
  ['CARGO_TARGET_DIR changed', { ...base, env: { ...base.env, CARGO_TARGET_DIR: '/u' } }, 'CARGO_TARGET_DIR changed'],
  ['CARGO_TARGET_DIR unset', { ...base, env: { PATH_IS_NOT_HERE: 'x' } }, 'CARGO_TARGET_DIR was unset'],
  [
    'another rustc on PATH',
    { ...base, tools: { ...base.tools, rustc: '/opt/bin/rustc 2:2:2' } },
    'the rustc on PATH changed (toolchain switch or update)',
  ],
  [
    'rustup updated in place',
    { ...base, tools: { ...base.tools, cargo: '/home/u/.cargo/bin/cargo 9:9:1' } },
    'the cargo on PATH changed (toolchain switch or update)',
  ],
  [
    'a file not looked at before',
    { ...base, files: { ...base.files, '/p/dep2/Cargo.toml': '1:1:1' } },
    '/p/dep2/Cargo.toml appeared',
  ],
];
for (const [name, now, reason] of cases) {
  test(`stale: ${name}`, () => assert.equal(staleReason(base, now, root), reason));
}

test("relevantEnv keeps what cargo and rustc read, and the crate's env-deps (unset ones too)", () => {
  const env = {
    PATH: '/bin',
    HOME: '/h',
    RUSTFLAGS: '-g',
    CARGO_HOME: '/c',
    RUSTUP_TOOLCHAIN: 'nightly',
    RUST_BACKTRACE: '1',
    MY_VAR: 'v',
    npm_config_x: '1',
  };
  assert.deepEqual(relevantEnv(env, ['MY_VAR', 'NOT_SET']), {
    RUSTFLAGS: '-g',
    CARGO_HOME: '/c',
    RUSTUP_TOOLCHAIN: 'nightly',
    MY_VAR: 'v',
    NOT_SET: '(unset)',
  });
});

test("dep-info files: sources (relative to rustc's directory, escaped spaces) and env-deps", () => {
  const depInfo = [
    '/t/debug/deps/dep-1.d: dep/src/lib.rs dep/src/my\\ mod.rs /abs/gen.rs',
    '',
    '/t/debug/deps/libdep-1.rlib: dep/src/lib.rs',
    '',
    'dep/src/lib.rs:',
    '',
    '# env-dep:CARGO_PKG_NAME=dep',
    '# env-dep:MY_SETTING',
  ].join('\n');
  assert.deepEqual(sourcesOf(depInfo, '/w'), ['/w/dep/src/lib.rs', '/w/dep/src/my mod.rs', '/abs/gen.rs']);
  assert.deepEqual(envDepsOf(depInfo), ['CARGO_PKG_NAME', 'MY_SETTING']);
  assert.deepEqual(sourcesOf('', '/w'), []);
});

test('fileKind names what a file is to cargo', () => {
  assert.equal(fileKind('/a/.cargo/config'), 'cargo config');
  assert.equal(fileKind('/a/rust-toolchain'), 'toolchain file');
  assert.equal(fileKind('/a/b/Cargo.toml'), 'Cargo.toml');
  assert.equal(fileKind('/a/src/x.rs'), 'file');
});

const fresh: PathFacts = { abiChanged: false, hasCapture: true, buildScript: false, disabled: false };
const paths: [string, Partial<PathFacts>, 'direct' | 'cargo', boolean, RegExp][] = [
  ['nothing changed', {}, 'direct', false, /captured command/],
  ['no capture yet', { hasCapture: false }, 'cargo', true, /not captured yet/],
  ['stale', { stale: 'Cargo.lock changed' }, 'cargo', true, /^Cargo.lock changed since/],
  ['ABI changed', { abiChanged: true }, 'cargo', false, /ABI changed/],
  [
    'ABI changed and stale: captured again',
    { abiChanged: true, stale: 'RUSTFLAGS was set' },
    'cargo',
    true,
    /RUSTFLAGS/,
  ],
  ['build script', { buildScript: true }, 'cargo', false, /build script/],
  [
    'stale with a build script: captured again (the script may be gone)',
    { buildScript: true, stale: 'x' },
    'cargo',
    true,
    /^x since/,
  ],
  ['unusable arguments', { unusableArgs: 'no cdylib' }, 'cargo', false, /no cdylib/],
  ['nested path dependency', { nestedPathDependency: '/p/dep' }, 'cargo', false, /\/p\/dep/],
  ['turned off', { disabled: true, hasCapture: false }, 'cargo', false, /HOT_RELOAD_DIRECT_BUILD=0/],
  ['Windows', { windows: true, hasCapture: false }, 'cargo', false, /Windows/],
];
for (const [name, facts, path, recapture, reason] of paths) {
  test(`build path: ${name}`, () => {
    const choice = chooseBuildPath({ ...fresh, ...facts });
    assert.equal(choice.path, path);
    assert.equal(choice.recapture, recapture);
    assert.match(choice.reason, reason);
  });
}
