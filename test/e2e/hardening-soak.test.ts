// 1000 reloads into one running host (TypeScript, then Rust) through the real `hot-reload dev` loop (its watcher,
// scheduler, bindings, publisher and pruning), then a segfaulting, an aborting and a panicking version, each
// reported and rolled back by the loop (bench/reload-soak.ts does the work and prints the same figures as a
// table). The lib's versions are built by cargo once beforehand, so the reloads are about the loop, not cargo:
// about 10-60 ms each on 2 cores, depending on the load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSoak, runReloadSoak } from '../../bench/reload-soak.js';

for (const host of ['ts', 'rust'] as const) {
  test(
    `${host} host: 1000 reloads, counter exact, fds constant, memory bounded, .hot/ tidy; crashing versions rolled back`,
    { timeout: 300_000 },
    async () => {
      const result = await runReloadSoak({ reloads: 1000, host });
      console.log(formatSoak(result));
      // Every reload was checked inside the run (the new body ran, State.counter === calls), or it threw.
      assert.equal(result.reloads, 1000);
      assert.ok(result.calls > 1000, `${result.calls} calls`);
      assert.equal(result.fdsEnd, result.fdsStart, 'no file descriptor leaked');
      assert.equal(result.fdsMax, result.fdsStart);
      assert.ok(
        result.rssEndMb - result.rssStartMb < 64,
        `resident memory grew ${(result.rssEndMb - result.rssStartMb).toFixed(1)} MB`,
      );
      // What the loop's pruning leaves: current.json, the current and the previous copy (the fallback is one of them).
      assert.ok(result.hotFilesMax <= 3, `${result.hotFilesMax} files in .hot/`);
      assert.deepEqual(
        result.crashes.map((c) => [c.kind, c.ended, c.reloadsAfter]),
        [
          ['segfault', 'SIGSEGV', 5],
          ['abort', 'SIGABRT', 5],
          ['panic', 'SIGABRT', 5],
        ],
      );
    },
  );
}
