// package.json for --init: created, or merged into the user's own. Their
// scripts and dependencies stay; ours are added; a script of theirs with one
// of our names and another command is a clash, refused with its name.
import { LAYOUT_FIELD, type ProjectLayout } from '../project.js';
import { UserError } from '../user-error.js';

export interface PackageJsonInput {
  /** The file's text, or undefined when there is none. */
  existing: string | undefined;
  /** Used as "name" for a new file. */
  npmName: string;
  runtimeSpec: string;
  layout: ProjectLayout;
}

export interface PackageJsonResult {
  text: string;
  /** The host needs ES modules; an existing package.json of another type keeps its own, and host/ gets one. */
  hostNeedsModuleType: boolean;
}

export const SCRIPTS: Readonly<Record<string, string>> = {
  dev: 'hot-reload dev',
  'dev:rust': 'hot-reload dev --host rust',
  start: 'hot-reload gen && cargo build && hot-reload start',
  build: 'hot-reload gen && cargo build',
  gen: 'hot-reload gen',
};

const TYPES_NODE = '^20.19.0';

export function mergePackageJson(input: PackageJsonInput): PackageJsonResult {
  if (input.existing === undefined) {
    const fresh = {
      name: input.npmName,
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: { ...SCRIPTS },
      dependencies: { 'create-hot-reload': input.runtimeSpec },
      devDependencies: { '@types/node': TYPES_NODE },
      [LAYOUT_FIELD]: input.layout,
    };
    return { text: `${JSON.stringify(fresh, null, 2)}\n`, hostNeedsModuleType: false };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(input.existing) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`package.json is not valid JSON (${(error as Error).message}): fix it, then run --init again`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UserError('package.json is not a JSON object: fix it, then run --init again');
  const scripts = objectField(json, 'scripts');
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const theirs = scripts[name];
    if (theirs !== undefined && theirs !== command) {
      throw new UserError(
        `package.json already has a script "${name}" (${JSON.stringify(theirs)}): ` +
          `rename yours (we add ${Object.keys(SCRIPTS).join(', ')}), then run --init again`,
      );
    }
    scripts[name] = command;
  }
  const dependencies = objectField(json, 'dependencies');
  const devDependencies = objectField(json, 'devDependencies');
  if (dependencies['create-hot-reload'] === undefined && devDependencies['create-hot-reload'] === undefined) {
    dependencies['create-hot-reload'] = input.runtimeSpec;
  }
  if (dependencies['@types/node'] === undefined && devDependencies['@types/node'] === undefined)
    devDependencies['@types/node'] = TYPES_NODE;
  json[LAYOUT_FIELD] = input.layout;
  const indent = /^[ \t]*(?=")/m.exec(input.existing.split('\n')[1] ?? '')?.[0] || 2;
  const eol = input.existing.includes('\r\n') ? '\r\n' : '\n';
  const text = JSON.stringify(json, null, indent).split('\n').join(eol) + (/\n$/.test(input.existing) ? eol : '');
  return { text, hostNeedsModuleType: json.type !== 'module' };
}

/** `json[key]` as an object, created (at the end) when missing; anything else there is the user's to fix. */
function objectField(json: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = json[key];
  if (value === undefined) {
    json[key] = {};
    return json[key] as Record<string, unknown>;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`package.json "${key}" is not an object: fix it, then run --init again`);
  }
  return value as Record<string, unknown>;
}
