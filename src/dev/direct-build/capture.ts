// The captured command: what capture-rustc.ts recorded while cargo built the lib, plus the stamp of the inputs
// it was valid for, kept in `.hot/build/capture.json` (so a new `hot-reload dev` starts on the direct path when
// nothing changed since; doctor reads it too). Written with a temp file and a rename, like everything in .hot/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../own-package.js';
import { HOT_DIR } from '../../runtime/published.js';
import { parseArgs } from './rustc-args.js';
import type { Stamp } from './staleness.js';

export interface Capture {
  format: 1;
  /** The rustc cargo ran (the toolchain's own binary, not a rustup proxy). */
  rustc: string;
  args: string[];
  cwd: string;
  /** The variables cargo set for rustc (CARGO_PKG_*, CARGO_MANIFEST_DIR, OUT_DIR, ...), nothing of ours. */
  cargoEnv: Record<string, string>;
  /** `rustc --version` and `--print target-libdir` (where the toolchain's shared libstd is). */
  rustcVersion: string;
  targetLibdir: string;
  stamp: Stamp;
  capturedAt: string;
}

/** Our folder: the capture, the wrapper, the direct build's output and incremental cache. */
export function buildDir(root: string): string {
  return path.join(root, HOT_DIR, 'build');
}

export const captureFile = (root: string): string => path.join(buildDir(root), 'capture.json');
/** Where the wrapper writes what it saw during one cargo run (read, then turned into a Capture). */
export const rawCaptureFile = (root: string): string => path.join(buildDir(root), 'rustc-command.json');

/** The last capture read, by its file's identity: parsing it again on every build costs a few tenths of a ms. */
let cached: { file: string; id: string; capture: Capture | undefined } | undefined;

export function readCapture(root: string): Capture | undefined {
  const file = captureFile(root);
  const s = fs.statSync(file, { throwIfNoEntry: false });
  if (!s) return undefined;
  const id = `${s.size}:${s.mtimeMs}:${s.ino}`;
  if (cached?.file === file && cached.id === id) return cached.capture;
  let capture: Capture | undefined;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Capture;
    capture = parsed.format === 1 && Array.isArray(parsed.args) ? parsed : undefined;
  } catch {
    capture = undefined;
  }
  cached = { file, id, capture };
  return capture;
}

export function writeCapture(root: string, capture: Capture): void {
  const file = captureFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(capture, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

export function forgetCapture(root: string): void {
  fs.rmSync(captureFile(root), { force: true });
}

/** Variables in the rustc environment that belong to this one cargo run or to us, not to the lib's build. */
const NOT_CARGOS =
  /^(CARGO_MAKEFLAGS|MAKEFLAGS|MFLAGS|RUSTC_WORKSPACE_WRAPPER|RUST_RECURSION_COUNT|HOT_RELOAD_CAPTURE_.*)$/;

/** What cargo added to (or changed in) the environment it was started with. */
export function cargoSetEnv(rustcEnv: Record<string, string>, startedWith: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(rustcEnv)) {
    if (!NOT_CARGOS.test(name) && startedWith[name] !== value) out[name] = value;
  }
  return out;
}

export interface RawCapture {
  rustc: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** Reads (and removes) what the wrapper recorded during the last cargo run; undefined if it did not run for the lib. */
export function takeRawCapture(root: string): RawCapture | undefined {
  const file = rawCaptureFile(root);
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as RawCapture;
    return typeof raw.rustc === 'string' && Array.isArray(raw.args) ? raw : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** `rustc --version` and the target's library directory, asked of the captured rustc once per capture. */
export function toolchainFacts(
  rustc: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { version: string; libdir: string } | undefined {
  const target = parseArgs(args).find((a) => a.flag === '--target')?.value;
  const run = (extra: string[]): string | undefined => {
    const result = spawnSync(rustc, extra, { encoding: 'utf8', env });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  const version = run(['--version']);
  const libdir = run(['--print', 'target-libdir', ...(target ? ['--target', target] : [])]);
  return version && libdir ? { version, libdir } : undefined;
}

/**
 * The wrapper, as a file cargo can run: our compiled capture-rustc.js, copied into our folder with the node
 * that runs us in its first line (cargo's PATH may not lead to a node) and made executable.
 */
export function installWrapper(root: string): string {
  // Run from src/ (the benchmarks, through tsx) there is only the .ts: the compiled one is in dist/.
  const sibling = fileURLToPath(new URL('./capture-rustc.js', import.meta.url));
  const source = fs.existsSync(sibling)
    ? sibling
    : path.join(packageRoot, 'dist', 'dev', 'direct-build', 'capture-rustc.js');
  const text = fs.readFileSync(source, 'utf8').replace(/^#!.*\n/, '');
  const file = path.join(buildDir(root), 'capture-rustc.mjs');
  const content = `#!${process.execPath}\n${text}`;
  let current = '';
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    // not installed yet
  }
  if (current !== content) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, content, { mode: 0o755 });
    fs.renameSync(`${file}.tmp`, file);
  }
  return file;
}
