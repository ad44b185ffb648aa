import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildScheduler, type SchedulerTimers } from '../../src/dev/scheduler.js';

/** A manual clock: timers fire only when the test advances time. */
class FakeClock implements SchedulerTimers {
  time = 1_000_000;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.#id;
    this.#timers.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => void this.#timers.delete(handle as number);
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Builds that take `buildMs` of fake time; records when each started and which change it included. */
function setup(buildMs: number) {
  const clock = new FakeClock();
  const builds: { at: number; changedAt: number }[] = [];
  const scheduler = new BuildScheduler({
    settleMs: 30,
    quietMs: 250,
    maxWaitMs: 2000,
    timers: clock,
    build: (changedAt) => {
      builds.push({ at: clock.time, changedAt });
      return new Promise<void>((resolve) => clock.setTimeout(resolve, buildMs));
    },
  });
  return { clock, builds, scheduler };
}

test('a lone save builds after the settle delay, once for its burst of watch events', async () => {
  const { clock, builds, scheduler } = setup(150);
  scheduler.notify();
  scheduler.notify();
  scheduler.notify();
  await clock.advance(29);
  assert.equal(builds.length, 0);
  await clock.advance(1);
  assert.equal(builds.length, 1);
  await clock.advance(1000);
  assert.equal(builds.length, 1);
});

for (const buildMs of [50, 150, 400, 1500]) {
  test(`ten saves within a second give at most two builds, the last with the last save (build ${buildMs} ms)`, async () => {
    const { clock, builds, scheduler } = setup(buildMs);
    let lastSave = 0;
    for (let i = 0; i < 10; i++) {
      scheduler.notify();
      lastSave = clock.time;
      await clock.advance(99);
    }
    await clock.advance(5000);
    assert.ok(builds.length <= 2, `${builds.length} builds`);
    assert.equal(builds.at(-1)?.changedAt, lastSave, 'the last build includes the last save');
    assert.ok((builds.at(-1)?.at ?? 0) >= lastSave);
  });
}

test('a save during a build gives exactly one more build, right after it when saves paused', async () => {
  const { clock, builds, scheduler } = setup(1000);
  scheduler.notify();
  await clock.advance(30);
  assert.equal(builds.length, 1);
  await clock.advance(100);
  scheduler.notify();
  assert.equal(scheduler.pending, true);
  await clock.advance(900); // the first build ends at 1030; the save was 900 ms ago, so no more waiting
  assert.equal(builds.length, 2);
  assert.equal(builds[1]?.at, clock.time);
});

test('saves that never pause still build within maxWait', async () => {
  const { clock, builds, scheduler } = setup(100);
  scheduler.notify();
  await clock.advance(200); // build 1 done
  for (let i = 0; i < 40; i++) {
    scheduler.notify();
    await clock.advance(100);
  }
  assert.ok(builds.length >= 2, 'a build started while saves kept coming');
  assert.ok(builds.length <= 4, `${builds.length} builds`);
});

test('buildNow runs at once; stop cancels what is due', async () => {
  const { clock, builds, scheduler } = setup(100);
  void scheduler.buildNow();
  assert.equal(builds.length, 1);
  await clock.advance(100);
  scheduler.notify();
  scheduler.stop();
  await clock.advance(5000);
  assert.equal(builds.length, 1);
});
