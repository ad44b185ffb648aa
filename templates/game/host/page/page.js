// The page: draws the frames the host sends, sends the keys back, and shows
// what the dev loop says (version, reloads, build errors). It reconnects by
// itself whenever the host restarts, so it never needs a reload.
const canvas = document.getElementById('screen');
const context = canvas.getContext('2d');
const versionLabel = document.getElementById('version');
const scoreLabel = document.getElementById('score');
const perfLabel = document.getElementById('perf');
const overlay = document.getElementById('overlay');
const errorText = document.getElementById('error');
const stage = document.getElementById('stage');

/** The codes the host understands (host/keys.ts); others keep their browser meaning. */
const GAME_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'KeyA', 'KeyD', 'KeyW', 'KeyS', 'KeyR', 'Enter']);

/** Read by the end-to-end test and the benchmark. */
const stats = { frames: 0, connections: 0, version: 0, status: null, perf: [], fps: [] };
window.gameStats = stats;

let socket;
let latest;

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    stats.connections++;
  };
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') onMessage(JSON.parse(event.data));
    else {
      stats.frames++;
      latest = event.data;
    }
  };
  socket.onclose = () => {
    versionLabel.textContent = 'host restarting…';
    versionLabel.classList.add('disconnected');
    setTimeout(connect, 300);
  };
}

function onMessage(message) {
  switch (message.type) {
    case 'hello':
      showVersion(message.version);
      showBuildError(message.buildError);
      break;
    case 'reload':
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
  overlay.hidden = !message;
  errorText.textContent = message ?? '';
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
  if (!GAME_KEYS.has(event.code)) return;
  event.preventDefault();
  if (!event.repeat) send({ type: 'key', code: event.code, down: true });
});
window.addEventListener('keyup', (event) => {
  if (!GAME_KEYS.has(event.code)) return;
  event.preventDefault();
  send({ type: 'key', code: event.code, down: false });
});
// A key released while the page had no focus never sends keyup: let go of everything.
window.addEventListener('blur', () => send({ type: 'release-all' }));

// Frames that reached this page in the last second, beside what one costs the host (update + render + send).
let framesBefore = 0;
setInterval(() => {
  const fps = stats.frames - framesBefore;
  framesBefore = stats.frames;
  stats.fps.push(fps);
  const cost = stats.perf.at(-1);
  perfLabel.textContent = `${fps} fps${cost ? ` · ${cost.medianMs.toFixed(2)} ms/frame` : ''}`;
}, 1000);

connect();
requestAnimationFrame(paint);
canvas.focus();
