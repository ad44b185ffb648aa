// This package as a user gets it: `npm pack` of the working tree, so generated
// projects install create-hot-reload from the tarball (--runtime), not from a link.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './fs.js';
import { repoRoot, run } from './process.js';

let packed: string | undefined;

export async function packTarball(): Promise<string> {
  if (packed) return packed;
  const dest = tempDir('chr-pack-');
  // --ignore-scripts: dist/ is already built by the test script; prepack would rebuild it for nothing.
  const result = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dest], { cwd: repoRoot });
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.output}`);
  const file = fs.readdirSync(dest).find((name) => name.endsWith('.tgz'));
  if (!file) throw new Error(`npm pack wrote no tarball:\n${result.output}`);
  packed = path.join(dest, file);
  return packed;
}
