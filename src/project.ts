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
    if (fs.existsSync(libToml) && fs.existsSync(rootToml)) return readProject(dir);
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
  const binPackage = cargoPackageName(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'));
  const libPackage = cargoPackageName(fs.readFileSync(path.join(root, 'lib', 'Cargo.toml'), 'utf8'));
  if (!binPackage || !libPackage) {
    throw new UserError(`cannot read the package names from ${root}/Cargo.toml and lib/Cargo.toml: each needs [package] name = "..."`);
  }
  return {
    root,
    binPackage,
    libPackage,
    libCrate: libPackage.replace(/-/g, '_'),
    libSrcDir: path.join(root, 'lib', 'src'),
  };
}

/** The file name cargo gives a cdylib on this platform. */
export function libraryFileName(libCrate: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `${libCrate}.dll`;
  if (platform === 'darwin') return `lib${libCrate}.dylib`;
  return `lib${libCrate}.so`;
}
