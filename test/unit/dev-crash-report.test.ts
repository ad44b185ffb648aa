import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crashSummary, describeExit, findJsError, findPanic } from '../../src/dev/crash-report.js';

// What a `panic!("boom at {}", n)` inside `extern "C" fn step` prints under rustc 1.95 (called from node): the
// real panic, then the abort through the non-unwinding boundary.
const externCPanic = [
  'doing stuff in iteration 4',
  "thread '<unnamed>' (24047) panicked at lib/src/lib.rs:22:5:",
  'boom at 4',
  'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
  "thread '<unnamed>' (24047) panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:225:5:",
  'panic in a function that cannot unwind',
  'stack backtrace:',
  '   0:     0x7f...',
  'thread caused non-unwinding panic. aborting.',
];

test('the first real panic wins over the abort that follows it', () => {
  assert.equal(findPanic(externCPanic), 'panicked at lib/src/lib.rs:22:5: boom at 4');
});

test('multi-line panic messages are joined; the old one-line format is read too', () => {
  assert.equal(
    findPanic(["thread 'main' panicked at src/main.rs:3:5:", 'line one', 'line two', '']),
    'panicked at src/main.rs:3:5: line one line two',
  );
  assert.equal(findPanic(["thread 'main' panicked at 'boom', src/lib.rs:3:5"]), 'panicked at src/lib.rs:3:5: boom');
  assert.equal(
    findPanic(["thread 'main' panicked at src/main.rs:3:5:", 'without a thread id']),
    'panicked at src/main.rs:3:5: without a thread id',
  );
  assert.equal(findPanic(['segfault, no panic']), undefined);
});

test('an uncaught JavaScript error is found', () => {
  const node = [
    'file:///p/host/main.ts:4',
    '    lib.api.nope();',
    '',
    'TypeError: lib.api.nope is not a function',
    '    at file:///p/host/main.ts:4:13',
  ];
  assert.equal(findJsError(node), 'TypeError: lib.api.nope is not a function');
  assert.equal(
    findJsError([
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'create-hot-reload' imported from /p/host/main.ts",
    ]),
    "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'create-hot-reload' imported from /p/host/main.ts",
  );
});

test('the summary names the exit, the version and the cause', () => {
  assert.equal(describeExit({ code: null, signal: 'SIGABRT' }), 'killed by SIGABRT');
  assert.equal(describeExit({ code: 101, signal: null }), 'exit code 101');
  assert.equal(
    crashSummary({ code: null, signal: 'SIGABRT' }, 6, externCPanic),
    'host crashed (killed by SIGABRT) on v6: panicked at lib/src/lib.rs:22:5: boom at 4',
  );
  assert.equal(crashSummary({ code: null, signal: 'SIGSEGV' }, 2, []), 'host crashed (killed by SIGSEGV) on v2');
  assert.match(
    crashSummary({ code: 1, signal: null }, 1, [
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'create-hot-reload' imported from /p/host/main.ts",
    ]),
    /^host crashed \(exit code 1\) on v1: Error \[ERR_MODULE_NOT_FOUND\]: .* \(are the npm dependencies installed\? run `npm install`\)$/,
  );
});
