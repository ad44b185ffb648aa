import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderDiff, summarizeChanges } from '../../src/init/diff.js';
import { withLines } from '../../src/init/plan.js';

describe('renderDiff', () => {
  test('an edit: a unified diff with a/ and b/ names and three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nc\nd\nX\ne\nf\ng\n';
    assert.equal(
      renderDiff([{ path: 'Cargo.toml', before, after, generated: false }]),
      '--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n',
    );
  });

  test('a new file from /dev/null, every line added', () => {
    assert.equal(
      renderDiff([{ path: 'host/main.ts', before: undefined, after: 'x\ny\n', generated: false }]),
      '--- /dev/null\n+++ b/host/main.ts\n@@ -0,0 +1,2 @@\n+x\n+y\n',
    );
  });

  test('generated files by name and line count only', () => {
    const text = renderDiff([
      { path: 'src/hot_lib.rs', before: undefined, after: '1\n2\n3\n', generated: true },
      { path: 'host/lib.generated.ts', before: 'old\n', after: '1\n', generated: true },
    ]);
    assert.equal(
      text,
      '--- /dev/null\n+++ b/src/hot_lib.rs\n@@ new, generated: 3 lines @@\n--- a/host/lib.generated.ts\n+++ b/host/lib.generated.ts\n@@ regenerated, generated: 1 line @@\n',
    );
  });

  test('the summary line names edits and new files', () => {
    const changes = [
      { path: 'Cargo.toml', before: '', after: 'x', generated: false },
      { path: 'host/main.ts', before: undefined, after: 'x', generated: false },
    ];
    assert.equal(summarizeChanges(changes), 'edit Cargo.toml; create host/main.ts');
  });
});

describe('withLines (.gitignore)', () => {
  const cases: [string, string | undefined, string][] = [
    [
      'no file',
      undefined,
      "# create-hot-reload: published versions of the lib, and npm's packages\n/.hot/\nnode_modules/\n",
    ],
    [
      'one present in another spelling',
      '/target\n/node_modules\n',
      "/target\n/node_modules\n# create-hot-reload: published versions of the lib, and npm's packages\n/.hot/\n",
    ],
    [
      'no final newline',
      'target',
      "target\n# create-hot-reload: published versions of the lib, and npm's packages\n/.hot/\nnode_modules/\n",
    ],
    ['both present: unchanged', '.hot\nnode_modules/\n', '.hot\nnode_modules/\n'],
  ];
  for (const [name, before, after] of cases)
    test(name, () => assert.equal(withLines(before, ['/.hot/', 'node_modules/']), after));
});
