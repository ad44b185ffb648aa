// Facts about this package itself, read from its package.json at run time so
// that the version printed and written into projects can never drift.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file in both src/ and dist/. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

let cachedVersion: string | undefined;
export function ownVersion(): string {
  cachedVersion ??= (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cachedVersion;
}

/** Where the project templates live. */
export const templatesDir = fileURLToPath(new URL('../templates/', import.meta.url));
