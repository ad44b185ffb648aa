// What a name or a file cannot do: reach a shell, or make us write outside the project; and how private the
// temporary copies are. (The game's server side, 127.0.0.1 only and the Origin check, is tested in
// game-server.test.ts and game-browser.test.ts.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/process.js';
import { makePrivateCopy } from '../../src/runtime/private-copy.js';
import { stageProject } from '../../src/scaffold/place.js';
import { tempDir } from '../support/fs.js';

/** Every TypeScript file of the package and of the templates (the hosts users run). */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name)) out.push(full);
    }
  };
  for (const dir of ['src', 'templates']) walk(path.join(repoRoot, dir));
  return out;
}

describe('no shell', () => {
  const files = sources().map((file) => ({ file: path.relative(repoRoot, file), text: fs.readFileSync(file, 'utf8') }));

  it('finds the sources it checks', () => {
    assert.ok(files.length > 40, `${files.length} files`);
    assert.ok(files.some((f) => /spawn\(/.test(f.text)), 'the check would see a spawn');
  });

  // Each pattern is a way a string could reach /bin/sh: the shell option, child_process.exec/execSync (always a
  // shell), execa's command-string forms, and execa's template-literal form.
  const shells: Array<[string, RegExp]> = [
    ['shell option', /\bshell\s*:/],
    ['child_process exec', /\bexec(Sync)?\s*\(\s*[`'"]/],
    ['execa command string', /\bexeca(Command|CommandSync)\b|\$\s*`/],
    ['exec imported from child_process', /import\s*\{[^}]*\bexec(Sync)?\b[^}]*\}\s*from\s*'node:child_process'/],
  ];
  for (const [what, pattern] of shells) {
    it(`no ${what} in src/ or templates/`, () => {
      const hits = files.filter((f) => pattern.test(f.text)).map((f) => f.file);
      assert.deepEqual(hits, []);
    });
  }

  it('every spawn/execa takes its arguments as an array', () => {
    const calls = files.flatMap((f) => [...f.text.matchAll(/\b(spawn|spawnSync|execa|execFile|execFileSync)\(\s*([^,)]+),\s*([^,)]+)/g)].map((m) => ({ file: f.file, args: m[3]!.trim() })));
    assert.ok(calls.length >= 5, `${calls.length} calls`);
    for (const call of calls) assert.match(call.args, /^(\[|\w+$|args\b|\.\.\.|command\.args)/, `${call.file}: ${call.args}`);
  });
});

describe('private temporary folders', () => {
  it('the runtime\'s private copy: mode 0700, an unpredictable name, gone after remove()', () => {
    const source = path.join(tempDir(), 'libx.so');
    fs.writeFileSync(source, 'library bytes');
    const a = makePrivateCopy(source);
    const b = makePrivateCopy(source);
    try {
      const dir = path.dirname(a.file);
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(a.file).uid, process.getuid?.() ?? fs.statSync(a.file).uid);
      assert.notEqual(path.dirname(a.file), path.dirname(b.file));
      assert.match(path.basename(dir), /^hot-reload-[A-Za-z0-9]{6}$/, 'mkdtemp: six random characters');
      assert.equal(fs.readFileSync(a.file, 'utf8'), 'library bytes');
    } finally {
      a.remove();
      b.remove();
    }
    assert.equal(fs.existsSync(path.dirname(a.file)), false);
  });

  it('the scaffolder\'s staging folder: mode 0700 and an unpredictable name beside the target', () => {
    const parent = tempDir();
    const staged = stageProject(path.join(parent, 'app'), [{ path: 'a.txt', contents: Buffer.from('x'), executable: false }]);
    try {
      assert.equal(fs.statSync(staged.dir).mode & 0o777, 0o700);
      assert.equal(path.dirname(staged.dir), parent);
      assert.match(path.basename(staged.dir), /^\.create-hot-reload-[A-Za-z0-9]{6}$/);
    } finally {
      staged.discard();
    }
  });
});
