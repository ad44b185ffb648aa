// The dev loop's side of `.hot/status.json` (see src/runtime/build-status.ts): written when a lib build
// fails, and once more when the next one compiles, so hosts can show compile errors and clear them.
import fs from 'node:fs';
import { buildStatusPath, type BuildStatus } from '../runtime/build-status.js';

/** cargo colours its diagnostics when our stderr is a terminal; a page shows plain text. */
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export class BuildStatusWriter {
  #failing = false;

  constructor(readonly root: string) {}

  /** Forgets what an earlier dev run left: a host must not show an error from then. */
  reset(): void {
    fs.rmSync(buildStatusPath(this.root), { force: true });
    this.#failing = false;
  }

  failed(message: string, runningVersion: number): void {
    this.#failing = true;
    this.#write({ ok: false, message: message.replace(ANSI, '').trimEnd(), version: runningVersion, at: Date.now() });
  }

  /** A build compiled: written only when the one before had failed. */
  succeeded(runningVersion: number): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#write({ ok: true, version: runningVersion, at: Date.now() });
  }

  #write(status: BuildStatus): void {
    const file = buildStatusPath(this.root);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(status, null, 2)}\n`);
    fs.renameSync(temp, file);
  }
}
