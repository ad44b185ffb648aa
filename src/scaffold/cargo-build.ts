// The initial `cargo build`, with cargo's own progress on the terminal (never a
// silent wait) and errors that keep the written project and say what to do.
import { UserError } from '../user-error.js';
import { loadExeca } from './lazy-execa.js';

export const RUSTUP_URL = 'https://rustup.rs';

/** Throws a UserError when cargo cannot be run at all. */
export async function assertCargoAvailable(): Promise<string> {
  const { execa } = await loadExeca();
  const result = await execa('cargo', ['--version'], { reject: false });
  if (result.failed) {
    throw new UserError(
      `cargo was not found on PATH: install Rust from ${RUSTUP_URL}, then run \`cargo build\` in the project`,
    );
  }
  return result.stdout.trim();
}

/**
 * Builds the whole workspace (the bin and the lib's cdylib) in `projectDir`, or only `packages` when given;
 * returns the milliseconds it took.
 */
export async function cargoBuild(projectDir: string, packages: readonly string[] = []): Promise<number> {
  const { execa } = await loadExeca();
  const started = performance.now();
  // stdout would carry nothing useful for a build; cargo writes progress and diagnostics to stderr.
  const only = packages.flatMap((name) => ['-p', name]);
  const result = await execa('cargo', ['build', ...only, '--color', process.stderr.isTTY ? 'always' : 'never'], {
    cwd: projectDir,
    stdin: 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
  });
  if (result.isTerminated || result.signal) {
    throw new UserError(
      `cargo build was stopped (${result.signal ?? 'signal'}): the project is written; run \`cargo build\` in it`,
      130,
    );
  }
  if (result.failed) {
    throw new UserError(
      'cargo build failed (errors above): the project is written; fix them and run `cargo build` in it',
    );
  }
  return performance.now() - started;
}
