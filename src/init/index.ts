// `create-hot-reload --init [dir]`: hot reload for a Cargo project that already
// exists. Finds the crate, shows the whole change as a diff, asks, writes it in
// one staged move, then the same steps as a new project: install, bindings,
// first build, load check. Questions come in as callbacks from the CLI.
import fs from 'node:fs';
import path from 'node:path';
import { formatWarning, GENERATED_TS, summarize } from '../bindings/generate.js';
import { readLayout } from '../project.js';
import { UserError } from '../user-error.js';
import { assertCargoAvailable, cargoBuild } from '../scaffold/cargo-build.js';
import { formatDuration } from '../duration.js';
import { listSome } from '../scaffold/format.js';
import { installDependencies } from '../scaffold/install.js';
import { deriveNames } from '../scaffold/names.js';
import type { PackageManager } from '../scaffold/package-manager.js';
import { applyChanges } from './apply.js';
import { renderDiff, summarizeChanges } from './diff.js';
import { uncommittedPaths } from './git-state.js';
import {
  choosePairs,
  describePair,
  onlyPair,
  packageDir,
  readCargoMetadata,
  type HotPair,
  type PairChoice,
} from './metadata.js';
import { noExportsGuide } from './no-exports.js';
import { planInit } from './plan.js';

export interface InitOptions {
  dir: string;
  choice: PairChoice;
  /** Apply without asking. */
  yes: boolean;
  /** Print the diff and stop. */
  dryRun: boolean;
  /** Asks which pair, when several fit; undefined when the run cannot ask. */
  askPair?: (pairs: readonly HotPair[]) => Promise<HotPair>;
  /** Asks to apply (Cancel is the default); undefined when the run cannot ask. */
  confirm?: (question: string) => Promise<boolean>;
  packageManager: PackageManager;
  runtimeSpec: string;
  install: boolean;
  build: boolean;
  log: (line: string) => void;
}

export type InitOutcome = 'already-set-up' | 'dry-run' | 'applied';

export async function initProject(options: InitOptions): Promise<{ outcome: InitOutcome; root: string }> {
  const { log } = options;
  const dir = path.resolve(options.dir);
  if (!fs.existsSync(path.join(dir, 'Cargo.toml'))) {
    throw new UserError(
      `no Cargo.toml in ${dir}: run --init in a Cargo project (for a new one: npm create hot-reload)`,
    );
  }
  if (madeByCreateHotReload(dir)) {
    log('✓ already set up: this project was made by create-hot-reload (npm run dev)');
    return { outcome: 'already-set-up', root: dir };
  }
  const metadata = await readCargoMetadata(dir);
  const root = metadata.workspace_root;
  const pairs = choosePairs(metadata, options.choice);
  // Set up before: the pair package.json names, unless --lib/--bin say otherwise.
  const layout = readLayout(root);
  const isLayout = (p: HotPair): boolean =>
    packageDir(metadata, p.lib) === layout?.lib && packageDir(metadata, p.bin) === layout?.bin;
  const chosen = pairs.filter(isLayout);
  const candidates = chosen.length === 1 ? chosen : pairs;
  const pair = candidates.length > 1 && options.askPair ? await options.askPair(candidates) : onlyPair(candidates);
  const plan = planInit({ metadata, pair, npmName: deriveNames(root).names.npmName, runtimeSpec: options.runtimeSpec });
  log(`· ${describePair(pair)}${root === dir ? '' : ` (workspace root ${root})`}`);
  if (plan.changes.length === 0) {
    log('✓ already set up: nothing to change');
    return { outcome: 'already-set-up', root };
  }

  const dirty = await uncommittedPaths(root);
  if (dirty.length > 0) {
    log(
      `! the git work tree has uncommitted changes (${listSome(dirty)}): ` +
        'commit or stash them first to review this change on its own',
    );
  }
  log('');
  log(renderDiff(plan.changes).trimEnd());
  log('');
  for (const note of plan.notes) log(`! ${note}`);
  log(`· will ${summarizeChanges(plan.changes)}`);
  if (options.dryRun) {
    log('· --dry-run: nothing written');
    return { outcome: 'dry-run', root };
  }
  if (!options.yes) {
    if (!options.confirm)
      throw new UserError('nothing written: pass --yes to apply these changes, or --dry-run to only show them');
    if (!(await options.confirm('Apply these changes?'))) throw new UserError('Cancelled: nothing was written');
  }

  applyChanges(root, plan.changes);
  log(`✓ wrote ${plan.changes.length} files`);
  for (const warning of plan.model.warnings) log(formatWarning(warning));
  log(`✓ bindings: ${summarize(plan.model)} → ${GENERATED_TS}, ${path.posix.join(plan.layout.bin, 'src/hot_lib.rs')}`);

  if (options.install) {
    log(`· installing dependencies with ${options.packageManager}…`);
    log(`✓ dependencies installed in ${formatDuration(await installDependencies(root, options.packageManager))}`);
  }
  if (options.build) {
    const cargoVersion = await assertCargoAvailable();
    log(`· building with ${cargoVersion.split(' (')[0]}…`);
    const packages = [...new Set([pair.lib.name, pair.bin.name])];
    log(`✓ cargo build finished in ${formatDuration(await cargoBuild(root, packages))}`);
    const { checkLibLoads } = await import('../scaffold/load-check.js');
    log(checkLibLoads(root));
  }
  if (plan.model.functions.length === 0) for (const line of noExportsGuide(root, plan.model.files)) log(line);
  return { outcome: 'applied', root };
}

/** A project `npm create hot-reload` made: the default layout, and package.json depending on us. */
function madeByCreateHotReload(dir: string): boolean {
  if (readLayout(dir) || !fs.existsSync(path.join(dir, 'lib', 'Cargo.toml'))) return false;
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    return (
      json.dependencies?.['create-hot-reload'] !== undefined ||
      json.devDependencies?.['create-hot-reload'] !== undefined
    );
  } catch {
    return false;
  }
}
