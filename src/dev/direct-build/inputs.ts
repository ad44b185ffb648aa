// Takes the stamp of staleness.ts: which files cargo's decision depends on, and their identity now. Only
// stat calls (about a hundred microseconds for the hello-world), so it runs before every direct build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cargoDepInfoFile, externFiles } from './rustc-args.js';
import { envDepsOf, MISSING, relevantEnv, sourcesOf, type Stamp } from './staleness.js';

/** What the stamp is taken from: the project, and cargo's captured command for the lib. */
export interface StampScope {
  root: string;
  rustc: string;
  args: readonly string[];
  /** rustc's working directory (relative paths in cargo's arguments and dep-info files are relative to it). */
  cwd: string;
}

/** Size, mtime and inode: a save (a new file renamed in place, or written in place) changes at least one. */
export function identity(file: string): string {
  // Most files looked at do not exist: no exception for those (throwing costs more than the stat).
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}:${s.ino}` : MISSING;
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

const cargoHome = (env: NodeJS.ProcessEnv): string => env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
const rustupHome = (env: NodeJS.ProcessEnv): string => env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup');

/** Where `name` resolves on PATH (what cargo runs for `rustc`, what the user's `cargo` is). */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    const s = fs.statSync(candidate, { throwIfNoEntry: false });
    if (s?.isFile() && (process.platform === 'win32' || (s.mode & 0o111) !== 0)) return candidate;
  }
  return undefined;
}

/** The directory holding `Cargo.toml` above a source file. */
function packageDirOf(source: string): string | undefined {
  for (let dir = path.dirname(source); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'Cargo.toml'))) return dir;
  }
  return undefined;
}

export interface LocalDependency {
  dir: string;
  sources: string[];
}

/**
 * The lib's dependencies whose sources may change: those outside cargo's registry and git checkouts and outside
 * the toolchain, found through the dep-info file cargo had rustc write next to each `--extern` library.
 */
export function localDependencies(scope: StampScope, env: NodeJS.ProcessEnv): LocalDependency[] {
  const immutable = [cargoHome(env), rustupHome(env)];
  const out: LocalDependency[] = [];
  for (const lib of externFiles(scope.args)) {
    const base = path
      .basename(lib)
      .replace(/^lib/, '')
      .replace(/\.(rlib|rmeta|so|dylib|dll)$/, '');
    const sources = sourcesOf(readOr(path.join(path.dirname(lib), `${base}.d`), ''), scope.cwd);
    if (sources.length === 0 || sources.every((s) => immutable.some((dir) => s.startsWith(dir + path.sep)))) continue;
    const dir = packageDirOf(sources[0]!);
    if (dir) out.push({ dir, sources });
  }
  return out;
}

/** A path dependency of a path dependency: its sources are not in the lib's command line, so not tracked. */
export function nestedPathDependency(dependencies: readonly LocalDependency[]): string | undefined {
  for (const dep of dependencies) {
    const manifest = readOr(path.join(dep.dir, 'Cargo.toml'), '');
    if (
      /^\s*[\w-]+\s*=\s*\{[^}\n]*\bpath\s*=/m.test(manifest) ||
      /^\[[\w.-]*dependencies\.[^\]]+\][^[]*^\s*path\s*=/m.test(manifest)
    ) {
      return dep.dir;
    }
  }
  return undefined;
}

/** Every file whose change may change what cargo would do for the lib. */
export function inputFiles(
  scope: StampScope,
  env: NodeJS.ProcessEnv,
  dependencies: readonly LocalDependency[],
  manifestDir: string | undefined,
): string[] {
  const files = new Set<string>();
  for (let dir = path.resolve(scope.root); ; dir = path.dirname(dir)) {
    for (const name of ['Cargo.toml', 'Cargo.lock', 'rust-toolchain', 'rust-toolchain.toml'])
      files.add(path.join(dir, name));
    for (const name of ['config', 'config.toml']) files.add(path.join(dir, '.cargo', name));
    if (dir === path.dirname(dir)) break;
  }
  for (const name of ['config', 'config.toml']) files.add(path.join(cargoHome(env), name));
  files.add(path.join(rustupHome(env), 'settings.toml'));
  files.add(scope.rustc);
  for (const dir of [...(manifestDir ? [manifestDir] : []), ...dependencies.map((d) => d.dir)]) {
    files.add(path.join(dir, 'Cargo.toml'));
    files.add(path.join(dir, 'build.rs'));
  }
  for (const dep of dependencies) for (const source of dep.sources) files.add(source);
  for (const lib of externFiles(scope.args)) files.add(lib);
  return [...files].sort();
}

/**
 * The stamp now. `cargoEnv` is what cargo set for rustc (CARGO_MANIFEST_DIR locates the lib's package);
 * `env` is the dev loop's own environment, which cargo would be started with (a plain copy, for speed:
 * reading process.env goes to the C environment on each access, about 1 ms for a whole pass).
 */
export function takeStamp(
  scope: StampScope,
  cargoEnv: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Stamp {
  const dependencies = localDependencies(scope, env);
  const files: Record<string, string> = {};
  for (const file of inputFiles(scope, env, dependencies, cargoEnv.CARGO_MANIFEST_DIR)) {
    files[file] = identity(file);
  }
  const depInfo = cargoDepInfoFile(scope.args);
  const envDeps = depInfo ? envDepsOf(readOr(path.resolve(scope.cwd, depInfo), '')) : [];
  const tools: Record<string, string> = {};
  for (const name of ['rustc', 'cargo']) {
    const found = onPath(name, env);
    tools[name] = found ? `${found} ${identity(found)}` : MISSING;
  }
  // The lib's own env-deps that cargo sets itself (CARGO_PKG_VERSION, ...) come from Cargo.toml, stamped already.
  return {
    files,
    env: relevantEnv(
      env,
      envDeps.filter((name) => !(name in cargoEnv)),
    ),
    tools,
  };
}
