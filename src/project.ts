// What every command needs to know about a generated project: where it is and
// what cargo calls its lib. Read from the files, never remembered elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './user-error.js';

export interface ProjectInfo {
  /** Absolute path of the workspace root (the folder with Cargo.toml and package.json). */
  root: string;
  /** Cargo package name of the bin, e.g. `my-app`. */
  binPackage: string;
  /** Cargo package name of the lib, e.g. `my-app-lib` (what `cargo build -p` takes). */
  libPackage: string;
  /** The lib's crate name, e.g. `my_app_lib` (what `use` and the library file name take). */
  libCrate: string;
  /** Absolute path of the lib's `src/` folder. */
  libSrcDir: string;
  /** Absolute path of the lib package (its Cargo.toml's folder). */
  libDir: string;
  /** Absolute path of the bin package's `src/` folder, where `hot_lib.rs` and `reloader.rs` live. */
  binSrcDir: string;
}

/**
 * Where the lib and bin packages are, relative to the root. A generated project has the default; a project set up
 * by `create-hot-reload --init` names its own in package.json's `"hot-reload"` field.
 */
export interface ProjectLayout {
  lib: string;
  bin: string;
}

export const DEFAULT_LAYOUT: ProjectLayout = { lib: 'lib', bin: '.' };
export const LAYOUT_FIELD = 'hot-reload';

/** The layout package.json names, if it names one. */
export function readLayout(root: string): ProjectLayout | undefined {
  const file = path.join(root, 'package.json');
  if (!fs.existsSync(file)) return undefined;
  let field: unknown;
  try {
    field = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)[LAYOUT_FIELD];
  } catch {
    return undefined;
  }
  if (typeof field !== 'object' || field === null) return undefined;
  const { lib, bin } = field as Record<string, unknown>;
  return typeof lib === 'string' && typeof bin === 'string' ? { lib, bin } : undefined;
}

/** Reads `[package] name = "..."` from a Cargo.toml without a TOML parser: enough for files we generate. */
export function cargoPackageName(cargoToml: string): string | undefined {
  const packageSection = /^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(cargoToml);
  const name = packageSection?.[1] && /^\s*name\s*=\s*"([^"]+)"/m.exec(packageSection[1]);
  return name ? name[1] : undefined;
}

/** Finds the project that contains `from` (walking up), or explains what is missing. */
export function findProject(from: string = process.cwd()): ProjectInfo {
  let dir = path.resolve(from);
  for (;;) {
    const libToml = path.join(dir, 'lib', 'Cargo.toml');
    const rootToml = path.join(dir, 'Cargo.toml');
    if ((fs.existsSync(libToml) && fs.existsSync(rootToml)) || readLayout(dir)) return readProject(dir);
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new UserError(
        `no hot-reload project here (looked for Cargo.toml and lib/Cargo.toml from ${path.resolve(from)} up): ` +
          'run this inside a project made by `npm create hot-reload`',
      );
    }
    dir = parent;
  }
}

export function readProject(root: string): ProjectInfo {
  const layout = readLayout(root) ?? DEFAULT_LAYOUT;
  const libDir = path.join(root, layout.lib);
  const binDir = path.join(root, layout.bin);
  const manifests = [path.join(binDir, 'Cargo.toml'), path.join(libDir, 'Cargo.toml')];
  const missing = manifests.find((file) => !fs.existsSync(file));
  if (missing) throw new UserError(`${path.relative(root, missing)} is missing: this is not a hot-reload project`);
  const [binPackage, libPackage] = manifests.map((file) => cargoPackageName(fs.readFileSync(file, 'utf8')));
  if (!binPackage || !libPackage) {
    const libManifest = path.posix.join(layout.lib, 'Cargo.toml');
    throw new UserError(
      `cannot read the package names from ${manifests[0]} and ${libManifest}: each needs [package] name = "..."`,
    );
  }
  return {
    root,
    binPackage,
    libPackage,
    libCrate: libPackage.replace(/-/g, '_'),
    libSrcDir: path.join(libDir, 'src'),
    libDir,
    binSrcDir: path.join(binDir, 'src'),
  };
}

/** The file name cargo gives a cdylib on this platform. */
export function libraryFileName(libCrate: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `${libCrate}.dll`;
  if (platform === 'darwin') return `lib${libCrate}.dylib`;
  return `lib${libCrate}.so`;
}
