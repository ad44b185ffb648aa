// Dev mode: follow `.hot/current.json` and take each new version. The same ABI: a plain swap. Another ABI:
// migrated in process when the plan allows (migration-plan.ts), otherwise a snapshot and exit 75, "restart me on
// the current version" (contract §4). The file is replaced by rename, so the directory is watched (a watch on the
// file itself would stay on the old inode).
import fs from 'node:fs';
import path from 'node:path';
import { defineBindings } from '../bindings/spec.js';
import { readBuildStatus, STATUS_FILE } from './build-status.js';
import type { Candidate, LibController } from './controller.js';
import { planMigration } from './migration-plan.js';
import { openPublished } from './open.js';
import { HOT_DIR, CURRENT_FILE, readPublishedVersion } from './published.js';
import { deleteSnapshot, writeSnapshot } from './snapshot-file.js';
import {
  formatFirstCall,
  formatFresh,
  formatKept,
  formatMigrated,
  formatSwapped,
  RESTART_EXIT_CODE,
} from './swap-line.js';
import type { PublishedVersion } from './types.js';

export interface FollowOptions {
  root: string;
  log: (line: string) => void;
  /** The `restart` value of current.json when the host started (contract §4). */
  startedWithRestart: number;
  /** How the host ends for a restart (tests replace it). */
  exit?: (code: number) => void;
}

/** Starts following; returns the function that stops it. */
export function followPublished<Api extends object>(
  controller: LibController<Api>,
  options: FollowOptions,
): () => void {
  const { root, log } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  // The newest version we acted on (swapped to, or refused): a burst of watch events for one publish acts once.
  let seen = controller.version;
  let restarting = false;
  /** The last reason current.json could not be read, so a burst of watch events says it once. */
  let unreadable = '';

  /** Snapshot (when the state can travel), then exit 75: dev starts a new host on the current version. */
  const restart = (reason: string, withSnapshot: boolean): void => {
    if (restarting) return;
    restarting = true;
    if (withSnapshot && controller.layout)
      writeSnapshot(root, controller.memory.snapshotFile(controller.version, controller.layout));
    log(
      formatKept(
        controller.version,
        `${reason}: restarting the host${withSnapshot ? ' with a snapshot of its state' : ''}`,
      ),
    );
    exit(RESTART_EXIT_CODE);
  };

  const take = (published: PublishedVersion): void => {
    if (published.abi === controller.abi) {
      const load = (): Candidate<Api> => ({
        loaded: openPublished(root, published, controller.bindings),
        abi: published.abi,
      });
      void controller.swap(published.version, load).then((result) => {
        if (result instanceof Error) log(formatKept(controller.version, result.message));
      });
      return;
    }
    const plan = planMigration({
      root,
      published,
      hostSpec: controller.hostBindings.spec,
      current: controller.layout,
      memory: controller.memory,
    });
    if (plan.kind === 'fresh') {
      log(formatFresh(published.version, plan.reason));
      restart(plan.reason, false);
      return;
    }
    if (plan.kind === 'restart') {
      restart(plan.reason, true);
      return;
    }
    const bindings = defineBindings<Api>(plan.layout.bindings);
    const load = (): Candidate<Api> => ({
      loaded: openPublished(root, published, bindings),
      abi: published.abi,
      layout: plan.layout,
      bindings,
    });
    void controller.swap(published.version, load).then((result) => {
      if (result instanceof Error) log(formatKept(controller.version, result.message));
    });
  };

  const check = (): void => {
    if (restarting) return;
    let published;
    try {
      published = readPublishedVersion(root);
    } catch (error) {
      // Gone (dev cleaning up): nothing to say. Unreadable (someone wrote it by hand, a full disk): say why the
      // old version keeps running; the next publish triggers another check.
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? ''
          : `cannot read ${HOT_DIR}/${CURRENT_FILE}: ${(error as Error).message}`;
      if (reason && reason !== unreadable) log(formatKept(controller.version, reason));
      unreadable = reason;
      return;
    }
    unreadable = '';
    if ((published.restart ?? 0) > options.startedWithRestart) {
      restart('the dev loop asked for a restart', true);
      return;
    }
    if (published.version === seen) return;
    seen = published.version;
    take(published);
  };

  // Crash rollback (contract §4): the state from before a migration stays on disk until the first call into the
  // migrated version has returned; a crash in that call leaves it for the host dev restarts on the last good one.
  let pendingRollback = false;
  controller.beforeMigrate = () => {
    if (!controller.layout) return;
    writeSnapshot(root, controller.memory.snapshotFile(controller.version, controller.layout));
    pendingRollback = true;
  };
  // Registered before the host can add listeners: these lines are out before anything a reload listener does
  // (such as a first call into the new version, whose line the dev loop expects after the swap's).
  controller.events.on('migrate', (event) => {
    for (const line of event.lines) log(formatMigrated(event.version, line));
  });
  controller.events.on('reload', (event) => log(formatSwapped(event.version, event.swapMs)));
  // Tells the dev loop when new code first ran: its "save → first call" latency.
  controller.events.on('firstCall', (event) => {
    log(formatFirstCall(event.version, event.afterSwapMs));
    if (!pendingRollback) return;
    pendingRollback = false;
    // Runs after the call this listener precedes has returned (the call is in the same task).
    setImmediate(() => deleteSnapshot(root));
  });

  const checkBuildStatus = (): void => {
    try {
      controller.setBuildStatus(readBuildStatus(root));
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
