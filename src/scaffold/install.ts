// Installs the generated project's npm dependencies with the package manager that ran us.
import { UserError } from '../user-error.js';
import type { PackageManager } from './package-manager.js';
import { loadExeca } from './lazy-execa.js';

export async function installDependencies(projectDir: string, pm: PackageManager): Promise<number> {
  const { execa } = await loadExeca();
  const started = performance.now();
  const result = await execa(pm, ['install'], {
    cwd: projectDir,
    stdin: 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
  });
  if (result.isTerminated || result.signal) {
    throw new UserError(`${pm} install was stopped: the project is written; run \`${pm} install\` in it`, 130);
  }
  if (result.failed) {
    const why =
      (result as { code?: string }).code === 'ENOENT'
        ? `${pm} was not found on PATH`
        : `${pm} install failed (output above)`;
    throw new UserError(
      `${why}: the project is written; run \`${pm} install\` in it, or pass --pm to use another package manager`,
    );
  }
  return performance.now() - started;
}
