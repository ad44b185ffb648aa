// The direct build's diagnostics against cargo's own rendering of the same rustc output (fixtures recorded with
// cargo 1.95 / rustc 1.95: `cargo build --message-format=json-render-diagnostics` stderr, and rustc's JSON stderr
// for the same source), with and without colour.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { diagnosticsOnly } from '../../src/dev/cargo-messages.js';
import { renderRustcOutput } from '../../src/dev/direct-build/rustc-diagnostics.js';

const fixture = (name: string): string =>
  fs.readFileSync(fileURLToPath(new URL(`../fixtures/build/${name}`, import.meta.url)), 'utf8');

for (const kind of ['warnings', 'errors'] as const) {
  for (const color of ['never', 'always'] as const) {
    test(`${kind}, color ${color}: printed exactly as cargo prints them`, () => {
      const out = renderRustcOutput(fixture(`${kind}.rustc-${color}.jsonl`), {
        name: 'app-lib',
        color: color === 'always',
      });
      assert.equal(out.diagnostics, diagnosticsOnly(fixture(`${kind}.cargo-${color}.txt`)));
      assert.equal(out.warnings, 2);
      assert.equal(out.errors, kind === 'errors' ? 2 : 0);
    });
  }
}

test('the artifact rustc reports is returned; a good build without diagnostics prints nothing', () => {
  const out = renderRustcOutput('{"$message_type":"artifact","artifact":"/x/libapp_lib.so","emit":"link"}\n', {
    name: 'app-lib',
    color: false,
  });
  assert.deepEqual(out, { diagnostics: '', errors: 0, warnings: 0, artifacts: ['/x/libapp_lib.so'] });
});

test('identical diagnostics are shown once and counted as duplicates, as cargo does', () => {
  const warning = JSON.stringify({
    $message_type: 'diagnostic',
    message: 'w',
    level: 'warning',
    rendered: 'warning: w\n\n',
    children: [],
  });
  const out = renderRustcOutput(`${warning}\n${warning}\n`, { name: 'p', color: false });
  assert.equal(out.diagnostics, 'warning: w\n\nwarning: `p` (lib) generated 1 warning (1 duplicate)');
});

test('lines that are not JSON (rustc failing before it could report) are kept', () => {
  const out = renderRustcOutput("error: couldn't read `lib/src/lib.rs`\n", { name: 'p', color: false });
  assert.equal(out.diagnostics, "error: couldn't read `lib/src/lib.rs`");
});
