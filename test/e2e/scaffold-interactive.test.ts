// Interactive mode under a real pseudo-terminal (util-linux `script`): the
// prompts are answered with keystrokes, Ctrl-C is a real ^C on the terminal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hashTree, tempDir, writeFiles } from '../support/fs.js';
import { createBin, LiveProcess } from '../support/process.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const CTRL_C = '\u0003';

function interactive(args: string[], cwd: string): LiveProcess {
  return new LiveProcess(process.execPath, [createBin, ...args], { cwd, pty: true });
}

describe('interactive mode', () => {
  it('asks for the directory and the template, then writes the project', async () => {
    const cwd = tempDir();
    const cli = interactive(['--no-install', '--no-build', '--no-git'], cwd);
    await cli.waitFor(/Project directory/);
    cli.write('asked-app' + ENTER);
    await cli.waitFor(/Template/);
    cli.write(ENTER);
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.output);
    assert.ok(fs.existsSync(path.join(cwd, 'asked-app/lib/src/lib.rs')));
    assert.match(cli.output, /✓ wrote \d+ files to asked-app \(template hello-world\)/);
  });

  it('an unknown --template is reported, then asked again', async () => {
    const cwd = tempDir();
    const cli = interactive(['again', '--template', 'nope', '--no-install', '--no-build', '--no-git'], cwd);
    await cli.waitFor(/unknown template "nope": choose one of hello-world, game/);
    await cli.waitFor(/Template/);
    cli.write(ENTER);
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.output);
    assert.ok(fs.existsSync(path.join(cwd, 'again/Cargo.toml')));
  });

  it('Ctrl-C at a prompt prints Cancelled, exits non-zero, writes nothing', async () => {
    const cwd = tempDir();
    const cli = interactive([], cwd);
    await cli.waitFor(/Project directory/);
    cli.write(CTRL_C);
    const { code } = await cli.exited;
    assert.notEqual(code, 0);
    assert.match(cli.output, /Cancelled/);
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  describe('a non-empty directory', () => {
    function busyFolder(): { cwd: string; dir: string } {
      const cwd = tempDir();
      const dir = path.join(cwd, 'busy');
      writeFiles(dir, { 'notes.txt': 'mine', '.git/HEAD': 'ref: refs/heads/main\n' });
      return { cwd, dir };
    }

    it('Cancel is the default: Enter writes nothing', async () => {
      const { cwd } = busyFolder();
      const before = hashTree(cwd);
      const cli = interactive(['busy', '-t', 'hello-world', '--no-install', '--no-build'], cwd);
      await cli.waitFor(/busy is not empty \(notes\.txt\)\. What now\?/);
      cli.write(ENTER);
      const { code } = await cli.exited;
      assert.equal(code, 1, cli.output);
      assert.match(cli.output, /Cancelled: nothing was written/);
      assert.equal(hashTree(cwd), before);
    });

    it('Remove existing files deletes all but .git', async () => {
      const { cwd, dir } = busyFolder();
      const cli = interactive(['busy', '-t', 'hello-world', '--no-install', '--no-build'], cwd);
      await cli.waitFor(/What now\?/);
      cli.write(DOWN + ENTER);
      const { code } = await cli.exited;
      assert.equal(code, 0, cli.output);
      assert.ok(!fs.existsSync(path.join(dir, 'notes.txt')));
      assert.equal(fs.readFileSync(path.join(dir, '.git/HEAD'), 'utf8'), 'ref: refs/heads/main\n');
      assert.ok(fs.existsSync(path.join(dir, 'Cargo.toml')));
    });

    it('Write beside them keeps every file', async () => {
      const { cwd, dir } = busyFolder();
      const cli = interactive(['busy', '-t', 'hello-world', '--no-install', '--no-build'], cwd);
      await cli.waitFor(/What now\?/);
      cli.write(DOWN + DOWN + ENTER);
      const { code } = await cli.exited;
      assert.equal(code, 0, cli.output);
      assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine');
      assert.ok(fs.existsSync(path.join(dir, 'Cargo.toml')));
    });

    it('Write beside them refuses to replace a file, and changes nothing', async () => {
      const { cwd, dir } = busyFolder();
      writeFiles(dir, { 'README.md': 'my own readme' });
      const before = hashTree(cwd);
      const cli = interactive(['busy', '-t', 'hello-world', '--no-install', '--no-build'], cwd);
      await cli.waitFor(/What now\?/);
      cli.write(DOWN + DOWN + ENTER);
      const { code } = await cli.exited;
      assert.equal(code, 1, cli.output);
      assert.match(cli.output, /1 file\(s\) of the project already exist in busy \(README\.md\)/);
      assert.equal(hashTree(cwd), before);
    });
  });

  it('Ctrl-C during the build keeps the written project and says so', async () => {
    const cwd = tempDir();
    const cli = interactive(['built', '--yes', '--no-install', '--no-git'], cwd);
    await cli.waitFor(/building with cargo/);
    cli.write(CTRL_C);
    const { code } = await cli.exited;
    assert.notEqual(code, 0, cli.output);
    assert.match(cli.output, /Cancelled: the project is written in .*built/);
    assert.ok(fs.existsSync(path.join(cwd, 'built/lib/src/lib.rs')));
    assert.deepEqual(
      fs.readdirSync(cwd).filter((n) => n.startsWith('.create-hot-reload')),
      [],
    );
  });
});
