// The browser host: steps the game at 60 Hz, asks the lib to draw each frame
// into a pixel buffer, and sends it to the page over a WebSocket; key events
// come back the same way. `npm run dev` runs it under the dev loop, which
// swaps in every new build of lib/src/lib.rs while the game keeps running.
import { fileURLToPath } from 'node:url';
import { koffi, loadLib, type StateSnapshot } from 'create-hot-reload/runtime';
import type { WebSocket } from 'ws';
import { bindings, Game } from './lib.generated.js';
import { KeyState, packInput, unpackInput } from './keys.js';
import { LiveLoop } from './live-loop.js';
import { FramePerf } from './perf.js';
import { requestedPort, startServer } from './server.js';

/** The picture's size in pixels; the page scales it up. The lib fits its world into whatever it is given. */
const WIDTH = 320;
const HEIGHT = 240;
const STEPS_PER_SECOND = 60;
const STEP_MS = 1000 / STEPS_PER_SECOND;
/** A frame header: width and height as u16, then RGBA rows. */
const HEADER_BYTES = 4;
/** A page still this far behind (about four frames) gets no new frame this step: the freshest one wins. */
const MAX_BUFFERED_BYTES = 4 * WIDTH * HEIGHT * 4;

const lib = await loadLib(bindings);
// Allocated by the runtime, outside the library: the game survives every swap.
const game = lib.alloc(Game, lib.api.game_init(Date.now() >>> 0));
/** The state's raw bytes, for the page (and the tests) to compare pass ends. */
const stateBytes = koffi.array('uint8_t', koffi.sizeof(Game));
const keys = new KeyState();
const perf = new FramePerf();
const liveLoop = new LiveLoop<StateSnapshot>();
/** Every open page, and whether it is visible and focused (someone is looking at it). */
const pages = new Map<WebSocket, { active: boolean }>();
let lastStatus = '';

const broadcast = (message: object): void => {
  const text = JSON.stringify(message);
  for (const page of pages.keys()) page.send(text);
};
const loopMessage = (): object => {
  const { phase, length: frames, position } = liveLoop;
  return { type: 'loop', phase, frames, position, fps: STEPS_PER_SECOND };
};

// loopPosition: where a running loop was when the new code came in (always 0: between two passes).
lib.on('reload', (event) => {
  const loopPosition = liveLoop.phase === 'looping' ? liveLoop.position : null;
  broadcast({ type: 'reload', version: event.version, swapMs: event.swapMs, loopPosition });
});
// Compile errors from the dev loop: the page shows them over the game, which keeps running the last good version.
lib.on('buildError', (event) => broadcast({ type: 'build-error', message: event.message }));
lib.on('buildOk', () => broadcast({ type: 'build-ok' }));

// Inside a loop a new version waits for the next pass, so that each pass runs one version from start to end.
const waitingSwaps: (() => void)[] = [];
lib.beforeSwap(() => (liveLoop.atPassStart ? undefined : new Promise<void>((resolve) => waitingSwaps.push(resolve))));
const letSwapsIn = (): void => {
  for (const resolve of waitingSwaps.splice(0)) resolve();
};

function onPageMessage(page: WebSocket, message: unknown): void {
  const type = (message as { type?: unknown } | null)?.type;
  if (type === 'loop') {
    liveLoop.toggle(() => lib.snapshot(game));
    letSwapsIn();
    broadcast(loopMessage());
  } else if (type === 'leave-loop') {
    liveLoop.leave();
    letSwapsIn();
    broadcast(loopMessage());
  } else if (type === 'active') {
    const active = (message as { active?: unknown }).active === true;
    pages.set(page, { active });
    // A key released while the page had no focus never sends keyup.
    if (!active) keys.clear();
  } else {
    keys.apply(message);
  }
}

const requested = requestedPort(process.argv.slice(2), process.env);
const server = await startServer({
  port: requested,
  pageDir: fileURLToPath(new URL('./page/', import.meta.url)),
  onConnection(page) {
    pages.set(page, { active: true });
    lastStatus = ''; // the new page needs the status too
    page.send(JSON.stringify({ ...loopMessage(), type: 'hello', version: lib.version, buildError: lib.buildError }));
    page.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        // A text message (isBinary is false) arrives as one Buffer: ws's default binaryType is 'nodebuffer'.
        onPageMessage(page, JSON.parse((data as Buffer).toString('utf8')));
      } catch {
        // not JSON: not from our page
      }
    });
    page.on('close', () => {
      pages.delete(page);
      // Nobody left to let go of the keys.
      if (pages.size === 0) keys.clear();
    });
  },
});
const moved = server.port === requested ? '' : `; port ${requested} was taken`;
console.log(`game: ${server.url}  (open it in a browser; ${WIDTH}x${HEIGHT} at 60 Hz${moved})`);

/** Someone could be watching: a page is open, visible and focused. Otherwise the game waits (nobody could steer). */
const watched = (): boolean => [...pages.values()].some((page) => page.active);

/** One step: update, render, send. */
function frame(): void {
  if (!watched()) return;
  const started = performance.now();
  const passes = liveLoop.passes;
  const input = unpackInput(liveLoop.next(packInput(keys.take()), (start) => lib.restore(game, start)));
  lib.api.game_update(game, input, STEP_MS / 1000);
  if (liveLoop.passes !== passes) {
    // The state a pass ended with: with unchanged code every pass ends the same (the page shows, tests compare).
    const state = Buffer.from(koffi.decode(game, stateBytes) as Uint8Array).toString('hex');
    broadcast({ type: 'pass-end', pass: liveLoop.passes, version: lib.version, state });
    letSwapsIn();
  }
  if (liveLoop.phase !== 'off' && liveLoop.position % 6 === 0) broadcast(loopMessage());
  // A fresh buffer per frame: a socket may still be sending the previous one.
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + WIDTH * HEIGHT * 4);
  buffer.writeUInt16BE(WIDTH, 0);
  buffer.writeUInt16BE(HEIGHT, 2);
  lib.api.game_render(game, buffer.subarray(HEADER_BYTES), WIDTH * HEIGHT * 4, WIDTH, HEIGHT);
  for (const page of pages.keys()) {
    if (page.bufferedAmount > MAX_BUFFERED_BYTES) perf.drop();
    else page.send(buffer);
  }
  const status = lib.api.game_status(game);
  const text = JSON.stringify({ type: 'status', ...status });
  if (text !== lastStatus) {
    lastStatus = text;
    for (const page of pages.keys()) page.send(text);
  }
  perf.add(performance.now() - started);
}

// Fixed 60 Hz: each step is due at start + n * STEP_MS, so timer jitter never adds up to drift.
let due = performance.now();
const tick = (): void => {
  frame();
  due += STEP_MS;
  const now = performance.now();
  // Far behind (a suspended laptop, a debugger): carry on from now instead of replaying every missed step.
  if (now - due > 250) due = now;
  setTimeout(tick, Math.max(0, due - now));
};
tick();

setInterval(() => {
  const report = perf.report();
  if (report) broadcast({ type: 'perf', ...report });
}, 1000);

// Stopped by the dev loop (a restart) or Ctrl-C: the pages see their socket close and reconnect by themselves.
const stop = (): void => {
  for (const page of pages.keys()) page.close(1001);
  lib.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
