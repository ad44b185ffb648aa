// Facts about this package itself, read from its package.json at run time so
// that the version printed and written into projects can never drift.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the package root is from the module this code runs in: set by scripts/build.ts, which puts every bundled
 * file one folder below dist/ (two levels down); this file in src/ is one level down.
 */
declare const BUNDLED_PACKAGE_ROOT: string | undefined;
const rootUrl = new URL(typeof BUNDLED_PACKAGE_ROOT === 'string' ? BUNDLED_PACKAGE_ROOT : '..', import.meta.url);

/** The package root, with a trailing slash. */
export const packageRoot = fileURLToPath(rootUrl);

let cachedVersion: string | undefined;
export function ownVersion(): string {
  cachedVersion ??= (JSON.parse(fs.readFileSync(new URL('package.json', rootUrl), 'utf8')) as { version: string })
    .version;
  return cachedVersion;
}

/** Where the project templates live. */
export const templatesDir = fileURLToPath(new URL('templates/', rootUrl));
