// What `DevLoop` (loop.ts) can be given: where its lines go, the host's extra arguments, and the lib builder.
import type { LibBuild, LibBuildRequest } from './lib-build.js';
import type { SchedulerOptions } from './scheduler.js';
import { devLine } from './status.js';

export interface DevOutput {
  /** Our status lines (prefixed). */
  status(line: string): void;
  /** cargo's diagnostics and other text to show as is. */
  diagnostics(text: string): void;
}

export const defaultOutput: DevOutput = {
  status: (line) => void process.stdout.write(`${devLine(line)}\n`),
  diagnostics: (text) => void process.stderr.write(`${text}\n`),
};

export interface DevLoopOptions {
  output?: DevOutput;
  /** Extra arguments for the host (`hot-reload dev -- --port 8080`). */
  hostArgs?: readonly string[];
  /**
   * Builds the lib. Default: rustc directly with cargo's captured command, or cargo (direct-build/). The soak
   * (bench/reload-soak.ts) serves libraries it built beforehand, so that its thousand reloads are about the loop.
   */
  buildLib?: (request: LibBuildRequest) => Promise<LibBuild>;
  /** The build scheduler's delays (default: settle 3 ms, quiet 250 ms, at most 2 s). */
  schedule?: Pick<SchedulerOptions, 'settleMs' | 'quietMs' | 'maxWaitMs'>;
}
