import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { acquireDevLock, isAlive } from '../../src/dev/lock.js';
import { UserError } from '../../src/user-error.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'dev-lock-'));

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

test('a second dev on the same project is refused while the first lives', () => {
  const root = tmp();
  const first = acquireDevLock(root, process.pid);
  assert.throws(
    () => acquireDevLock(root, process.ppid),
    (e) => e instanceof UserError && e.message.includes(`pid ${process.pid}`) && /already running/.test(e.message),
  );
  first.release();
  const second = acquireDevLock(root, process.ppid);
  assert.ok(fs.existsSync(second.file));
  fs.rmSync(root, { recursive: true });
});

test('a lock left by a dead dev is taken over', () => {
  const root = tmp();
  const pid = deadPid();
  assert.equal(isAlive(pid), false);
  fs.mkdirSync(path.join(root, '.hot'));
  fs.writeFileSync(path.join(root, '.hot', 'dev.lock'), JSON.stringify({ pid }));
  const lock = acquireDevLock(root);
  assert.equal(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid, process.pid);
  lock.release();
  assert.equal(fs.existsSync(lock.file), false);
  fs.rmSync(root, { recursive: true });
});

test('an unreadable lock (half-written by a killed dev) counts as stale', () => {
  const root = tmp();
  fs.mkdirSync(path.join(root, '.hot'));
  fs.writeFileSync(path.join(root, '.hot', 'dev.lock'), '{"pi');
  const lock = acquireDevLock(root);
  assert.equal(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid, process.pid);
  lock.release();
  fs.rmSync(root, { recursive: true });
});

test('release leaves a lock that another dev took over alone', () => {
  const root = tmp();
  const lock = acquireDevLock(root);
  fs.writeFileSync(lock.file, JSON.stringify({ pid: process.ppid }));
  lock.release();
  assert.ok(fs.existsSync(lock.file));
  fs.rmSync(root, { recursive: true });
});
