// The names a project gets, each validated as the type it is (after
// cargo-generate): an npm package name for package.json, Cargo package names
// for the bin and the lib, and the lib's crate identifier for `use`.
// Derivation is pure so the rules are unit-tested without touching disk.
import path from 'node:path';
import { RUST_KEYWORDS } from '../rust-keywords.js';
import { UserError } from '../user-error.js';

export interface ProjectNames {
  /** package.json "name"; may be scoped (`@scope/name`). */
  npmName: string;
  /** Cargo package name of the bin, e.g. `my-app`. */
  packageCrate: string;
  /** Cargo package name of the lib, e.g. `my-app-lib`. */
  libPackage: string;
  /** The lib's crate identifier, e.g. `my_app_lib`. */
  libCrate: string;
}

export interface DerivedNames {
  names: ProjectNames;
  /** Human lines for every fix applied, e.g. `npm package name: "My App" → "my-app" (lowercase, no spaces)`. */
  fixes: string[];
}

// Names cargo refuses or that would shadow the standard library, plus Windows device names.
const RESERVED_CRATE_NAMES = new Set(
  'std core alloc proc_macro proc-macro test build deps examples incremental con prn aux nul com1 com2 com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9'.split(
    ' ',
  ),
);
// npm's rules (validate-npm-package-name): names npm itself refuses.
const NPM_BLOCKED = new Set(['node_modules', 'favicon.ico']);
const NPM_MAX_LENGTH = 214;
const VALID_NPM_NAME = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

export function isValidNpmName(name: string): boolean {
  return name.length > 0 && name.length <= NPM_MAX_LENGTH && VALID_NPM_NAME.test(name) && !NPM_BLOCKED.has(name);
}

/** True for a Cargo package name we are willing to generate (stricter than cargo: lowercase only). */
export function isValidCargoPackageName(name: string): boolean {
  return (
    /^[a-z][a-z0-9_-]*$/.test(name) && !RUST_KEYWORDS.has(name.replace(/-/g, '_')) && !RESERVED_CRATE_NAMES.has(name)
  );
}

/** Lowercases and replaces everything npm does not allow in one name segment. */
function fixNpmSegment(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9-._~]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/[-.]+$/, '');
}

/**
 * Derives every project name from what the user typed as the directory (or the
 * current folder's name for `.`). Fix-ups are reported, never silent; a name
 * with nothing usable left is a UserError.
 */
export function deriveNames(directoryArg: string, cwd: string = process.cwd()): DerivedNames {
  const fixes: string[] = [];
  // An empty argument would resolve to the current folder without the user saying `.`; a folder name with a
  // newline or another control character breaks every shell line and every log line that shows it.
  if (directoryArg.trim() === '') {
    throw new UserError('the project directory is empty: give a name such as my-app, or . for the current folder');
  }
  if (/[\u0000-\u001f\u007f]/.test(directoryArg)) {
    throw new UserError(
      `the project directory "${printable(directoryArg)}" contains a control character (newline, tab, ...): choose a name without one`,
    );
  }
  const trimmed = directoryArg.trim().replace(/[/\\]+$/, '');
  // `@scope/name` typed as the directory keeps its scope in package.json.
  const scoped = /^(@[^/\\]+)\/([^/\\]+)$/.exec(trimmed);
  const base = scoped ? scoped[2]! : path.basename(path.resolve(cwd, trimmed || '.'));

  const unscoped = fixNpmSegment(base);
  if (unscoped === '' || NPM_BLOCKED.has(unscoped)) {
    throw new UserError(
      `cannot make a package name from "${printable(base)}": name the directory with letters a-z, digits and "-" (e.g. my-app)`,
    );
  }
  let npmName = unscoped;
  if (scoped) {
    const scope = '@' + fixNpmSegment(scoped[1]!.slice(1));
    npmName = scope === '@' ? unscoped : `${scope}/${unscoped}`;
  }
  if (npmName.length > NPM_MAX_LENGTH) {
    throw new UserError(
      `the package name would be ${npmName.length} characters; npm allows at most ${NPM_MAX_LENGTH}: choose a shorter directory name`,
    );
  }
  const typed = scoped ? trimmed : base;
  if (npmName !== typed) fixes.push(`npm package name: "${printable(typed)}" → "${npmName}"`);

  // Cargo: only a-z, 0-9, - and _; no leading digit; no keyword or reserved name.
  let packageCrate = unscoped
    .replace(/[.~]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (/^[0-9]/.test(packageCrate)) packageCrate = `app-${packageCrate}`;
  if (RUST_KEYWORDS.has(packageCrate.replace(/-/g, '_')) || RESERVED_CRATE_NAMES.has(packageCrate)) {
    packageCrate = `${packageCrate}-app`;
  }
  if (!isValidCargoPackageName(packageCrate)) {
    throw new UserError(
      `cannot make a Cargo package name from "${printable(base)}": name the directory with letters a-z, digits and "-" (e.g. my-app)`,
    );
  }
  if (packageCrate !== unscoped) fixes.push(`Cargo package name: "${unscoped}" → "${packageCrate}"`);

  const libPackage = `${packageCrate}-lib`;
  return { names: { npmName, packageCrate, libPackage, libCrate: libPackage.replace(/-/g, '_') }, fixes };
}

/** Shows control characters and quotes visibly, so an error line stays one line. */
export function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
