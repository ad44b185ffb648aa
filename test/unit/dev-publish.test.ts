import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Publisher } from '../../src/dev/publish.js';
import { readPublishedVersion } from '../../src/runtime/published.js';
import { libraryFileName } from '../../src/project.js';

function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-publish-'));
  const artifact = path.join(root, 'target', libraryFileName('app_lib'));
  fs.mkdirSync(path.dirname(artifact), { recursive: true });
  return { root, artifact, publisher: new Publisher(root, 'app_lib') };
}
const ext = path.extname(libraryFileName('app_lib'));

test('each publish is a numbered copy, and current.json points at the newest', () => {
  const { root, artifact, publisher } = setup();
  publisher.cleanAll();
  for (const v of [1, 2, 3]) {
    fs.writeFileSync(artifact, `build ${v}`);
    const published = publisher.publish(artifact, { abi: 'a', changedAt: 10 * v, buildMs: v });
    assert.equal(published.version, v);
    assert.equal(published.path, `.hot/app_lib-${v}${ext}`);
  }
  fs.writeFileSync(artifact, 'overwritten by the next cargo build');
  assert.equal(
    fs.readFileSync(path.join(root, '.hot', `app_lib-2${ext}`), 'utf8'),
    'build 2',
    "copies are independent of cargo's file",
  );
  assert.deepEqual(readPublishedVersion(root), {
    version: 3,
    path: `.hot/app_lib-3${ext}`,
    crate: 'app_lib',
    abi: 'a',
    changedAt: 30,
    buildMs: 3,
  });
  assert.deepEqual(
    fs.readdirSync(path.join(root, '.hot')).filter((f) => f.endsWith('.tmp')),
    [],
    'no temp files left',
  );
  fs.rmSync(root, { recursive: true });
});

test('point() goes back to an older version; prune keeps only what is asked', () => {
  const { root, artifact, publisher } = setup();
  fs.writeFileSync(artifact, 'x');
  for (let i = 0; i < 4; i++) publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0 });
  publisher.point(publisher.get(2)!);
  assert.equal(readPublishedVersion(root).version, 2);
  assert.equal(publisher.current?.version, 2);
  publisher.prune([2, 4]);
  assert.deepEqual(
    fs.readdirSync(path.join(root, '.hot')).sort(),
    ['current.json', `app_lib-2${ext}`, `app_lib-4${ext}`].sort(),
  );
  assert.deepEqual(
    publisher.versions().map((v) => v.version),
    [4, 2],
  );
  fs.rmSync(root, { recursive: true });
});

test('cleanAll removes what an earlier run left, but not the lock', () => {
  const { root, publisher } = setup();
  const hot = path.join(root, '.hot');
  fs.mkdirSync(hot);
  for (const f of [
    `app_lib-7${ext}`,
    `app_lib-8${ext}.tmp`,
    'app_lib-7.layout.json',
    'snapshot-ts.bin',
    'current.json',
    'current.json.123.tmp',
    'dev.lock',
    'notes.txt',
  ])
    fs.writeFileSync(path.join(hot, f), '');
  publisher.cleanAll();
  assert.deepEqual(fs.readdirSync(hot).sort(), ['dev.lock', 'notes.txt']);
  fs.rmSync(root, { recursive: true });
});

test("requestRestart raises current.json's `restart`, and every later write keeps it", () => {
  const { root, artifact, publisher } = setup();
  fs.writeFileSync(artifact, 'x');
  publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0 });
  const restartField = (): unknown =>
    (JSON.parse(fs.readFileSync(path.join(root, '.hot', 'current.json'), 'utf8')) as { restart?: number }).restart;
  assert.equal(restartField(), undefined, 'never asked: not written');
  publisher.requestRestart();
  assert.equal(restartField(), 1);
  assert.equal(readPublishedVersion(root).version, 1, 'still the same version');
  publisher.requestRestart();
  publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0 });
  assert.equal(restartField(), 2);
  fs.rmSync(root, { recursive: true });
});

test('publish takes the version number it is given (the dev loop numbers versions)', () => {
  const { root, artifact, publisher } = setup();
  fs.writeFileSync(artifact, 'x');
  assert.equal(publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0 }, 4).version, 4);
  assert.equal(publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0 }).version, 5);
  fs.rmSync(root, { recursive: true });
});

test('a build with layouts publishes them beside the copy, names them in current.json, prunes them with it', () => {
  const { root, artifact, publisher } = setup();
  fs.writeFileSync(artifact, 'x');
  publisher.cleanAll();
  publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0, layoutJson: '{"types":{}}' });
  const current = JSON.parse(fs.readFileSync(path.join(root, '.hot', 'current.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(current.layout, '.hot/app_lib-1.layout.json');
  assert.equal(current.layoutJson, undefined, 'the JSON itself is not in current.json');
  assert.equal(fs.readFileSync(path.join(root, '.hot', 'app_lib-1.layout.json'), 'utf8'), '{"types":{}}');
  publisher.publish(artifact, { abi: 'a', changedAt: 0, buildMs: 0 });
  assert.equal(
    (JSON.parse(fs.readFileSync(path.join(root, '.hot', 'current.json'), 'utf8')) as { layout?: string }).layout,
    undefined,
  );
  publisher.prune([2]);
  assert.deepEqual(fs.readdirSync(path.join(root, '.hot')).sort(), ['app_lib-2' + ext, 'current.json'].sort());
  fs.writeFileSync(path.join(root, '.hot', 'app_lib-9.layout.json'), '{}');
  publisher.cleanAll();
  assert.deepEqual(fs.readdirSync(path.join(root, '.hot')), [], "an earlier run's layouts are cleaned too");
  fs.rmSync(root, { recursive: true });
});
