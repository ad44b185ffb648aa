// The captured command: what capture-rustc.ts recorded while cargo built the lib, plus the stamp of the inputs
// it was valid for, kept in `.hot/build/capture.json` (so a new `hot-reload dev` starts on the direct path when
// nothing changed since; doctor reads it too). Written with a temp file and a rename, like everything in .hot/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

export function readCapture(root: string): Capture | undefined {
  try {
    const capture = JSON.parse(fs.readFileSync(captureFile(root), 'utf8')) as Capture;
    return capture.format === 1 && Array.isArray(capture.args) ? capture : undefined;
  } catch {
    return undefined;
  }
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
const NOT_CARGOS = /^(CARGO_MAKEFLAGS|MAKEFLAGS|MFLAGS|RUSTC_WORKSPACE_WRAPPER|RUST_RECURSION_COUNT|HOT_RELOAD_CAPTURE_.*)$/;

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
export function toolchainFacts(rustc: string, args: readonly string[], env: NodeJS.ProcessEnv): { version: string; libdir: string } | undefined {
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
  const source = fileURLToPath(new URL('./capture-rustc.js', import.meta.url));
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
