// What the game template adds to the package.json that every template shares (templates/base/package.json.hbs):
// the `ws` dependency, its types, and `npm test`; hello-world gets none of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate, type TemplateValues } from '../../src/scaffold/render.js';

const values: TemplateValues = {
  npmName: 'my-app',
  packageCrate: 'my-app',
  libPackage: 'my-app-lib',
  libCrate: 'my_app_lib',
  runtimeSpec: '^0.1.0',
  runScript: 'pnpm',
};

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function packageJson(template: string): PackageJson {
  const file = renderTemplate(template, values).find((f) => f.path === 'package.json');
  assert.ok(file, 'package.json rendered');
  return JSON.parse(file.contents.toString('utf8')) as PackageJson;
}

describe('game package.json', () => {
  it('the game depends on ws and has npm test: cargo test, the bindings check, a typecheck', () => {
    const game = packageJson('game');
    assert.deepEqual(Object.keys(game.dependencies), ['create-hot-reload', 'ws']);
    assert.ok(game.devDependencies['@types/ws'] && game.devDependencies['@types/node']);
    assert.equal(game.scripts.test, 'cargo test --workspace && hot-reload gen --check && pnpm typecheck');
    assert.match(game.scripts.typecheck!, /tsc -p tsconfig\.json$/);
  });

  it('hello-world gets none of it', () => {
    const hello = packageJson('hello-world');
    assert.deepEqual(Object.keys(hello.dependencies), ['create-hot-reload']);
    assert.deepEqual(Object.keys(hello.devDependencies), ['@types/node']);
    assert.equal(hello.scripts.test, undefined);
  });
});
