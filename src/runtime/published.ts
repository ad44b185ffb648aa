// Reading `.hot/current.json`, the pointer `hot-reload dev` replaces atomically
// after every successful build. Validated field by field: a host must never
// dlopen a path it did not expect.
import fs from 'node:fs';
import path from 'node:path';
import type { PublishedVersion } from './types.js';

export const HOT_DIR = '.hot';
export const CURRENT_FILE = 'current.json';

export function currentJsonPath(root: string): string {
  return path.join(root, HOT_DIR, CURRENT_FILE);
}

/** Parses the file's text; throws with a reason when a field is missing or of the wrong type. */
export function parsePublishedVersion(text: string): PublishedVersion {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('current.json is not an object');
  const v = value as Record<string, unknown>;
  const need = (key: string, type: 'number' | 'string'): void => {
    if (typeof v[key] !== type) throw new Error(`current.json: "${key}" must be a ${type}`);
  };
  need('version', 'number');
  need('path', 'string');
  need('abi', 'string');
  need('crate', 'string');
  need('changedAt', 'number');
  need('buildMs', 'number');
  if (!Number.isInteger(v.version) || (v.version as number) < 1)
    throw new Error('current.json: "version" must be a positive integer');
  insideHot(v.path as string, 'path');
  if (v.layout !== undefined) {
    if (typeof v.layout !== 'string') throw new Error('current.json: "layout" must be a string');
    insideHot(v.layout, 'layout');
  }
  if (v.restart !== undefined && !Number.isInteger(v.restart))
    throw new Error('current.json: "restart" must be an integer');
  return v as unknown as PublishedVersion;
}

/** The files current.json names always live in .hot/; anything else is not ours to load. */
function insideHot(rel: string, key: string): void {
  if (path.isAbsolute(rel) || path.normalize(rel).split(/[\\/]/)[0] !== HOT_DIR || rel.includes('..')) {
    throw new Error(`current.json: "${key}" must be inside ${HOT_DIR}/, got ${JSON.stringify(rel)}`);
  }
}

export function readPublishedVersion(root: string): PublishedVersion {
  return parsePublishedVersion(fs.readFileSync(currentJsonPath(root), 'utf8'));
}
