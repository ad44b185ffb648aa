// The scaffolder's orchestrator: typed options in, one helper per step, each
// step reported on one line. No prompts here (the CLI asked already), so tests
// and other tools can call createProject directly.
import path from 'node:path';
import { generateBindings } from '../bindings/generate.js';
import { PendingProject } from './cancel.js';
import { assertCargoAvailable, cargoBuild } from './cargo-build.js';
import { formatDuration } from '../duration.js';
import { initGit, type GitResult } from './git.js';
import { installDependencies } from './install.js';
import type { ProjectNames } from './names.js';
import { runScriptCommand, type PackageManager } from './package-manager.js';
import { placeProject, stageProject } from './place.js';
import { renderTemplate } from './render.js';
import type { TargetState, WritePolicy } from './target-dir.js';

export interface CreateOptions {
  /** Where to write, as the user typed it (relative to cwd, or absolute). */
  targetDir: string;
  template: string;
  names: ProjectNames;
  /** What inspectTarget found there, decided before any prompt. */
  targetState: TargetState;
  /** How to write into a non-empty target; without one, beside the files there (never replacing one). */
  existingFiles?: WritePolicy;
  packageManager: PackageManager;
  /** Dependency spec for create-hot-reload written into package.json. */
  runtimeSpec: string;
  install: boolean;
  build: boolean;
  git: boolean;
  /** Where progress lines go; the CLI passes console.log. */
  log: (line: string) => void;
}

export interface CreateResult {
  projectDir: string;
  template: string;
  git: GitResult | 'skipped';
  installed: boolean;
  built: boolean;
}

/** `pending` is what a Ctrl-C handler cancels; the CLI passes its own, tests need none. */
export async function createProject(
  options: CreateOptions,
  pending: PendingProject = new PendingProject(),
): Promise<CreateResult> {
  const result = await createSteps(options, pending);
  pending.finished();
  return result;
}

async function createSteps(options: CreateOptions, pending: PendingProject): Promise<CreateResult> {
  const { log } = options;
  const projectDir = path.resolve(options.targetDir);
  const runScript = runScriptCommand(options.packageManager);
  const files = renderTemplate(options.template, { ...options.names, runtimeSpec: options.runtimeSpec, runScript });

  const staged = stageProject(projectDir, files);
  let fileCount = files.length;
  pending.staged(staged.discard);
  try {
    // Bindings are generated inside the staged copy, so they arrive with the rest in one move.
    const bindings = generateBindings(staged.dir);
    fileCount = files.length + bindings.written.length;
    placeProject(staged, options.targetDir, options.targetState, options.existingFiles);
  } finally {
    staged.discard();
    pending.unstaged();
  }
  pending.placed(projectDir, options.packageManager);
  log(`✓ wrote ${fileCount} files to ${displayPath(projectDir)} (template ${options.template})`);

  const result: CreateResult = {
    projectDir,
    template: options.template,
    git: 'skipped',
    installed: false,
    built: false,
  };
  if (options.install) {
    log(`· installing dependencies with ${options.packageManager}…`);
    const ms = await installDependencies(projectDir, options.packageManager);
    result.installed = true;
    log(`✓ dependencies installed in ${formatDuration(ms)}`);
  }

  // After the install, so the lockfile it writes is part of the first commit.
  if (options.git) {
    result.git = await initGit(projectDir);
    if (result.git === 'committed') log('✓ git repository initialized with a first commit');
    else if (result.git === 'initialized')
      log('✓ git repository initialized (no commit: set git user.name and user.email)');
    else if (result.git === 'inside-work-tree') log('· git: already inside a repository, left as it is');
    else if (result.git === 'no-git') log('· git: not found on PATH, skipped');
    else log(`· git: skipped (${result.git.failed})`);
  }

  if (options.build) {
    const cargoVersion = await assertCargoAvailable();
    log(`· building with ${cargoVersion.split(' (')[0]} (first build)…`);
    const ms = await cargoBuild(projectDir);
    log(`✓ cargo build finished in ${formatDuration(ms)}`);
    // Imported here: it loads koffi's native module, which a run without --build never needs.
    const { checkLibLoads } = await import('./load-check.js');
    log(checkLibLoads(projectDir));
    result.built = true;
  }
  return result;
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}
