// The direct rebuild path of `hot-reload dev` (src/dev/direct-build/), end to end: real cargo, real rustc, a real
// TypeScript host printing what the new code prints. Each input the captured command depends on, touched, sends
// the next build through cargo (which captures again) and the one after back to rustc directly; a build script
// keeps it on cargo; RUSTFLAGS and another rustc on PATH are noticed across dev sessions, and what they change
// reaches the direct builds; diagnostics print as cargo prints them; cargo's target/ is left alone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { diagnosticsOnly } from '../../src/dev/cargo-messages.js';
import { run } from '../support/process.js';
import { BuildSession, LIB } from './build-session.js';

/** Without the host's marker lines (`<text> <marker> <counter>`, every 20 ms) and our status lines. */
const ours = (lines: string[]): string[] => lines.filter((t) => !/^\S+ \d+ \d+$/.test(t) && !t.startsWith('[dev]'));

describe('direct rebuilds (TypeScript host)', () => {
  let s: BuildSession;
  const save = (file: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(s.project.root, file)), { recursive: true });
    s.project.save(file, content);
  };
  const touch = (file: string): void => save(file, s.project.read(file));

  before(async () => {
    s = await BuildSession.create('ts');
    await s.start('ts');
  });
  after(() => s?.cleanup());

  test('the first build goes through cargo and captures; a body edit then builds with rustc directly', async () => {
    assert.equal(s.builds()[0]?.path, 'cargo');
    assert.match(s.builds()[0]!.reason, /not captured yet/);
    assert.ok(fs.existsSync(path.join(s.project.root, '.hot', 'build', 'capture.json')));
    assert.deepEqual(await s.edit(), { path: 'direct', reason: "rustc with cargo's captured command, cdylib only" });
  });

  test("cargo's target/ and fingerprints are left exactly as cargo left them", async () => {
    const target = path.join(s.project.root, 'target', 'debug');
    const snapshot = (): string[] =>
      fs
        .readdirSync(target, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const file = path.join(e.parentPath, e.name);
          const st = fs.statSync(file);
          return `${path.relative(target, file)} ${st.size} ${st.mtimeMs}`;
        })
        .sort();
    const before = snapshot();
    assert.equal((await s.edit()).path, 'direct');
    assert.equal((await s.edit()).path, 'direct');
    assert.deepEqual(snapshot(), before);
  });

  const triggers: [string, () => void, RegExp][] = [
    ['the workspace Cargo.toml', () => touch('Cargo.toml'), /^Cargo\.toml changed/],
    ['lib/Cargo.toml', () => touch('lib/Cargo.toml'), /^lib\/Cargo\.toml changed/],
    ['Cargo.lock', () => touch('Cargo.lock'), /^Cargo\.lock changed/],
    [
      'a new .cargo/config.toml',
      () => save('.cargo/config.toml', '[net]\noffline = true\n'),
      /^\.cargo\/config\.toml appeared \(cargo config\)/,
    ],
    [
      'an edited .cargo/config.toml',
      () => save('.cargo/config.toml', '[net]\noffline = true\n# edited\n'),
      /^\.cargo\/config\.toml changed/,
    ],
    [
      'a new rust-toolchain.toml',
      () => save('rust-toolchain.toml', toolchainFile()),
      /^rust-toolchain\.toml appeared \(toolchain file\)/,
    ],
    [
      'a removed rust-toolchain.toml',
      () => fs.rmSync(path.join(s.project.root, 'rust-toolchain.toml')),
      /^rust-toolchain\.toml was removed/,
    ],
  ];
  for (const [what, apply, reason] of triggers) {
    test(`${what} → the next build goes through cargo, the one after directly again`, async () => {
      apply();
      const viaCargo = await s.edit();
      assert.equal(viaCargo.path, 'cargo');
      assert.match(viaCargo.reason, reason);
      assert.match(viaCargo.reason, /since cargo's command was captured/);
      assert.equal((await s.edit()).path, 'direct');
    });
  }

  /** The toolchain rustup chose for this project (what the capture saw), so the file changes nothing else. */
  function toolchainFile(): string {
    const capture = JSON.parse(s.project.read('.hot/build/capture.json')) as { cargoEnv: Record<string, string> };
    return `[toolchain]\nchannel = "${capture.cargoEnv.RUSTUP_TOOLCHAIN ?? 'stable'}"\n`;
  }

  test('a build script (a new file cargo treats differently) keeps every build on cargo until it is gone', async () => {
    const script =
      'println!("cargo::rustc-check-cfg=cfg(from_build_script)");\n    println!("cargo::rustc-cfg=from_build_script");';
    save('lib/build.rs', `fn main() {\n    ${script}\n}\n`);
    const appeared = await s.edit();
    assert.equal(appeared.path, 'cargo');
    assert.match(appeared.reason, /^lib\/build\.rs appeared since/);
    // The build script's cfg reaches the code: the build really ran through cargo.
    const withCfg = await s.edit('cfg', 'if cfg!(from_build_script) { println!("build script ran"); }');
    assert.deepEqual(withCfg, {
      path: 'cargo',
      reason: 'the lib has a build script, which only cargo knows when to run',
    });
    assert.ok(s.dev!.grep(/^build script ran$/).length > 0);
    fs.rmSync(path.join(s.project.root, 'lib', 'build.rs'));
    const removed = await s.edit();
    assert.equal(removed.path, 'cargo');
    assert.match(removed.reason, /^lib\/build\.rs was removed since/);
    assert.equal((await s.edit()).path, 'direct');
  });

  test('warnings of a direct build print exactly as cargo prints them', async () => {
    const from = s.dev!.mark;
    const build = await s.edit('warned', 'let unused_here = 1;');
    assert.equal(build.path, 'direct');
    const printed = ours(s.dev!.lines.slice(from).map((l) => l.text)).join('\n');
    const cargo = await run(
      'cargo',
      ['build', '-p', 'hr-e2e-app-lib', '--message-format=json-render-diagnostics', '--color=never'],
      {
        cwd: s.project.root,
        env: { CARGO_TARGET_DIR: path.join(s.project.root, 'target-compare') },
      },
    );
    assert.match(printed, /^warning: unused variable: `unused_here`/m);
    assert.equal(printed.trim(), diagnosticsOnly(cargo.stderr));
  });

  test('a compile error: the direct build fails, the retry through cargo reports it, as cargo prints it', async () => {
    const { printed, build } = await s.breakBuild();
    assert.deepEqual(build, { path: 'cargo', reason: 'the direct build failed: retried through cargo' });
    const cargo = await run(
      'cargo',
      ['build', '-p', 'hr-e2e-app-lib', '--message-format=json-render-diagnostics', '--color=never'],
      {
        cwd: s.project.root,
        env: { CARGO_TARGET_DIR: path.join(s.project.root, 'target-compare') },
      },
    );
    assert.equal(cargo.code, 101);
    assert.match(printed.join('\n'), /^error\[E0308\]: mismatched types/m);
    assert.equal(ours(printed).join('\n').trim(), diagnosticsOnly(cargo.stderr));
    assert.equal((await s.edit()).path, 'direct', 'after the fix');
  });

  test('RUSTFLAGS set for a new dev session: doctor says cargo and why; the flags reach the direct builds', async () => {
    await s.stop();
    const env = { RUSTFLAGS: '--cfg hr_e2e_flag' };
    assert.match(await s.doctorLine(), /next body edit rebuilds the lib with rustc [\d.]+ .*directly/);
    assert.match(await s.doctorLine(env), /through cargo: RUSTFLAGS was set since cargo's command was captured/);
    await s.start('ts', env);
    assert.match(s.lastBuild().reason, /^RUSTFLAGS was set/);
    const build = await s.edit('flag', 'if cfg!(hr_e2e_flag) { println!("flag on"); }');
    assert.equal(build.path, 'direct');
    assert.ok(s.dev!.grep(/^flag on$/).length > 0, 'the --cfg from RUSTFLAGS is in the direct build');
    await s.stop();
  });

  test('another rustc on PATH (a toolchain switch) for a new dev session: cargo captures it, direct builds use it', async () => {
    const bin = path.join(path.dirname(s.project.root), 'other-toolchain');
    const log = path.join(bin, 'calls.log');
    const capture = JSON.parse(s.project.read('.hot/build/capture.json')) as { rustc: string };
    fs.mkdirSync(bin, { recursive: true });
    // A rustc that logs each call and runs the real one: the simulated other toolchain.
    const script = [
      `#!${process.execPath}`,
      `require('fs').appendFileSync(${JSON.stringify(log)}, process.argv.slice(2).join(' ') + '\\n');`,
      `const r = require('child_process').spawnSync(${JSON.stringify(capture.rustc)}, process.argv.slice(2), { stdio: 'inherit' });`,
      'process.exit(r.status ?? 1);',
    ].join('\n');
    fs.writeFileSync(path.join(bin, 'rustc'), `${script}\n`, { mode: 0o755 });
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    assert.match(await s.doctorLine(env), /through cargo: the rustc on PATH changed/);
    await s.start('ts', env);
    assert.equal(s.lastBuild().path, 'cargo');
    assert.match(s.lastBuild().reason, /^the rustc on PATH changed/);
    fs.writeFileSync(log, '');
    assert.equal((await s.edit()).path, 'direct');
    assert.match(fs.readFileSync(log, 'utf8'), /--crate-type cdylib --emit=link --out-dir \S+\.hot\/build\/out/);
    await s.stop();
  });
});

describe('direct rebuilds of a lib with a path dependency (Rust host)', () => {
  let s: BuildSession;
  before(async () => {
    s = await BuildSession.create('rust');
    const helper = path.join(path.dirname(s.project.root), 'helper');
    fs.mkdirSync(path.join(helper, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(helper, 'Cargo.toml'),
      '[package]\nname = "helper"\nversion = "0.1.0"\nedition = "2024"\n',
    );
    fs.writeFileSync(path.join(helper, 'src', 'lib.rs'), 'pub fn word() -> &\'static str {\n    "alpha"\n}\n');
    s.project.save(
      'lib/Cargo.toml',
      `${s.project.read('lib/Cargo.toml')}\n[dependencies]\nhelper = { path = "../../helper" }\n`,
    );
    // The lock file gets the new dependency now, not while dev's first cargo run captures (which would discard it).
    assert.equal((await run('cargo', ['generate-lockfile', '--offline'], { cwd: s.project.root })).code, 0);
    await s.start('rust');
  });
  after(() => s?.cleanup());

  test("the lib links the dependency's rlib in direct builds; an edit of the dependency goes through cargo", async () => {
    assert.equal((await s.edit('word', 'println!("word {}", helper::word());')).path, 'direct');
    assert.ok(s.dev!.grep(/^word alpha$/).length > 0);
    const helperLib = path.join(path.dirname(s.project.root), 'helper', 'src', 'lib.rs');
    fs.writeFileSync(helperLib, fs.readFileSync(helperLib, 'utf8').replace('alpha', 'beta'));
    const viaCargo = await s.edit('word', 'println!("word {}", helper::word());');
    assert.equal(viaCargo.path, 'cargo');
    assert.match(viaCargo.reason, /helper\/src\/lib\.rs changed/);
    assert.ok(s.dev!.grep(/^word beta$/).length > 0);
    assert.equal((await s.edit('word', 'println!("word {}", helper::word());')).path, 'direct');
    assert.match(s.project.read(LIB), /helper::word/);
  });
});
