// The scaffolder's orchestrator: typed options in, one helper per step, each
// step reported on one line. No prompts here (the CLI asked already), so tests
// and other tools can call createProject directly.
import path from 'node:path';
import { generateBindings } from '../bindings/generate.js';
import { assertCargoAvailable, cargoBuild } from './cargo-build.js';
import { formatDuration } from '../duration.js';
import { initGit, type GitResult } from './git.js';
import { installDependencies } from './install.js';
import type { ProjectNames } from './names.js';
import { runScriptCommand, type PackageManager } from './package-manager.js';
import { placeProject, stageProject } from './place.js';
import { renderTemplate } from './render.js';
import type { ExistingFilesPolicy, TargetState } from './target-dir.js';

export interface CreateOptions {
  /** Where to write, as the user typed it (relative to cwd, or absolute). */
  targetDir: string;
  template: string;
  names: ProjectNames;
  /** What inspectTarget found there, decided before any prompt. */
  targetState: TargetState;
  /** Only read when targetState is non-empty. */
  existingFiles: ExistingFilesPolicy;
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

/** Set while a staged project exists, so a Ctrl-C handler can remove it. */
let discardStaged: (() => void) | undefined;
/** Set once the project is in place: a Ctrl-C after that keeps it and says where. */
let placedAt: { dir: string; packageManager: PackageManager } | undefined;

/** For a Ctrl-C handler: undoes what is half-done and returns the line to print. */
export function cancelPendingProject(): string {
  if (discardStaged) {
    discardStaged();
    return 'Cancelled: nothing was written';
  }
  if (placedAt) {
    return `Cancelled: the project is written in ${placedAt.dir}; finish with \`${placedAt.packageManager} install\` and \`cargo build\` there`;
  }
  return 'Cancelled';
}

export async function createProject(options: CreateOptions): Promise<CreateResult> {
  const { log } = options;
  const projectDir = path.resolve(options.targetDir);
  const runScript = runScriptCommand(options.packageManager);
  const files = renderTemplate(options.template, { ...options.names, runtimeSpec: options.runtimeSpec, runScript });

  const staged = stageProject(projectDir, files);
  let fileCount = files.length;
  discardStaged = staged.discard;
  try {
    // Bindings are generated inside the staged copy, so they arrive with the rest in one move.
    const bindings = generateBindings(staged.dir);
    fileCount = files.length + bindings.written.length;
    placeProject(staged, options.targetDir, options.targetState, options.existingFiles);
  } finally {
    staged.discard();
    discardStaged = undefined;
  }
  placedAt = { dir: projectDir, packageManager: options.packageManager };
  log(`✓ wrote ${fileCount} files to ${displayPath(projectDir)} (template ${options.template})`);

  const result: CreateResult = { projectDir, template: options.template, git: 'skipped', installed: false, built: false };
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
    else if (result.git === 'initialized') log('✓ git repository initialized (no commit: set git user.name and user.email)');
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
