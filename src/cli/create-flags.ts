// The command line of `create-hot-reload`, declared once. A well-formed one (the usual case) is read by Node's own
// parseArgs, which costs nothing to load; anything else (--help, a mistake) goes to commander, loaded only then,
// which prints its help and its messages (src/cli/create-program.ts builds it from the same table). A unit test
// checks that both read every command line of a table alike.
import { parseArgs } from 'node:util';
import { ownVersion } from '../own-package.js';
import { PACKAGE_MANAGERS } from '../scaffold/package-manager.js';
import { DEFAULT_TEMPLATE } from '../scaffold/templates.js';

export const DEFAULT_DIRECTORY = 'hot-reload-app';

export const DIRECTORY_ARGUMENT = {
  name: '[directory]',
  description: `where to create the project: a name, a path, or . (default: ${DEFAULT_DIRECTORY})`,
} as const;

/** Options as commander names them; `--no-x` sets x to false, and x is true without it. */
export interface CliFlags {
  template?: string;
  yes?: boolean;
  overwrite?: boolean;
  install: boolean;
  build: boolean;
  git: boolean;
  pm?: string;
  runtime?: string;
  init?: boolean;
  lib?: string;
  bin?: string;
  dryRun?: boolean;
}

export interface FlagSpec {
  /** In commander's notation: `-t, --template <name>`, `--no-git`. */
  flags: string;
  description: string;
  choices?: readonly string[];
}

export const CREATE_FLAGS: readonly FlagSpec[] = [
  { flags: '-t, --template <name>', description: `hello-world or game (default: ${DEFAULT_TEMPLATE})` },
  { flags: '-y, --yes', description: 'no prompts: use the flags and defaults' },
  {
    flags: '--overwrite',
    description: 'write into a non-empty directory, replacing files the project also has (others and .git are kept)',
  },
  { flags: '--no-install', description: 'do not install npm dependencies' },
  { flags: '--no-build', description: 'do not run the initial cargo build and load check' },
  { flags: '--no-git', description: 'do not initialize a git repository' },
  {
    flags: '--pm <name>',
    description: 'package manager for install and next steps (default: the one that ran this)',
    choices: PACKAGE_MANAGERS,
  },
  {
    flags: '--runtime <spec>',
    description: `dependency spec for create-hot-reload in package.json (default: ^${ownVersion()})`,
  },
  { flags: '--init', description: 'add hot reload to the existing Cargo project in [directory] (default: .)' },
  { flags: '--lib <package>', description: 'with --init: the lib package to make hot' },
  { flags: '--bin <package>', description: 'with --init: the bin package that calls it' },
  { flags: '--dry-run', description: 'with --init: print the changes as a diff and write nothing' },
];

interface FlagParts {
  long: string;
  short?: string;
  takesValue: boolean;
}

function flagParts(flags: string): FlagParts {
  const match = /^(?:-(\w), )?--([\w-]+)( <\w+>)?$/.exec(flags);
  if (!match) throw new Error(`flag notation not understood: ${flags}`);
  return { long: match[2]!, ...(match[1] ? { short: match[1] } : {}), takesValue: match[3] !== undefined };
}

/**
 * The directory and flags of a well-formed command line, exactly as commander would read them; undefined for
 * anything commander must answer (help, version, an unknown flag, a missing value, a wrong choice, two directories).
 */
export function parseCreateArgs(args: readonly string[]): { directory?: string; flags: CliFlags } | undefined {
  const specs = CREATE_FLAGS.map((spec) => ({ spec, parts: flagParts(spec.flags) }));
  const options = Object.fromEntries(
    specs.map(({ parts }) => {
      const type = parts.takesValue ? ('string' as const) : ('boolean' as const);
      return [parts.long, parts.short ? { type, short: parts.short } : { type }] as const;
    }),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch {
    return undefined;
  }
  if (parsed.positionals.length > 1) return undefined;
  const flags: Record<string, unknown> = {};
  for (const { spec, parts } of specs) {
    const negated = parts.long.startsWith('no-') ? parts.long.slice('no-'.length) : undefined;
    const value = parsed.values[parts.long];
    if (negated) flags[negated] = value !== true;
    else if (value !== undefined) {
      if (spec.choices && !spec.choices.includes(String(value))) return undefined;
      flags[camelCase(parts.long)] = value; // as commander names it: --dry-run → dryRun
    }
  }
  const directory = parsed.positionals[0];
  return { ...(directory === undefined ? {} : { directory }), flags: flags as unknown as CliFlags };
}

function camelCase(name: string): string {
  return name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}
