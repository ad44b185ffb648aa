// `hot-reload gen`, and the same step for the scaffolder and the dev loop:
// parse lib/src, write host/lib.generated.ts and src/hot_lib.rs when (and only
// when) their content changes.
import fs from 'node:fs';
import path from 'node:path';
import { findProject, readLayout, readProject, type ProjectInfo } from '../project.js';
import { UserError } from '../user-error.js';
import { emitHotLib } from './emit-rust.js';
import { emitTypeScript } from './emit-ts.js';
import { abiFingerprint } from './fingerprint.js';
import type { LibModel, Warning } from './model.js';
import { parseLib } from './parse-lib.js';

/** The generated files, relative to the project root. */
export const GENERATED_TS = 'host/lib.generated.ts';
export const GENERATED_RUST = 'src/hot_lib.rs';

export interface GenerateResult {
  model: LibModel;
  abi: string;
  /** Files written (relative to the root); empty when everything was up to date or in check mode. */
  written: string[];
  /** True when both files already had exactly this content. */
  upToDate: boolean;
  warnings: Warning[];
}

export function generateBindings(projectRoot: string, opts: { check?: boolean } = {}): GenerateResult {
  const hasLib = fs.existsSync(path.join(projectRoot, 'lib', 'Cargo.toml')) || readLayout(projectRoot) !== undefined;
  if (!fs.existsSync(path.join(projectRoot, 'Cargo.toml')) || !hasLib) {
    throw new UserError(
      `${projectRoot} is not a hot-reload project (no Cargo.toml and lib/Cargo.toml): run this in a project made by \`npm create hot-reload\``,
    );
  }
  const project = readProject(projectRoot);
  if (!fs.existsSync(project.libSrcDir))
    throw new UserError(`no lib sources at ${project.libSrcDir}: the lib crate needs a src/ folder`);
  // Without its root file the lib does not compile; generating from the other files would overwrite good
  // bindings with a partial (often empty) set.
  if (!fs.existsSync(path.join(project.libSrcDir, 'lib.rs'))) {
    throw new UserError(
      'lib/src/lib.rs is missing: restore it (e.g. `git checkout lib/src/lib.rs`); the generated bindings were left as they are',
    );
  }
  const model = parseLib(project.libSrcDir, project.root);
  const abi = abiFingerprint(model);
  const outputs: [string, string][] = [
    [GENERATED_TS, emitTypeScript(model, { crate: project.libCrate, abi, sources: model.files })],
    [generatedRustPath(project), emitHotLib(model, { crate: project.libCrate, abi })],
  ];
  const written: string[] = [];
  let upToDate = true;
  for (const [relative, content] of outputs) {
    const file = path.join(project.root, relative);
    const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (existing === content) continue;
    upToDate = false;
    if (opts.check) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename: a watcher (or the compiler) never sees half a file.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
    written.push(relative);
  }
  return { model, abi, written, upToDate, warnings: model.warnings };
}

/** Where src/hot_lib.rs goes, relative to the root: beside the bin's main.rs. */
export function generatedRustPath(project: ProjectInfo): string {
  return path.relative(project.root, path.join(project.binSrcDir, 'hot_lib.rs')).split(path.sep).join('/');
}

/** One warning as the CLI prints it. */
export function formatWarning(warning: Warning): string {
  return `warning: ${warning.file}:${warning.line}: ${warning.item} left out: ${warning.reason}`;
}

/** `1 function (step), 1 struct` */
export function summarize(model: LibModel): string {
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    `${count(model.functions.length, 'function')}${model.functions.length ? ` (${model.functions.map((f) => f.name).join(', ')})` : ''}`,
  ];
  if (model.structs.length) parts.push(count(model.structs.length, 'struct'));
  if (model.enums.length) parts.push(count(model.enums.length, 'enum'));
  return parts.join(', ');
}

/** `hot-reload gen [--strict] [--check]`. */
export function runGen(options: { strict?: boolean; check?: boolean } = {}): number {
  const project = findProject();
  const result = generateBindings(project.root, { check: options.check });
  for (const warning of result.warnings) console.error(formatWarning(warning));
  const targets = `${GENERATED_TS}, ${generatedRustPath(project)}`;
  if (options.check && !result.upToDate) {
    console.error(`✗ bindings: ${targets} are out of date with lib/src: run \`hot-reload gen\``);
    return 1;
  }
  // Not an error (a new lib may start empty), but nothing a host could call: say how to export a function.
  if (result.model.functions.length === 0) {
    console.error(
      'warning: lib/src exports no functions: mark one `#[unsafe(no_mangle)] pub extern "C" fn` for the hosts to call',
    );
  }
  const state = result.upToDate ? ' (up to date)' : '';
  console.log(`✓ bindings: ${summarize(result.model)} → ${targets}${state}`);
  if (options.strict && result.warnings.length > 0) {
    console.error(
      `✗ --strict: ${result.warnings.length} function${result.warnings.length === 1 ? '' : 's'} left out (see the warnings above)`,
    );
    return 1;
  }
  return 0;
}
