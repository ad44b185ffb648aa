// Proves the freshly built project works before the user touches it: the
// cdylib cargo built is loaded through the same runtime the TypeScript host
// uses (from a private copy), every exported function is resolved, and one is
// called with zeroed state.
import koffi, { type TypeObject } from 'koffi';
import { abiFingerprint, defineBindings, parseLib, specFromModel, type LibModel } from '../bindings/index.js';
import { readProject } from '../project.js';
import { UserError } from '../user-error.js';
import { builtLibraryPath } from '../runtime/load.js';
import { openCopy } from '../runtime/open.js';
import { formatDuration } from '../duration.js';

export function checkLibLoads(projectDir: string): string {
  const project = readProject(projectDir);
  const model = parseLib(project.libSrcDir, project.root);
  const bindings = defineBindings<Record<string, (...args: unknown[]) => unknown>>(
    specFromModel(model, { crate: project.libCrate, abi: abiFingerprint(model) }),
  );
  const started = performance.now();
  let lib;
  try {
    lib = openCopy(builtLibraryPath(project.root, project.libCrate), bindings);
  } catch (error) {
    throw new UserError(
      `the built library did not load: ${(error as Error).message}; run \`cargo build\` in the project to see why`,
    );
  }
  try {
    const ms = performance.now() - started;
    const names = model.functions.map((f) => f.name);
    const called = callOne(model, bindings.types, lib.api);
    const count = `${names.length} function${names.length === 1 ? '' : 's'}`;
    return `✓ lib loaded: ${count} (${names.join(', ')}) in ${formatDuration(ms)}${called ? `, ${called}() called` : ''}`;
  } finally {
    lib.unload();
  }
}

/**
 * Calls the first function whose arguments can all be made safely: no
 * arguments, or pointers to structs, given zeroed memory that outlives the call.
 * Returns its name, or undefined when no function qualifies.
 */
function callOne(
  model: LibModel,
  types: Readonly<Record<string, TypeObject>>,
  api: Record<string, (...args: unknown[]) => unknown>,
): string | undefined {
  const callable = model.functions.find((fn) =>
    fn.params.every(
      (p) =>
        p.type.kind === 'pointer' &&
        !p.type.nullable &&
        p.type.to.kind === 'named' &&
        model.structs.some((s) => s.name === (p.type as { to: { name: string } }).to.name),
    ),
  );
  if (!callable) return undefined;
  const buffers = callable.params.map((p) => {
    const type = types[(p.type as { to: { name: string } }).to.name]!;
    return Buffer.alloc(koffi.sizeof(type));
  });
  api[callable.name]!(...buffers);
  return callable.name;
}
