// The browser host: steps the game at 60 Hz, asks the lib to draw each frame
// into a pixel buffer, and sends it to the page over a WebSocket; key events
// come back the same way. `npm run dev` runs it under the dev loop, which
// swaps in every new build of lib/src/lib.rs while the game keeps running.
import { fileURLToPath } from 'node:url';
import { loadLib } from 'create-hot-reload/runtime';
import { bindings, Game } from './lib.generated.js';
import { KeyState } from './keys.js';
import { FramePerf } from './perf.js';
import { requestedPort, startServer } from './server.js';
import type { WebSocketConnection } from './websocket.js';

/** The picture's size in pixels; the page scales it up. The lib fits its world into whatever it is given. */
const WIDTH = 320;
const HEIGHT = 240;
const STEP_MS = 1000 / 60;
/** A frame header: width and height as u16, then RGBA rows. */
const HEADER_BYTES = 4;
/** A page still this far behind (about four frames) gets no new frame this step: the freshest one wins. */
const MAX_BUFFERED_BYTES = 4 * WIDTH * HEIGHT * 4;

const lib = await loadLib(bindings);
// Allocated by the runtime, outside the library: the game survives every swap.
const game = lib.alloc(Game, lib.api.game_init(Date.now() >>> 0));
const keys = new KeyState();
const perf = new FramePerf();
const pages = new Set<WebSocketConnection>();
let lastStatus = '';

const broadcast = (message: object): void => {
  const text = JSON.stringify(message);
  for (const page of pages) page.sendText(text);
};

lib.on('reload', (event) => broadcast({ type: 'reload', version: event.version, swapMs: event.swapMs }));
// Compile errors from the dev loop: the page shows them over the game, which keeps running the last good version.
lib.on('buildError', (event) => broadcast({ type: 'build-error', message: event.message }));
lib.on('buildOk', () => broadcast({ type: 'build-ok' }));

const server = await startServer({
  port: requestedPort(process.argv.slice(2), process.env),
  pageDir: fileURLToPath(new URL('./page/', import.meta.url)),
  onConnection(page) {
    pages.add(page);
    lastStatus = ''; // the new page needs the status too
    page.sendText(JSON.stringify({ type: 'hello', version: lib.version, buildError: lib.buildError }));
    page.onText = (text) => {
      try {
        keys.apply(JSON.parse(text));
      } catch {
        // not JSON: not from our page
      }
    };
    page.onClose = () => {
      pages.delete(page);
      // Nobody left to let go of the keys.
      if (pages.size === 0) keys.clear();
    };
  },
});
console.log(`game: ${server.url}  (open it in a browser; ${WIDTH}x${HEIGHT} at 60 Hz)`);

/** One step: update, render, send. The game pauses while no page is open (nobody could steer it). */
function frame(): void {
  if (pages.size === 0) return;
  const started = performance.now();
  lib.api.game_update(game, keys.take(), STEP_MS / 1000);
  // A fresh buffer per frame: a socket may still be sending the previous one.
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + WIDTH * HEIGHT * 4);
  buffer.writeUInt16BE(WIDTH, 0);
  buffer.writeUInt16BE(HEIGHT, 2);
  lib.api.game_render(game, buffer.subarray(HEADER_BYTES), WIDTH * HEIGHT * 4, WIDTH, HEIGHT);
  for (const page of pages) {
    if (page.bufferedBytes > MAX_BUFFERED_BYTES) perf.drop();
    else page.sendBinary(buffer);
  }
  const status = lib.api.game_status(game);
  const text = JSON.stringify({ type: 'status', ...status });
  if (text !== lastStatus) {
    lastStatus = text;
    for (const page of pages) page.sendText(text);
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
  for (const page of pages) page.close(1001);
  lib.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
