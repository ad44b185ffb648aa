// The rules of `hot-reload doctor`, one fact at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkBindings,
  checkCargo,
  checkCrateType,
  checkExports,
  checkHotDir,
  checkKoffi,
  checkNode,
  crateTypes,
  formatCheck,
  platformNotes,
} from '../../src/doctor/checks.js';

describe('doctor checks', () => {
  it('node: 20 and up pass, older fails with the fix', () => {
    assert.equal(formatCheck(checkNode('v20.11.0')), '✓ node 20.11.0');
    assert.equal(checkNode('v22.1.0').status, 'ok');
    assert.equal(formatCheck(checkNode('v18.19.1')), '✗ node v18.19.1: install Node.js 20 or newer');
  });

  it('cargo: missing and too old fail (edition 2024 needs 1.85), an odd version string warns', () => {
    assert.equal(formatCheck(checkCargo(undefined)), '✗ cargo not found on PATH: install Rust from https://rustup.rs');
    assert.equal(
      formatCheck(checkCargo('cargo 1.84.1 (66221abde 2024-11-19)')),
      '✗ cargo 1.84.1 is older than 1.85 (edition 2024): run `rustup update`',
    );
    assert.equal(checkCargo('cargo 1.85.0 (d73d2caf9 2024-12-31)').status, 'ok');
    assert.equal(checkCargo('cargo 2.0.0').status, 'ok');
    assert.equal(checkCargo('cargo nightly').status, 'warn');
  });

  it('koffi: a load error fails and says to install', () => {
    assert.equal(formatCheck(checkKoffi('3.3.4', undefined)), '✓ koffi 3.3.4 loads');
    assert.match(
      formatCheck(checkKoffi(undefined, 'Cannot find module koffi')),
      /^✗ koffi does not load: Cannot find module koffi: run `npm install`/,
    );
  });

  it('crate-type: read from the [lib] section only', () => {
    assert.deepEqual(crateTypes('[package]\nname = "x"\n\n[lib]\ncrate-type = ["rlib", "cdylib"]\n'), [
      'rlib',
      'cdylib',
    ]);
    assert.deepEqual(crateTypes('[package]\ncrate-type = ["cdylib"]\n[lib]\npath = "src/lib.rs"\n'), undefined);
    assert.equal(crateTypes('[package]\nname = "x"\n'), undefined);
  });

  it('crate-type: no cdylib fails with the line to write, no rlib warns', () => {
    assert.equal(checkCrateType('[lib]\ncrate-type = ["rlib", "cdylib"]\n').status, 'ok');
    assert.equal(
      formatCheck(checkCrateType('[lib]\ncrate-type = ["rlib"]\n')),
      '✗ lib crate-type is [rlib]: no cdylib, so there is no library for the hosts to load: set crate-type = ["rlib", "cdylib"] under [lib] in lib/Cargo.toml',
    );
    assert.equal(checkCrateType('[package]\nname = "x"\n').status, 'fail');
    assert.equal(checkCrateType('[lib]\ncrate-type = ["cdylib"]\n').status, 'warn');
  });

  it('exports: none warns with how to export, left-out ones warn, a missing lib.rs fails', () => {
    assert.equal(formatCheck(checkExports(['step'], 0)), '✓ 1 exported function (step)');
    assert.equal(checkExports([], 0).status, 'warn');
    assert.match(
      formatCheck(checkExports(['a', 'b'], 1)),
      /^! 2 exported functions \(a, b\); 1 left out of the bindings: run `hot-reload gen` to see why$/,
    );
    assert.equal(checkExports([], 0, 'lib/src/lib.rs is missing').status, 'fail');
  });

  it('bindings: out of date warns (dev regenerates them), never fails', () => {
    assert.equal(checkBindings(true).status, 'ok');
    assert.equal(
      formatCheck(checkBindings(false)),
      '! bindings out of date with lib/src: run `npm run gen` (dev does it on every build)',
    );
  });

  it('.hot/: a live dev is fine, leftovers of a killed one warn', () => {
    assert.equal(checkHotDir({ exists: false, copies: 0, temps: 0 }).status, 'ok');
    assert.equal(checkHotDir({ exists: true, copies: 1, temps: 0 }).status, 'ok');
    assert.equal(checkHotDir({ exists: true, lock: { pid: 42, alive: true }, copies: 3, temps: 1 }).status, 'ok');
    assert.equal(
      formatCheck(checkHotDir({ exists: true, lock: { pid: 42, alive: false }, copies: 3, temps: 1 })),
      '! .hot/ has a stale lock of a dev that is gone (pid 42), 1 temp file, 3 library copies: the next `npm run dev` cleans it up (or delete .hot/)',
    );
  });

  it('platform notes: glibc fine, musl warns that nothing unloads, macOS codesign, Windows locks', () => {
    assert.equal(platformNotes({ platform: 'linux', glibc: '2.36' })[0]!.status, 'ok');
    assert.match(formatCheck(platformNotes({ platform: 'linux' })[0]!), /^! Linux with musl: dlclose does not unload/);
    assert.equal(platformNotes({ platform: 'darwin', codesign: true })[0]!.status, 'ok');
    assert.match(
      formatCheck(platformNotes({ platform: 'darwin', codesign: false })[0]!),
      /codesign not found.*`xcode-select --install`$/,
    );
    assert.match(formatCheck(platformNotes({ platform: 'win32' })[0]!), /^! Windows: a loaded DLL is locked/);
    // Notes never block: only a missing tool or a broken project does.
    for (const p of ['linux', 'darwin', 'win32', 'freebsd'] as const) {
      for (const c of platformNotes({ platform: p })) assert.notEqual(c.status, 'fail');
    }
  });
});
