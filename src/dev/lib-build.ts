// Building the lib: what the dev loop needs from a build (direct-build/ makes them), and the sources' ABI now.
import { abiFingerprint } from '../bindings/fingerprint.js';
import { parseLib } from '../bindings/parse-lib.js';
import type { ProjectInfo } from '../project.js';
import type { LibArtifact } from './cargo-messages.js';

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
