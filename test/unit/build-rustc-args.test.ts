// cargo's rustc command for the lib → the direct build's: cdylib only, our output and incremental folders,
// everything else (edition, cfgs, codegen options, dependencies) as cargo had it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cargoDepInfoFile, directArgs, externFiles, parseArgs } from '../../src/dev/direct-build/rustc-args.js';

// What cargo 1.95 ran for a hello-world lib with a path dependency (captured by capture-rustc.ts).
const CARGO = [
  '--crate-name',
  'app_lib',
  '--edition=2024',
  'lib/src/lib.rs',
  '--error-format=json',
  '--json=diagnostic-rendered-ansi,artifacts,future-incompat',
  '--crate-type',
  'rlib',
  '--crate-type',
  'cdylib',
  '--emit=dep-info,link',
  '-C',
  'embed-bitcode=no',
  '-C',
  'debuginfo=2',
  '--check-cfg',
  'cfg(docsrs,test)',
  '--check-cfg',
  'cfg(feature, values("fast"))',
  '--cfg',
  'feature="fast"',
  '-C',
  'metadata=58c723c98e8e4dcd',
  '--out-dir',
  '/w/target/debug/deps',
  '-C',
  'incremental=/w/target/debug/incremental',
  '-L',
  'dependency=/w/target/debug/deps',
  '--extern',
  'helper=/w/target/debug/deps/libhelper-7f3a.rlib',
];
const OPTIONS = { outDir: '/w/.hot/build/out', incrementalDir: '/w/.hot/build/incremental', color: false };

test('cdylib only, into our folders; edition, cfgs, codegen options and dependencies kept in order', () => {
  const result = directArgs(CARGO, OPTIONS);
  assert.deepEqual(result, {
    ok: true,
    args: [
      '--crate-name',
      'app_lib',
      '--edition',
      '2024',
      'lib/src/lib.rs',
      '--error-format',
      'json',
      '--json=artifacts,future-incompat',
      '-C',
      'embed-bitcode=no',
      '-C',
      'debuginfo=2',
      '--check-cfg',
      'cfg(docsrs,test)',
      '--check-cfg',
      'cfg(feature, values("fast"))',
      '--cfg',
      'feature="fast"',
      '-C',
      'metadata=58c723c98e8e4dcd',
      '-L',
      'dependency=/w/target/debug/deps',
      '--extern',
      'helper=/w/target/debug/deps/libhelper-7f3a.rlib',
      '--crate-type',
      'cdylib',
      '--emit=link',
      '--out-dir',
      '/w/.hot/build/out',
      '-C',
      'incremental=/w/.hot/build/incremental',
    ],
  });
});

test("colour follows our terminal, not the capture's; prefer-dynamic adds the rpath to the toolchain's std", () => {
  const result = directArgs(CARGO, {
    ...OPTIONS,
    color: true,
    preferDynamicLibdir: '/tc/lib/rustlib/x86_64-unknown-linux-gnu/lib',
  });
  assert.ok(result.ok);
  assert.ok(result.args.includes('--json=diagnostic-rendered-ansi,artifacts,future-incompat'));
  assert.deepEqual(result.args.slice(-4), [
    '-C',
    'prefer-dynamic',
    '-C',
    'link-arg=-Wl,-rpath,/tc/lib/rustlib/x86_64-unknown-linux-gnu/lib',
  ]);
});

test("nothing of cargo's target/ is written: no out-dir, incremental or extra-filename of cargo's remains", () => {
  const withExtra = [...CARGO, '-C', 'extra-filename=-58c7'];
  const result = directArgs(withExtra, OPTIONS);
  assert.ok(result.ok);
  const joined = result.args.join(' ');
  assert.doesNotMatch(joined, /--out-dir \/w\/target|incremental=\/w\/target|extra-filename|dep-info/);
  assert.equal(result.args.filter((a) => a === '--out-dir').length, 1);
  assert.deepEqual(
    result.args.filter((a, i) => result.args[i - 1] === '--crate-type'),
    ['cdylib'],
  );
});

test('commands that cannot be reused say why', () => {
  const without = (flag: string, value: string) =>
    CARGO.filter((a, i) => !(a === value && CARGO[i - 1] === flag) && !(a === flag && CARGO[i + 1] === value));
  assert.deepEqual(directArgs(without('--crate-type', 'cdylib'), OPTIONS), {
    ok: false,
    why: 'cargo built the lib as rlib, not as a cdylib',
  });
  assert.deepEqual(
    directArgs(
      CARGO.map((a) => (a === '--error-format=json' ? '--error-format=human' : a)),
      OPTIONS,
    ),
    {
      ok: false,
      why: 'cargo did not ask rustc for JSON diagnostics',
    },
  );
  assert.deepEqual(
    directArgs(
      CARGO.map((a) => (a === '--emit=dep-info,link' ? '--emit=dep-info,metadata' : a)),
      OPTIONS,
    ),
    {
      ok: false,
      why: 'cargo asked rustc for dep-info, metadata, not a linked library',
    },
  );
  assert.deepEqual(directArgs([...CARGO, '-o', '/x/lib.so'], OPTIONS), {
    ok: false,
    why: 'cargo named the output file itself (-o)',
  });
});

test('parseArgs: separate, `=` and attached values, flags without a value, positional arguments', () => {
  assert.deepEqual(parseArgs(['-C', 'a=1', '-Cb=2', '--edition=2021', '-g', 'src/lib.rs', '-Ldependency=/d']), [
    { flag: '-C', value: 'a=1' },
    { flag: '-C', value: 'b=2' },
    { flag: '--edition', value: '2021' },
    { flag: '-g', value: '' },
    { flag: '', value: 'src/lib.rs' },
    { flag: '-L', value: 'dependency=/d' },
  ]);
});

test("the dependencies cargo built, and where cargo had rustc write the lib's dep-info", () => {
  assert.deepEqual(externFiles(CARGO), ['/w/target/debug/deps/libhelper-7f3a.rlib']);
  assert.equal(cargoDepInfoFile(CARGO), '/w/target/debug/deps/app_lib.d');
  assert.equal(cargoDepInfoFile([...CARGO, '-C', 'extra-filename=-abc']), '/w/target/debug/deps/app_lib-abc.d');
});
