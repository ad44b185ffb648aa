import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergePackageJson, SCRIPTS } from '../../src/init/package-json.js';

const layout = { lib: 'crates/core', bin: 'crates/app' };
const merge = (existing: string | undefined) =>
  mergePackageJson({ existing, npmName: 'my-game', runtimeSpec: '^0.1.0', layout });

describe('mergePackageJson', () => {
  test('no package.json: a new one, ES modules, our scripts and the layout', () => {
    const result = merge(undefined);
    const json = JSON.parse(result.text);
    assert.equal(json.name, 'my-game');
    assert.equal(json.type, 'module');
    assert.deepEqual(json.scripts, SCRIPTS);
    assert.deepEqual(json.dependencies, { 'create-hot-reload': '^0.1.0' });
    assert.deepEqual(json['hot-reload'], layout);
    assert.equal(result.hostNeedsModuleType, false);
  });

  test('an existing one: their fields, scripts and dependencies kept in order, ours added, their indentation kept', () => {
    const existing =
      '{\n    "name": "tools",\n    "scripts": { "lint": "cargo clippy" },\n    "dependencies": { "left-pad": "1.0.0" }\n}\n';
    const result = merge(existing);
    const json = JSON.parse(result.text);
    assert.equal(json.name, 'tools');
    assert.deepEqual(Object.keys(json.scripts), ['lint', ...Object.keys(SCRIPTS)]);
    assert.deepEqual(json.dependencies, { 'left-pad': '1.0.0', 'create-hot-reload': '^0.1.0' });
    assert.match(result.text, /^\{\n {4}"name": "tools",/);
    assert.ok(result.text.endsWith('}\n'));
    assert.equal(result.hostNeedsModuleType, true, 'no "type": host/ needs its own');
  });

  test('merging twice changes nothing the second time', () => {
    const once = merge('{"name":"x","type":"module"}').text;
    assert.equal(merge(once).text, once);
    assert.equal(merge(once).hostNeedsModuleType, false);
  });

  test('their own create-hot-reload or @types/node (any spec) is kept', () => {
    const json = JSON.parse(
      merge('{"devDependencies":{"create-hot-reload":"file:../chr.tgz","@types/node":"^22"}}').text,
    );
    assert.equal(json.dependencies['create-hot-reload'], undefined);
    assert.equal(json.devDependencies['create-hot-reload'], 'file:../chr.tgz');
    assert.equal(json.devDependencies['@types/node'], '^22');
  });

  const refusals: [string, string, RegExp][] = [
    [
      'a script of ours with another command',
      '{"scripts":{"dev":"vite"}}',
      /package.json already has a script "dev" \("vite"\): rename yours/,
    ],
    ['invalid JSON', '{"scripts":', /package.json is not valid JSON/],
    ['not an object', '[]', /package.json is not a JSON object/],
    ['scripts not an object', '{"scripts":[]}', /package.json "scripts" is not an object/],
  ];
  for (const [name, text, error] of refusals) test(`refused: ${name}`, () => assert.throws(() => merge(text), error));
});
