// loadLib: the entry point of a TypeScript host. Under `hot-reload dev`
// (HOT_RELOAD_DEV=1) it runs the published version and follows new ones;
// otherwise (`npm start`) it runs a private copy of cargo's last debug build.
import fs from 'node:fs';
import path from 'node:path';
import { libraryFileName } from '../project.js';
import { UserError } from '../user-error.js';
import { readLayoutFile, type LayoutFile } from '../migrate/layout-file.js';
import { LibController } from './controller.js';
import { followPublished } from './follow.js';
import { HotLib } from './hot-lib.js';
import { openCopy, openPublished } from './open.js';
import { currentJsonPath, readPublishedVersion } from './published.js';
import { deleteSnapshot, readSnapshot, SNAPSHOT_FILE } from './snapshot-file.js';
import { formatFresh, formatLoaded, SNAPSHOT_CAPABLE_LINE } from './swap-line.js';
import type { LibBindings, PublishedVersion } from './types.js';

export interface LoadOptions {
  /** The project root. Default: env HOT_RELOAD_ROOT, else the current directory. */
  root?: string;
  /** Follow `hot-reload dev`'s published versions. Default: env HOT_RELOAD_DEV === '1'. */
  dev?: boolean;
  /** Where the runtime's one-line reports go. Default: stderr (the dev loop reads them there). */
  log?: (line: string) => void;
  /** How the host ends when it must restart (exit code 75). Default: process.exit. */
  exit?: (code: number) => void;
}

// eslint-disable-next-line @typescript-eslint/require-await -- async on purpose: every failure reaches the host as a rejection
export async function loadLib<Api extends object>(
  bindings: LibBindings<Api>,
  options: LoadOptions = {},
): Promise<HotLib<Api>> {
  const root = path.resolve(options.root ?? process.env.HOT_RELOAD_ROOT ?? process.cwd());
  const dev = options.dev ?? process.env.HOT_RELOAD_DEV === '1';
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  if (!dev) return loadBuilt(root, bindings);
  return loadPublished(root, bindings, log, options.exit);
}

function loadPublished<Api extends object>(
  root: string,
  bindings: LibBindings<Api>,
  log: (line: string) => void,
  exit: ((code: number) => void) | undefined,
): HotLib<Api> {
  if (!fs.existsSync(currentJsonPath(root))) {
    throw new UserError(
      `no published version at ${currentJsonPath(root)}: HOT_RELOAD_DEV=1 is for hosts started by \`hot-reload dev\``,
    );
  }
  const started = performance.now();
  const published = readPublishedVersion(root);
  if (published.abi !== bindings.abi) {
    throw new UserError(
      `v${published.version} of ${published.crate} was built from sources with another ABI than these bindings: ` +
        'regenerate them with `hot-reload gen` (the dev loop does this on every build)',
    );
  }
  log(SNAPSHOT_CAPABLE_LINE);
  const controller = new LibController(openPublished(root, published, bindings), bindings, readLayout(root, published));
  const lib = new HotLib(controller, log);
  log(formatLoaded(published.version, performance.now() - started));
  restoreState(root, published, controller, log);
  const stopFollowing = followPublished(controller, { root, log, exit, startedWithRestart: published.restart ?? 0 });
  const stopOrphanCheck = exitWhenOrphaned(log);
  controller.onClose.add(stopFollowing);
  controller.onClose.add(stopOrphanCheck);
  return lib;
}

function readLayout(root: string, published: PublishedVersion): LayoutFile | undefined {
  if (!published.layout) return undefined;
  try {
    const layout = readLayoutFile(path.resolve(root, published.layout));
    return layout.refused ? undefined : layout;
  } catch {
    return undefined; // a migration away from this version will say the layouts are unknown
  }
}

/**
 * A host restarted by dev (contract §4): the previous host's snapshot, if it wrote one, is carried into the first
 * allocations of the same types (HotLib.alloc prints the `migrated` line); none → say the state starts fresh.
 */
function restoreState<Api extends object>(
  root: string,
  published: PublishedVersion,
  controller: LibController<Api>,
  log: (line: string) => void,
): void {
  let snapshot;
  try {
    snapshot = readSnapshot(root);
  } catch (error) {
    log(formatFresh(published.version, `cannot read ${SNAPSHOT_FILE}: ${(error as Error).message}`));
  }
  deleteSnapshot(root);
  if (snapshot) {
    if (controller.layout) controller.restoreFrom(snapshot);
    else log(formatFresh(published.version, `the layouts of v${published.version} are unknown`));
  } else if (process.env.HOT_RELOAD_RESTART) {
    log(formatFresh(published.version, 'no snapshot: the previous host was stopped before it could write one'));
  }
}

/**
 * The dev loop runs its host in a process group of its own (so it can stop all of it); if the dev loop itself is
 * killed hard (SIGKILL, a closed terminal), nobody would stop the host. It notices by being re-parented.
 */
function exitWhenOrphaned(log: (line: string) => void): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    log('[hot-reload] the dev loop is gone: exiting');
    process.exit(0);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

function loadBuilt<Api extends object>(root: string, bindings: LibBindings<Api>): HotLib<Api> {
  const file = builtLibraryPath(root, bindings.crate);
  if (!fs.existsSync(file)) {
    throw new UserError(`no build of ${bindings.crate} at ${file}: run \`npm run build\` first`);
  }
  return new HotLib(new LibController(openCopy(file, bindings), bindings));
}

/** Where `cargo build` puts the lib's cdylib: `<target>/debug/`, CARGO_TARGET_DIR respected (relative to the root). */
export function builtLibraryPath(root: string, crate: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cargoTargetDir(root, env), 'debug', libraryFileName(crate));
}

/** cargo's target directory: CARGO_TARGET_DIR (relative to the root) when set, else `<root>/target`. */
export function cargoTargetDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.CARGO_TARGET_DIR ? path.resolve(root, env.CARGO_TARGET_DIR) : path.join(root, 'target');
}
