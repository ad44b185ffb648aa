// The page: draws the frames the host sends, sends the keys back, and shows
// what the dev loop says (version, reloads, build errors). It reconnects by
// itself whenever the host restarts, so it never needs a reload.
const canvas = document.getElementById('screen');
const context = canvas.getContext('2d');
const versionLabel = document.getElementById('version');
const scoreLabel = document.getElementById('score');
const perfLabel = document.getElementById('perf');
const errorPanel = document.getElementById('build-error');
const errorText = document.getElementById('error');
const stage = document.getElementById('stage');
const loopBadge = document.getElementById('loop');
const notice = document.getElementById('notice');

/** The codes the host understands (host/keys.ts); others keep their browser meaning. */
const GAME_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'KeyA',
  'KeyD',
  'KeyW',
  'KeyS',
  'KeyR',
  'Enter',
]);

/** Not game keys: they drive the loop (host/live-loop.ts). */
const LOOP_KEYS = { KeyL: 'loop', Escape: 'leave-loop' };
/** Reconnect delays grow from the first to the last, so a stopped dev server costs a try every few seconds. */
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5000;
/** Failed tries before the page stops saying "restarting" and says the dev server stopped. */
const TRIES_BEFORE_STOPPED = 3;

/** Read by the end-to-end test and the benchmark. */
const stats = {
  ...{ frames: 0, connections: 0, version: 0, status: null, perf: [], fps: [] },
  ...{ loop: null, passEnds: [], reloads: [], retries: [] },
};
window.gameStats = stats;

let socket;
let latest;
let failedTries = 0;
/** Whether the host was last told that someone is looking (visible and focused); undefined: not told yet. */
let active;

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    stats.connections++;
    failedTries = 0;
    showNotice(undefined);
    active = undefined;
    reportActive();
  };
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') onMessage(JSON.parse(event.data));
    else {
      stats.frames++;
      latest = event.data;
    }
  };
  socket.onclose = () => {
    const delay = Math.min(FIRST_RETRY_MS * 2 ** failedTries, LAST_RETRY_MS);
    failedTries++;
    stats.retries.push(delay);
    versionLabel.classList.add('disconnected');
    perfLabel.textContent = '';
    if (failedTries < TRIES_BEFORE_STOPPED) {
      versionLabel.textContent = 'host restarting…';
    } else {
      versionLabel.textContent = 'dev server stopped';
      const next = Math.round(delay / 1000);
      showNotice(
        `The dev server stopped. Start it again (npm run dev): this page reconnects by itself (next try in ${next} s).`,
      );
    }
    setTimeout(connect, delay);
  };
}

function onMessage(message) {
  switch (message.type) {
    case 'hello':
      showVersion(message.version);
      showBuildError(message.buildError);
      showLoop(message);
      break;
    case 'loop':
      showLoop(message);
      break;
    case 'pass-end':
      stats.passEnds.push(message);
      break;
    case 'reload':
      stats.reloads.push(message);
      showVersion(message.version);
      flash();
      break;
    case 'status':
      stats.status = message;
      scoreLabel.textContent = `score ${message.score} · best ${message.best}${message.game_over ? ' · game over: press R' : ''}`;
      break;
    case 'build-error':
      showBuildError(message.message);
      break;
    case 'build-ok':
      showBuildError(undefined);
      break;
    case 'perf':
      stats.perf.push(message);
      break;
  }
}

function showVersion(version) {
  stats.version = version;
  versionLabel.textContent = version ? `v${version}` : 'built once (npm start)';
  versionLabel.classList.remove('disconnected');
}

function showBuildError(message) {
  errorPanel.hidden = !message;
  errorText.textContent = message ?? '';
}

function showLoop({ phase, frames, position, fps }) {
  stats.loop = { phase, frames, position };
  loopBadge.hidden = phase === 'off';
  loopBadge.className = phase;
  const seconds = (n) => (n / fps).toFixed(1);
  loopBadge.textContent =
    phase === 'recording'
      ? `● recording ${seconds(frames)} s · L loops it`
      : `⟳ loop ${seconds(position)} / ${seconds(frames)} s · Esc leaves`;
}

/** One line over the game (paused, resumed, dev server stopped); undefined hides it. */
let noticeTimer;
function showNotice(text, forMs) {
  clearTimeout(noticeTimer);
  notice.hidden = !text;
  notice.textContent = text ?? '';
  if (text && forMs) noticeTimer = setTimeout(() => showNotice(undefined), forMs);
}

/**
 * Focus from the window's blur and focus events, not document.hasFocus(): a page that loads while its window
 * is not (yet) focused, as in a headless browser, gets no focus event until it loses focus once.
 */
let windowFocused = true;

// Nobody looking, nobody steering: the host waits while no page is visible and focused, and the page says so.
function reportActive() {
  const now = document.visibilityState === 'visible' && windowFocused;
  if (now === active || socket?.readyState !== WebSocket.OPEN) return;
  const wasPaused = active === false;
  active = now;
  send({ type: 'active', active: now });
  if (!now) showNotice('Paused: the page is hidden or not focused.');
  else if (wasPaused) showNotice('Resumed: the game was paused while the page was hidden or not focused.', 3000);
}

function flash() {
  stage.classList.add('flash');
  versionLabel.classList.add('flash');
  setTimeout(() => {
    stage.classList.remove('flash');
    versionLabel.classList.remove('flash');
  }, 400);
}

// Frames are drawn at the display's pace: the newest one wins if two arrive between repaints.
function paint() {
  if (latest) {
    const view = new DataView(latest);
    const width = view.getUint16(0);
    const height = view.getUint16(2);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.putImageData(new ImageData(new Uint8ClampedArray(latest, 4, width * height * 4), width, height), 0, 0);
    latest = undefined;
  }
  requestAnimationFrame(paint);
}

function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

window.addEventListener('keydown', (event) => {
  if (LOOP_KEYS[event.code] && !event.repeat) send({ type: LOOP_KEYS[event.code] });
  if (!GAME_KEYS.has(event.code)) return;
  event.preventDefault();
  if (!event.repeat) send({ type: 'key', code: event.code, down: true });
});
window.addEventListener('keyup', (event) => {
  if (!GAME_KEYS.has(event.code)) return;
  event.preventDefault();
  send({ type: 'key', code: event.code, down: false });
});
document.addEventListener('visibilitychange', reportActive);
window.addEventListener('focus', () => {
  windowFocused = true;
  reportActive();
});
window.addEventListener('blur', () => {
  windowFocused = false;
  reportActive();
});

// Frames that reached this page in the last second, beside what one costs the host (update + render + send).
let framesBefore = 0;
setInterval(() => {
  const fps = stats.frames - framesBefore;
  framesBefore = stats.frames;
  stats.fps.push(fps);
  if (socket?.readyState !== WebSocket.OPEN) return;
  const cost = stats.perf.at(-1);
  perfLabel.textContent = `${fps} fps${cost ? ` · ${cost.medianMs.toFixed(2)} ms/frame` : ''}`;
}, 1000);

connect();
requestAnimationFrame(paint);
canvas.focus();
