// Building the lib: what the dev loop needs from a build, and cargo's way of making one. A faster build path
// (a direct rustc call) is another function of the same type, passed as `DevLoopOptions.buildLib`.
import { abiFingerprint } from '../bindings/fingerprint.js';
import { parseLib } from '../bindings/validate.js';
import { libraryFileName, type ProjectInfo } from '../project.js';
import { findLibArtifact, type LibArtifact } from './cargo-messages.js';
import type { Cargo } from './cargo.js';

/** What one build of the lib produced: the cdylib to publish, or why there is none. */
export interface LibBuild {
  success: boolean;
  /** Stopped by us (shutdown) rather than finished. */
  stopped: boolean;
  /** Errors and warnings, as the compiler rendered them. */
  diagnostics: string;
  ms: number;
  artifact: LibArtifact | undefined;
  /** The compiler's layouts of the lib's types (the probe's JSON, contract §5), when this build made them. */
  layoutJson?: string;
}

/** `cargo build -p <lib>`: the cdylib cargo reports, when the build succeeded. */
export async function cargoLibBuild(cargo: Cargo, project: ProjectInfo): Promise<LibBuild> {
  const run = await cargo.run(['build', '-p', project.libPackage, '--message-format=json-render-diagnostics']);
  const file = libraryFileName(project.libCrate);
  const artifact = run.success ? findLibArtifact(run.messages, project.libCrate, file) : undefined;
  return { success: run.success, stopped: run.stopped, diagnostics: run.diagnostics, ms: run.ms, artifact };
}

/** The ABI fingerprint of the lib's sources as they are now (undefined: they do not parse). */
export function sourceAbi(project: ProjectInfo): string | undefined {
  try {
    return abiFingerprint(parseLib(project.libSrcDir, project.root));
  } catch {
    return undefined;
  }
}
