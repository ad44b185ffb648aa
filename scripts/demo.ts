// `npm run demo [-- directory]`: what a new user gets, from this checkout.
// Packs this package, scaffolds a project that installs the tarball (the
// package is not on the registry yet), then runs the project's `npm run dev`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const target = path.resolve(process.argv[2] ?? 'demo-app');

function step(command: string, args: string[], cwd: string): void {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const packDir = path.join(repoRoot, '.demo-pack');
fs.rmSync(packDir, { recursive: true, force: true });
fs.mkdirSync(packDir);
step('npm', ['pack', '--pack-destination', packDir], repoRoot);
const tarball = path.join(
  packDir,
  fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'))!,
);

if (fs.existsSync(target)) {
  console.log(`\n${target} exists: running its dev loop (remove it to scaffold afresh)`);
} else {
  step(
    process.execPath,
    [path.join(repoRoot, 'dist/cli/create.js'), target, '--yes', '--runtime', `file:${tarball}`],
    path.dirname(target),
  );
}
step('npm', ['run', 'dev'], target);
