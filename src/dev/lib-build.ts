// Building the lib: what the dev loop asks of a build and gets back, the default way of making one (direct-build/
// plus the layout probe), and the sources' ABI now.
import { abiFingerprint } from '../bindings/fingerprint.js';
import { parseLib } from '../bindings/parse-lib.js';
import fs from 'node:fs';
import type { LibModel } from '../bindings/model.js';
import { probeLayout } from '../migrate/probe.js';
import type { ProjectInfo } from '../project.js';
import { builtLibraryPath } from '../runtime/load.js';
import type { LibArtifact } from './cargo-messages.js';
import type { Cargo } from './cargo.js';
import { LibBuilder } from './direct-build/lib-builder.js';

/** What one build of the lib produced: the cdylib to publish, or why there is none. */
export interface LibBuild {
  success: boolean;
  /** Stopped by us (shutdown) rather than finished. */
  stopped: boolean;
  /** Errors and warnings, as the compiler rendered them. */
  diagnostics: string;
  ms: number;
  artifact: LibArtifact | undefined;
  /** Which way it was built and why (direct-build/), for the trace. */
  how?: { path: string; reason: string };
  /** The compiler's layouts of the lib's types (the probe's JSON, contract §5), when this build made them. */
  layoutJson?: string;
}

/** The ABI fingerprint of the lib's sources as they are now (undefined: they do not parse). */
export function sourceAbi(project: ProjectInfo): string | undefined {
  try {
    return abiFingerprint(parseLib(project.libSrcDir, project.root));
  } catch {
    return undefined;
  }
}

/** One build of the lib, for bindings of `abi` generated from `model`; `layout`: the host needs the layouts. */
export interface LibBuildRequest {
  abi: string;
  model: LibModel;
  layout: boolean;
}

export interface LibBuilding {
  build(request: LibBuildRequest): Promise<LibBuild>;
  /** Stops a build in progress that cargo's own stop does not reach (a direct rustc run). */
  stop(): Promise<void>;
}

/** The dev loop's default: rustc directly or cargo (LibBuilder), then the compiler's layouts when asked for. */
export function devLibBuilding(project: ProjectInfo, cargo: Cargo): LibBuilding {
  const builder = new LibBuilder(project, cargo);
  return {
    async build({ abi, model, layout }) {
      const { ok: success, stopped, diagnostics, ms, artifact, path, reason } = await builder.build({ abi });
      const built: LibBuild = { success, stopped, diagnostics, ms, artifact, how: { path, reason } };
      if (success && artifact && layout) built.layoutJson = await layoutJson(project, model, abi);
      return built;
    },
    stop: () => builder.stop(),
  };
}

/**
 * The compiler's layouts, for a TypeScript host to migrate its state by (contract §5), probed against cargo's
 * rlib: it is current for this ABI, because an ABI change always builds through cargo. Cached by fingerprint.
 */
async function layoutJson(project: ProjectInfo, model: LibModel, abi: string): Promise<string> {
  const { root, libCrate: crate } = project;
  const file = await probeLayout({ root, crate, model, abi, artifact: builtLibraryPath(root, crate) });
  return fs.readFileSync(file, 'utf8');
}
