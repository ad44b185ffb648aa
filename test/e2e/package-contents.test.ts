// The package as published (dist/ as `npm run build` writes it): every import that leaves the bundle is one of
// the two runtime dependencies or a Node built-in, so nothing the package.json does not install is ever loaded.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { createBin, hotReloadBin, repoRoot, run } from '../support/process.js';

const RUNTIME_DEPENDENCIES = ['koffi', 'tsx'];
const dist = path.join(repoRoot, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

/**
 * Every import that leaves dist/, as esbuild resolves them: static and dynamic imports, followed from the three
 * entry points through every chunk.
 */
async function importsLeavingDist(): Promise<string[]> {
  const entryPoints = ['cli/create.js', 'cli/hot-reload.js', 'runtime/index.js'].map((file) => path.join(dist, file));
  const result = await build({
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: path.join(dist, '.analysis'),
    logLevel: 'silent',
  });
  const external = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) external.add(imported.path);
  }
  return [...external].sort();
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`, `node:fs` → `fs`. */
function packageOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the published package', () => {
  it('depends at run time on koffi and tsx only', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), RUNTIME_DEPENDENCIES);
  });

  it('loads nothing from outside its bundle but those two and Node built-ins', async () => {
    const imports = await importsLeavingDist();
    assert.ok(imports.includes('koffi'), `the analysis sees the runtime's koffi import: ${imports.join(', ')}`);
    const strays = imports.filter((specifier) => {
      const name = packageOf(specifier);
      return !RUNTIME_DEPENDENCIES.includes(name) && !builtinModules.includes(name);
    });
    assert.deepEqual(strays, []);
  });

  it('ships the runtime export with its declarations and the licenses of what it bundles', () => {
    for (const file of ['runtime/index.js', 'runtime/index.d.ts', 'THIRD-PARTY-LICENSES.md']) {
      assert.ok(fs.existsSync(path.join(dist, file)), `dist/${file}`);
    }
    assert.match(fs.readFileSync(path.join(dist, 'THIRD-PARTY-LICENSES.md'), 'utf8'), /^## commander@/m);
  });

  it('answers --version from both bins', async () => {
    for (const bin of [createBin, hotReloadBin]) {
      const result = await run(process.execPath, [bin, '--version']);
      assert.equal(result.code, 0, result.output);
      assert.equal(result.stdout, `${pkg.version}\n`);
    }
  });
});
