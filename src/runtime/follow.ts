// Dev mode: follow `.hot/current.json` and swap to each new version that has
// the ABI this host was built with. The file is replaced by rename, so the
// directory is watched (a watch on the file itself would stay on the old inode).
import fs from 'node:fs';
import path from 'node:path';
import type { HotLib } from './hot-lib.js';
import { openPublished } from './open.js';
import { HOT_DIR, CURRENT_FILE, readPublishedVersion } from './published.js';
import { readBuildStatus, STATUS_FILE } from './build-status.js';
import { formatFirstCall, formatKept, formatSwapped } from './swap-line.js';
import type { LibBindings } from './types.js';

/** Starts following; returns the function that stops it. */
export function followPublished<Api extends object>(
  lib: HotLib<Api>,
  root: string,
  bindings: LibBindings<Api>,
  log: (line: string) => void,
): () => void {
  // The newest version we acted on (swapped to, or refused): a burst of watch events for one publish acts once.
  let seen = lib.version;
  /** The last reason current.json could not be read, so a burst of watch events says it once. */
  let unreadable = '';
  const check = (): void => {
    let published;
    try {
      published = readPublishedVersion(root);
    } catch (error) {
      // Gone (dev cleaning up): nothing to say. Unreadable (someone wrote it by hand, a full disk): say why the
      // old version keeps running; the next publish triggers another check.
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : `cannot read ${HOT_DIR}/${CURRENT_FILE}: ${(error as Error).message}`;
      if (reason && reason !== unreadable) log(formatKept(lib.version, reason));
      unreadable = reason;
      return;
    }
    unreadable = '';
    if (published.version === seen) return;
    seen = published.version;
    if (published.abi !== bindings.abi) {
      const reason = `v${published.version} has a different ABI than this host was started with (the dev loop restarts the host)`;
      lib.emitError(new Error(reason));
      log(formatKept(lib.version, reason));
      return;
    }
    void lib.swapTo(published.version, () => openPublished(root, published, bindings)).then((result) => {
      if (result instanceof Error) log(formatKept(lib.version, result.message));
    });
  };

  // Registered before the host can add listeners: the swap line is out before anything a reload listener does
  // (such as a first call into the new version, whose line the dev loop expects after the swap's).
  lib.on('reload', (event) => log(formatSwapped(event.version, event.swapMs)));
  // Tells the dev loop when new code first ran: its "save → first call" latency.
  lib.on('firstCall', (event) => log(formatFirstCall(event.version, event.afterSwapMs)));

  const checkBuildStatus = (): void => {
    try {
      lib.setBuildStatus(readBuildStatus(root));
    } catch {
      // half-written or gone: the next write triggers another check
    }
  };

  const watcher = fs.watch(path.join(root, HOT_DIR), (_event, filename) => {
    if (filename === null || filename === CURRENT_FILE) check();
    if (filename === null || filename === STATUS_FILE) checkBuildStatus();
  });
  watcher.on('error', () => watcher.close());
  // Following never keeps a host alive that has nothing else to do.
  watcher.unref();
  // A publish between the host's first read and the watch start would otherwise go unnoticed; and a host
  // (re)started while the code does not compile learns of it at once.
  check();
  checkBuildStatus();
  return () => watcher.close();
}
