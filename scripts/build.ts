// `npm run build`: dist/ as it is published. Our own code and every dependency that can be bundled (commander,
// prompts, execa, handlebars) go into ESM bundles, as create-vite ships; only koffi (a native module) and tsx
// (it runs the host's TypeScript in another process) stay runtime dependencies. The runtime export also gets
// its .d.ts from tsc. Code split by dynamic import() stays split, so each command loads only what it runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import Handlebars from 'handlebars';
import { listFilesRecursive } from '../src/list-files.js';
import { COMPILE_OPTIONS } from '../src/scaffold/template-compiler.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;

fs.rmSync(dist, { recursive: true, force: true });

/**
 * Replaces src/scaffold/template-compiler.ts with every .hbs under templates/ precompiled, on Handlebars' runtime
 * build: measured, loading the compiler and compiling at each scaffold cost more than everything else we run.
 */
const precompiledTemplates: Plugin = {
  name: 'precompiled-templates',
  setup(builder) {
    builder.onResolve({ filter: /\/template-compiler\.js$/ }, () => ({ path: 'templates', namespace: 'precompiled' }));
    builder.onLoad({ filter: /.*/, namespace: 'precompiled' }, () => {
      const templates = `${root}templates/`;
      const specs = listFilesRecursive(templates)
        .map((file) => file.split(path.sep).join('/'))
        .filter((key) => key.endsWith('.hbs'))
        .map((key) => {
          const spec = Handlebars.precompile(fs.readFileSync(templates + key, 'utf8'), COMPILE_OPTIONS);
          return `  ${JSON.stringify(key)}: ${spec as unknown as string},`; // precompile returns the spec as JS source text
        });
      const contents = [
        "import Handlebars from 'handlebars/runtime';",
        'export const handlebars = Handlebars.create();',
        `const specs = {\n${specs.join('\n')}\n};`,
        'export function compileTemplate(key) {',
        '  const spec = specs[key];',
        '  if (!spec) throw new Error(`template ${key} was not precompiled: rebuild create-hot-reload`);',
        '  return handlebars.template(spec);',
        '}',
      ].join('\n');
      return { contents, loader: 'js', resolveDir: root };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  metafile: true,
  entryPoints: ['src/cli/create.ts', 'src/cli/hot-reload.ts', 'src/runtime/index.ts'],
  outdir: 'dist',
  outbase: 'src',
  // Every output file one folder below dist/: own-package.ts finds the package root two levels up.
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  define: { BUNDLED_PACKAGE_ROOT: '"../../"' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['koffi', 'tsx'],
  // Bundled CommonJS (commander, prompts, handlebars) calls require() for Node's built-ins, which ESM lacks.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      'const require = __createRequire(import.meta.url);',
    ].join('\n'),
  },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [precompiledTemplates],
});

writeThirdPartyLicenses(Object.keys(result.metafile.inputs));

// cargo runs the rustc capture wrapper as a program of its own (RUSTC_WORKSPACE_WRAPPER), once per rustc run:
// one small file, where src/dev/direct-build/capture.ts looks for it.
await build({
  absWorkingDir: root,
  entryPoints: ['src/dev/direct-build/capture-rustc.ts'],
  outfile: 'dist/dev/direct-build/capture-rustc.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

interface PackageJson {
  name: string;
  version: string;
  license?: string;
}

/** The bundle carries other packages' code, so it carries their licenses: one file, every bundled package once. */
function writeThirdPartyLicenses(inputs: readonly string[]): void {
  const packageDirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packageDirs.add(match[1]!);
  }
  const sections = [...packageDirs].sort().map((dir) => {
    const absolute = path.join(root, dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(absolute, 'package.json'), 'utf8')) as PackageJson;
    const licenseFile = fs.readdirSync(absolute).find((name) => /^licen[cs]e/i.test(name));
    const text = licenseFile
      ? fs.readFileSync(path.join(absolute, licenseFile), 'utf8').trim()
      : `License: ${pkg.license ?? 'not stated'}`;
    return `## ${pkg.name}@${pkg.version}\n\n${text}\n`;
  });
  const header = '# Third-party code bundled into dist/\n\nEach package below is bundled, in part or whole.\n';
  fs.writeFileSync(path.join(dist, 'THIRD-PARTY-LICENSES.md'), [header, ...sections].join('\n'));
}

// Declarations for the one library export; the bins need none.
const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
const types = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, stdio: 'inherit' });
if (types.status !== 0) process.exit(types.status ?? 1);
