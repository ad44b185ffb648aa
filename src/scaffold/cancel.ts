// What a Ctrl-C during createProject undoes, and the line it prints. One per call, so two calls in one process
// (tests, tools) never share it.
import type { PackageManager } from './package-manager.js';

export const NOTHING_WRITTEN = 'Cancelled: nothing was written';

export class PendingProject {
  #discardStaged: (() => void) | undefined;
  #placed: { dir: string; packageManager: PackageManager } | undefined;
  #finished = false;

  /** A staged copy exists; `discard` removes it. */
  staged(discard: () => void): void {
    this.#discardStaged = discard;
  }
  /** The staged copy is gone (moved into place, or discarded after a failure). */
  unstaged(): void {
    this.#discardStaged = undefined;
  }
  /** The project is in place; the steps after it (install, git, build) may still be running. */
  placed(dir: string, packageManager: PackageManager): void {
    this.#placed = { dir, packageManager };
  }
  finished(): void {
    this.#finished = true;
  }

  /** For a Ctrl-C handler: undoes what is half-done and returns the line to print. */
  cancel(): string {
    if (this.#discardStaged) {
      this.#discardStaged();
      this.#discardStaged = undefined;
      return NOTHING_WRITTEN;
    }
    if (this.#placed && this.#finished) return `Stopped: the project in ${this.#placed.dir} is complete`;
    if (this.#placed) {
      const { dir, packageManager } = this.#placed;
      return `Cancelled: the project is written in ${dir}; finish with \`${packageManager} install\` and \`cargo build\` there`;
    }
    return NOTHING_WRITTEN;
  }
}
