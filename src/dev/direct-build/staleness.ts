// When may the captured rustc command line no longer be what cargo would run? A stamp is taken of everything
// cargo reads to decide it (manifests, lock file, configs, toolchain files, build scripts, the dependencies'
// files and sources, the rustc and cargo it would run, the environment it reads) when the command is captured,
// and again before each build; any difference sends the build through cargo, which captures again. Pure.
import path from 'node:path';

export interface Stamp {
  /** Absolute path → `missing`, or what identifies its content cheaply (size, mtime, inode). */
  files: Record<string, string>;
  /** The variables cargo and rustc read (RUSTFLAGS, CARGO_*, RUSTUP_TOOLCHAIN, ...), and the lib's env-deps. */
  env: Record<string, string>;
  /** `rustc`, `cargo`: which file PATH resolves the name to, and that file's identity. */
  tools: Record<string, string>;
}

export const MISSING = 'missing';

/** What a file is to cargo, for the reason line: `lib/Cargo.toml` → `Cargo.toml`. */
export function fileKind(file: string): string {
  const base = path.basename(file);
  if (base === 'Cargo.toml' || base === 'Cargo.lock' || base === 'build.rs') return base;
  if (base.startsWith('rust-toolchain')) return 'toolchain file';
  if (path.basename(path.dirname(file)) === '.cargo' && base.startsWith('config')) return 'cargo config';
  if (base === 'settings.toml') return 'rustup settings';
  return 'file';
}

function describeFile(file: string, root: string, before: string | undefined, after: string | undefined): string {
  const relative = path.relative(root, file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  if (before === undefined || before === MISSING) return `${shown} appeared`;
  if (after === undefined || after === MISSING) return `${shown} was removed`;
  return `${shown} changed`;
}

/** Why `now` differs from `then` (the first difference found), or undefined when they are the same. */
export function staleReason(then: Stamp, now: Stamp, root: string): string | undefined {
  for (const [name, value] of Object.entries(now.tools)) {
    if (then.tools[name] !== value) return `the ${name} on PATH changed (toolchain switch or update)`;
  }
  for (const name of new Set([...Object.keys(then.env), ...Object.keys(now.env)])) {
    const before = then.env[name];
    const after = now.env[name];
    if (before === after) continue;
    if (before === undefined) return `${name} was set`;
    if (after === undefined) return `${name} was unset`;
    return `${name} changed`;
  }
  for (const file of new Set([...Object.keys(then.files), ...Object.keys(now.files)])) {
    const before = then.files[file];
    const after = now.files[file];
    // A file first looked at now (a new path dependency's, say) was not looked at then: that is a change too.
    if (before === after) continue;
    const kind = fileKind(file);
    const said = describeFile(file, root, before, after);
    return kind === path.basename(file) ? said : `${said} (${kind})`;
  }
  return undefined;
}

/** The variables whose change may change cargo's command line (or what rustc does with it). */
export function relevantEnv(env: NodeJS.ProcessEnv, envDeps: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const relevant = /^(CARGO|RUSTC|RUSTFLAGS$|RUSTDOCFLAGS$|RUSTUP_TOOLCHAIN$|RUSTUP_HOME$|__CARGO)/;
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (relevant.test(name) || envDeps.includes(name))) out[name] = value;
  }
  for (const name of envDeps) out[name] ??= env[name] ?? '(unset)';
  return out;
}

/** The `# env-dep:NAME[=value]` lines of a rustc dep-info file: variables the crate read with env!/option_env!. */
export function envDepsOf(depInfo: string): string[] {
  return [...depInfo.matchAll(/^# env-dep:([^=\n]+)/gm)].map((m) => m[1]!);
}

/** The source files a rustc dep-info file lists (`target: a b c`), relative ones resolved against `cwd`. */
export function sourcesOf(depInfo: string, cwd: string): string[] {
  const first = depInfo.split('\n').find((line) => line.includes(': ') && !line.startsWith('#'));
  if (!first) return [];
  const list = first.slice(first.indexOf(': ') + 2).trim();
  // Spaces inside a path are escaped as `\ `.
  const files = list
    .split(/(?<!\\) +/)
    .filter(Boolean)
    .map((f) => f.replace(/\\ /g, ' '));
  return files.map((f) => path.resolve(cwd, f));
}
