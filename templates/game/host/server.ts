// The local web server: the page's three files and one WebSocket, on
// 127.0.0.1 only. A page from any other site could otherwise drive the game
// (browsers let any page open a WebSocket to localhost), so the socket accepts
// only connections from the page's own origin; and because a hostile DNS name
// can point at 127.0.0.1 too, the Host header must be ours as well.
import fs from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

export const DEFAULT_PORT = 5173;
/** The page sends key events only: a message this big is not from our page, and closes its socket (1009). */
const MAX_MESSAGE_BYTES = 4096;
/** How many ports after the requested one are tried when it is taken. */
const PORT_TRIES = 20;

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};

/** `--port N` from the arguments, else env PORT, else 5173. Throws on anything that is not a port. */
export function requestedPort(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const index = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const arg = index < 0 ? undefined : argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1];
  const text = arg ?? env.PORT;
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`not a port number: ${JSON.stringify(text)} (use 1-65535)`);
  return port;
}

/** The names this server answers to: what a browser puts in Host when it loaded the page from us. */
export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** True for a request whose Host is ours and whose Origin is the page that this server served. */
export function isOwnOrigin(origin: string | undefined, host: string | undefined, port: number): boolean {
  return host !== undefined && ownHosts(port).includes(host) && origin === `http://${host}`;
}

export interface GameServer {
  /** The port it listens on: the requested one, or the next free one when that was taken. */
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: {
  port: number;
  pageDir: string;
  onConnection(connection: WebSocket): void;
}): Promise<GameServer> {
  // noServer: our own upgrade handler checks Origin and Host before ws sees the request.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = http.createServer((request, response) => {
    const entry = FILES[new URL(request.url ?? '/', 'http://x').pathname];
    if (!ownHosts(port).includes(request.headers.host ?? '')) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('wrong Host header\n');
    } else if (request.url === '/favicon.ico') {
      response.writeHead(204).end(); // no icon, and no 404 in the browser's console
    } else if (request.method !== 'GET' || !entry) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } else {
      response.writeHead(200, {
        'content-type': entry.type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // connect-src names the socket too: older browsers do not count ws: as 'self'.
        'content-security-policy': `default-src 'self'; connect-src 'self' ${ownHosts(port)
          .map((h) => `ws://${h}`)
          .join(' ')}`,
      });
      response.end(fs.readFileSync(path.join(options.pageDir, entry.file)));
    }
  });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== '/ws' || !isOwnOrigin(request.headers.origin, request.headers.host, port)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (connection) => {
      // A message over the limit, a broken frame: ws closes the socket (1009, 1002) and says why here. Without a
      // listener that would be an uncaught exception, and the game would end for one bad client.
      connection.on('error', () => connection.terminate());
      options.onConnection(connection);
    });
  });
  // Upgraded sockets are no longer the HTTP server's to close: remember every socket, so close() can end them.
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  const port = await listenOnFreePort(server, options.port);
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        sockets.close();
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}

/** Listens on 127.0.0.1 at `port`, or the next free one; resolves to the port it got. */
export async function listenOnFreePort(server: http.Server, port: number): Promise<number> {
  for (let candidate = port; candidate < port + PORT_TRIES && candidate <= 65535; candidate++) {
    const result = await new Promise<'ok' | 'taken'>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE') resolve('taken');
        else reject(error);
      };
      const onListening = (): void => {
        server.off('error', onError);
        resolve('ok');
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(candidate, '127.0.0.1');
    });
    if (result === 'ok') return candidate;
  }
  throw new Error(`ports ${port}-${port + PORT_TRIES - 1} are all taken: pick another with --port or PORT`);
}
