// doctor's line about the build path: which way dev's next body edit goes, and why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseBuildPath } from '../../src/dev/direct-build/build-path.js';
import { checkBuildPath, formatCheck } from '../../src/doctor/checks.js';

test('direct: names the rustc; cargo: says why (never a failure: both paths work)', () => {
  const direct = chooseBuildPath({ abiChanged: false, hasCapture: true, buildScript: false, disabled: false });
  assert.equal(
    formatCheck(checkBuildPath(direct.path, direct.reason, 'rustc 1.95.0 (59807616e 2026-04-14)')),
    "✓ dev's next body edit rebuilds the lib with rustc 1.95.0 (59807616e 2026-04-14) directly: rustc with cargo's captured command, cdylib only",
  );
  const stale = chooseBuildPath({
    abiChanged: false,
    hasCapture: true,
    buildScript: false,
    disabled: false,
    stale: 'RUSTFLAGS was set',
  });
  assert.equal(
    formatCheck(checkBuildPath(stale.path, stale.reason)),
    "✓ dev's next body edit rebuilds the lib through cargo: RUSTFLAGS was set since cargo's command was captured (the next cargo build captures it again)",
  );
});
