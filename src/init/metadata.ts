// Which crate of an existing Cargo project to make hot, read from
// `cargo metadata --no-deps` (what cargo itself thinks, not guessed from files):
// a package with a lib and a bin, or a bin package that depends on a lib package.
import path from 'node:path';
import { UserError } from '../user-error.js';
import { loadExeca } from '../scaffold/lazy-execa.js';

/** The part of `cargo metadata --format-version 1 --no-deps` this reads. */
export interface CargoMetadata {
  workspace_root: string;
  workspace_members: string[];
  packages: CargoPackage[];
}

export interface CargoPackage {
  id: string;
  name: string;
  manifest_path: string;
  targets: { name: string; kind: string[]; src_path: string }[];
  dependencies: { name: string; rename?: string | null; path?: string; kind?: string | null }[];
}

/** The lib to make hot and the bin that calls it (the same package when it has both). */
export interface HotPair {
  lib: CargoPackage;
  bin: CargoPackage;
}

export interface PairChoice {
  lib?: string;
  bin?: string;
}

const LIB_KINDS = new Set(['lib', 'rlib', 'cdylib', 'dylib', 'staticlib']);

export function libTarget(pkg: CargoPackage): CargoPackage['targets'][number] | undefined {
  return pkg.targets.find((t) => t.kind.some((k) => LIB_KINDS.has(k)));
}

export function binTarget(pkg: CargoPackage): CargoPackage['targets'][number] | undefined {
  return pkg.targets.find((t) => t.kind.includes('bin'));
}

/** Every (lib, bin) pair in the workspace: a package with both, or a bin whose normal dependencies name the lib. */
export function findPairs(metadata: CargoMetadata): HotPair[] {
  const members = metadata.packages.filter((p) => metadata.workspace_members.includes(p.id));
  const libs = members.filter((p) => libTarget(p));
  const pairs: HotPair[] = [];
  for (const bin of members.filter((p) => binTarget(p))) {
    for (const lib of libs) {
      const depends = bin.dependencies.some((d) => d.name === lib.name && (d.kind ?? 'normal') === 'normal' && d.path);
      if (lib === bin || depends) pairs.push({ lib, bin });
    }
  }
  return pairs;
}

export function describePair(pair: HotPair): string {
  return pair.lib === pair.bin ? `${pair.lib.name} (lib and bin)` : `lib ${pair.lib.name} with bin ${pair.bin.name}`;
}

/** Narrows the pairs by --lib / --bin; a name that matches nothing is an error naming what exists. */
export function choosePairs(metadata: CargoMetadata, choice: PairChoice): HotPair[] {
  const all = findPairs(metadata);
  const names = (kind: 'lib' | 'bin'): string => [...new Set(all.map((p) => p[kind].name))].join(', ');
  if (all.length === 0) {
    throw new UserError(
      'found no crate to make hot: it needs a package with src/lib.rs and src/main.rs, or a bin package that ' +
        'depends on a lib package of this workspace (path dependency)',
    );
  }
  for (const kind of ['lib', 'bin'] as const) {
    const wanted = choice[kind];
    if (wanted !== undefined && !all.some((p) => p[kind].name === wanted)) {
      throw new UserError(
        `--${kind} ${wanted}: no such ${kind} package with a matching ${kind === 'lib' ? 'bin' : 'lib'}; ` +
          `choose one of ${names(kind)}`,
      );
    }
  }
  return all.filter(
    (p) =>
      (choice.lib === undefined || p.lib.name === choice.lib) &&
      (choice.bin === undefined || p.bin.name === choice.bin),
  );
}

/** One pair, or a UserError naming the choices (for runs that cannot ask). */
export function onlyPair(pairs: readonly HotPair[]): HotPair {
  if (pairs.length === 1) return pairs[0]!;
  const choices = pairs.map((p) => `--lib ${p.lib.name} --bin ${p.bin.name}`).join(' | ');
  throw new UserError(`${pairs.length} crates could be made hot; choose one: ${choices}`);
}

/** A package's folder relative to the workspace root, `.` for the root package. */
export function packageDir(metadata: CargoMetadata, pkg: CargoPackage): string {
  const relative = path.relative(metadata.workspace_root, path.dirname(pkg.manifest_path));
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

export async function readCargoMetadata(dir: string): Promise<CargoMetadata> {
  const { execa } = await loadExeca();
  const result = await execa('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], {
    cwd: dir,
    reject: false,
  });
  if ((result as { code?: string }).code === 'ENOENT')
    throw new UserError('cargo was not found on PATH: install Rust from https://rustup.rs');
  if (result.failed) {
    const why = result.stderr.split('\n').find((line) => line.startsWith('error')) ?? result.stderr.trim();
    throw new UserError(`cargo metadata failed in ${dir}: ${why}`);
  }
  return JSON.parse(result.stdout) as CargoMetadata;
}
