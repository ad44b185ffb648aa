// Builds the lib's cdylib for the dev loop: with rustc directly, using the command line cargo itself used for the
// lib (captured through RUSTC_WORKSPACE_WRAPPER), when nothing that command depends on changed since and the
// ABI did not change; through cargo otherwise, capturing the command again when it may be stale. A failed
// direct build is retried once through cargo before it is reported, so what the user reads is cargo's output.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { libraryFileName, type ProjectInfo } from '../../project.js';
import { findLibArtifact, type LibArtifact } from '../cargo-messages.js';
import type { Cargo } from '../cargo.js';
import { stopGroup } from '../process-group.js';
import { trace } from '../trace.js';
import type { BuildPath } from './build-path.js';
import {
  buildDir,
  cargoSetEnv,
  forgetCapture,
  installWrapper,
  rawCaptureFile,
  takeRawCapture,
  toolchainFacts,
  writeCapture,
  type Capture,
} from './capture.js';
import { takeStamp } from './inputs.js';
import { choosePath, scopeOf } from './path-facts.js';
import { directArgs, externFiles } from './rustc-args.js';
import { renderRustcOutput } from './rustc-diagnostics.js';

export interface LibBuild {
  ok: boolean;
  /** Stopped by us (shutdown) rather than finished. */
  stopped: boolean;
  /** The cdylib (absent when a good cargo build produced none). */
  artifact?: LibArtifact;
  /** Errors and warnings exactly as cargo renders them. */
  diagnostics: string;
  ms: number;
  path: BuildPath;
  reason: string;
  /** The direct path: rustc's own time, spawn to exit. */
  compilerMs?: number;
}

export interface LibBuilderOptions {
  /**
   * Direct builds link std as the toolchain's shared library (`-C prefer-dynamic`, found through an rpath):
   * measured faster to link and 12 KiB instead of 4 MiB per version (docs/performance.md). Linux only.
   */
  preferDynamic?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const PREFER_DYNAMIC_DEFAULT = process.platform === 'linux';

export class LibBuilder {
  readonly #project: ProjectInfo;
  readonly #cargo: Cargo;
  readonly #preferDynamic: boolean;
  readonly #env: NodeJS.ProcessEnv;
  #rustc: ChildProcess | undefined;
  #stopping = false;
  /** The ABI fingerprint of the last good cargo build: cargo's rlib has that layout. */
  #cargoAbi: string | undefined;

  constructor(project: ProjectInfo, cargo: Cargo, options: LibBuilderOptions = {}) {
    this.#project = project;
    this.#cargo = cargo;
    this.#env = { ...(options.env ?? process.env) }; // a plain copy: see takeStamp
    const knob = this.#env.HOT_RELOAD_PREFER_DYNAMIC;
    this.#preferDynamic = knob === undefined ? (options.preferDynamic ?? PREFER_DYNAMIC_DEFAULT) : knob === '1';
  }

  /**
   * `abi`: the fingerprint of the bindings just generated. A fingerprint other than the last good cargo build's
   * (or the first build of the session) goes through cargo, so cargo's rlib has the layout the sources have.
   * A caller that tracks this itself passes `abiChanged` instead.
   */
  async build(what: { abi: string } | { abiChanged: boolean }): Promise<LibBuild> {
    if ('abiChanged' in what) return this.#build(what.abiChanged);
    const result = await this.#build(what.abi !== this.#cargoAbi);
    if (result.ok && result.path === 'cargo') this.#cargoAbi = what.abi;
    return result;
  }

  async #build(abiChanged: boolean): Promise<LibBuild> {
    const choice = choosePath(this.#project.root, abiChanged, this.#env);
    if (choice.path === 'direct' && choice.capture) {
      const direct = await this.#direct(choice.capture, choice.reason);
      if (direct.ok || direct.stopped) return direct;
      const retried = await this.#viaCargo(false, 'the direct build failed: retried through cargo');
      // cargo succeeding where the captured command failed means the capture is wrong somehow: capture again.
      if (retried.ok) forgetCapture(this.#project.root);
      return { ...retried, ms: retried.ms + direct.ms };
    }
    return this.#viaCargo(choice.recapture, choice.reason);
  }

  /** Stops a running rustc (cargo is stopped by its owner) and refuses further direct builds. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#rustc) await stopGroup(this.#rustc);
  }

  async #direct(capture: Capture, reason: string): Promise<LibBuild> {
    const started = performance.now();
    const color = process.stderr.isTTY === true;
    const outDir = path.join(buildDir(this.#project.root), 'out');
    const args = directArgs(capture.args, {
      outDir,
      incrementalDir: path.join(buildDir(this.#project.root), 'incremental'),
      color,
      preferDynamicLibdir: this.#preferDynamic ? capture.targetLibdir : undefined,
    });
    const failed = (diagnostics: string): LibBuild => ({
      ok: false,
      stopped: false,
      diagnostics,
      ms: performance.now() - started,
      path: 'direct',
      reason,
    });
    if (!args.ok) return failed(args.why);
    const file = path.join(outDir, libraryFileName(this.#project.libCrate));
    fs.rmSync(file, { force: true }); // a failed link must not leave the previous build looking like this one
    trace('rustc-start');
    const rustcStarted = performance.now();
    const run = await this.#runRustc(capture, args.args);
    const compilerMs = performance.now() - rustcStarted;
    trace('rustc-end');
    if (run.stopped) return { ...failed(''), stopped: true };
    const output = renderRustcOutput(run.stderr, { name: this.#project.libPackage, color });
    if (run.code !== 0 || output.errors > 0 || !fs.existsSync(file))
      return failed(output.diagnostics || run.error || `rustc exited with ${run.code}`);
    return {
      ok: true,
      stopped: false,
      artifact: { file, fresh: false },
      diagnostics: output.diagnostics,
      ms: performance.now() - started,
      path: 'direct',
      reason,
      compilerMs,
    };
  }

  #runRustc(
    capture: Capture,
    args: string[],
  ): Promise<{ code: number | null; stderr: string; stopped: boolean; error?: string }> {
    if (this.#stopping) return Promise.resolve({ code: null, stderr: '', stopped: true });
    const child = spawn(capture.rustc, args, {
      cwd: capture.cwd,
      env: { ...this.#env, ...capture.cargoEnv },
      detached: process.platform !== 'win32', // its own group, so that stopping it stops the linker too
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#rustc = child;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve) => {
      child.once('error', (error) => {
        this.#rustc = undefined;
        resolve({ code: null, stderr, stopped: false, error: `cannot run ${capture.rustc}: ${error.message}` });
      });
      child.once('close', (code) => {
        this.#rustc = undefined;
        resolve({ code, stderr, stopped: this.#stopping });
      });
    });
  }

  async #viaCargo(recapture: boolean, reason: string): Promise<LibBuild> {
    const root = this.#project.root;
    let env: NodeJS.ProcessEnv | undefined;
    if (recapture) {
      fs.rmSync(rawCaptureFile(root), { force: true });
      env = {
        RUSTC_WORKSPACE_WRAPPER: installWrapper(root),
        HOT_RELOAD_CAPTURE_CRATE: this.#project.libCrate,
        HOT_RELOAD_CAPTURE_FILE: rawCaptureFile(root),
      };
    }
    const startedAt = Date.now();
    const run = await this.#cargo.run(
      ['build', '-p', this.#project.libPackage, '--message-format=json-render-diagnostics'],
      env,
    );
    if (recapture && !run.stopped) this.#saveCapture(startedAt);
    const artifact = run.success
      ? findLibArtifact(run.messages, this.#project.libCrate, libraryFileName(this.#project.libCrate))
      : undefined;
    return {
      ok: run.success,
      stopped: run.stopped,
      artifact,
      diagnostics: run.diagnostics,
      ms: run.ms,
      path: 'cargo',
      reason,
    };
  }

  /** Turns what the wrapper recorded into the capture, unless an input changed while cargo was running. */
  #saveCapture(cargoStartedAt: number): void {
    const root = this.#project.root;
    const raw = takeRawCapture(root);
    if (!raw) return; // cargo found the lib fresh and did not run rustc: the next build that compiles captures
    const cargoEnv = cargoSetEnv(raw.env, this.#env);
    const toolchain = toolchainFacts(raw.rustc, raw.args, { ...this.#env, ...cargoEnv });
    if (!toolchain) return;
    const scope = scopeOf(root, raw);
    const stamp = takeStamp(scope, cargoEnv, this.#env);
    const outputs = new Set(externFiles(raw.args)); // cargo's own products: it may have rebuilt them just now
    const changedDuring = Object.entries(stamp.files).some(
      ([file, id]) => !outputs.has(file) && Number(id.split(':')[1]) >= cargoStartedAt - 1,
    );
    if (changedDuring) {
      forgetCapture(root);
      return;
    }
    writeCapture(root, {
      format: 1,
      rustc: raw.rustc,
      args: raw.args,
      cwd: raw.cwd,
      cargoEnv,
      rustcVersion: toolchain.version,
      targetLibdir: toolchain.libdir,
      stamp,
      capturedAt: new Date().toISOString(),
    });
  }
}
