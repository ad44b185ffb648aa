// The game host's web server (templates/game/host/server.ts): port choice, the origin rule, and the real
// server on a real socket answering a browser's requests and upgrades.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import {
  isOwnOrigin,
  listenOnFreePort,
  requestedPort,
  startServer,
  type GameServer,
} from '../../templates/game/host/server.js';

const pageDir = fileURLToPath(new URL('../../templates/game/host/page/', import.meta.url));

describe('game host port and origin', () => {
  it('takes --port, then PORT, then 5173, and refuses what is not a port', () => {
    assert.equal(requestedPort(['--port', '8080'], { PORT: '9000' }), 8080);
    assert.equal(requestedPort(['--port=8081'], {}), 8081);
    assert.equal(requestedPort([], { PORT: '9000' }), 9000);
    assert.equal(requestedPort([], {}), 5173);
    assert.throws(() => requestedPort(['--port', 'http'], {}), /not a port number: "http"/);
    assert.throws(() => requestedPort([], { PORT: '70000' }), /not a port number/);
  });

  it('accepts only the page it served: own Host, and Origin equal to it', () => {
    assert.equal(isOwnOrigin('http://127.0.0.1:5173', '127.0.0.1:5173', 5173), true);
    assert.equal(isOwnOrigin('http://localhost:5173', 'localhost:5173', 5173), true);
    assert.equal(isOwnOrigin('https://evil.example', '127.0.0.1:5173', 5173), false, 'another site');
    assert.equal(isOwnOrigin(undefined, '127.0.0.1:5173', 5173), false, 'no Origin (not a browser page)');
    assert.equal(isOwnOrigin('http://localhost:5173', '127.0.0.1:5173', 5173), false, 'origin and host differ');
    assert.equal(isOwnOrigin('http://evil.example:5173', 'evil.example:5173', 5173), false, 'DNS rebinding');
    assert.equal(isOwnOrigin('http://127.0.0.1:5174', '127.0.0.1:5174', 5173), false, 'another port');
  });

  it('moves to the next port when one is taken', async () => {
    const first = http.createServer();
    const port = await listenOnFreePort(first, 0 + 47_100);
    const second = http.createServer();
    try {
      assert.equal(await listenOnFreePort(second, port), port + 1);
      assert.equal((second.address() as { address: string }).address, '127.0.0.1');
    } finally {
      second.close();
      first.close();
    }
  });
});

describe('game host server on a socket', () => {
  let server: GameServer;
  const connections: WebSocket[] = [];
  after(() => server?.close());

  const get = (
    path: string,
    host: string,
  ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path, headers: { host }, agent: false }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }));
        })
        .on('error', reject);
    });

  const upgrade = (
    origin: string | undefined,
    host = `127.0.0.1:${server.port}`,
  ): Promise<{ status: number; socket?: Socket }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        host,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      };
      if (origin) headers.origin = origin;
      const request = http.request({ host: '127.0.0.1', port: server.port, path: '/ws', headers, agent: false });
      request.on('upgrade', (response, socket) => resolve({ status: response.statusCode!, socket }));
      request.on('response', (response) => resolve({ status: response.statusCode! }));
      request.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'ECONNRESET' ? resolve({ status: 0 }) : reject(error),
      );
      request.end();
    });

  it('serves the page with a strict content policy, and nothing else', async () => {
    server = await startServer({ port: 47_200, pageDir, onConnection: (c) => connections.push(c) });
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
    const page = await get('/', `127.0.0.1:${server.port}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<canvas id="screen"/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.equal((await get('/page.js', `localhost:${server.port}`)).status, 200);
    assert.equal((await get('/../main.ts', `127.0.0.1:${server.port}`)).status, 404);
    assert.equal((await get('/', `evil.example:${server.port}`)).status, 421);
  });

  it("upgrades the page's own origin and exchanges frames; refuses every other origin with 403", async () => {
    for (const origin of ['https://evil.example', undefined, `http://localhost:${server.port}`]) {
      assert.equal((await upgrade(origin)).status, 403, String(origin));
    }
    assert.equal((await upgrade(`http://evil.example:${server.port}`, `evil.example:${server.port}`)).status, 403);
    assert.equal(connections.length, 0);

    const origin = `http://127.0.0.1:${server.port}`;
    const client = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin });
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    assert.equal(connections.length, 1);
    const received = new Promise<string>((resolve) =>
      connections[0]!.once('message', (data) => resolve((data as Buffer).toString('utf8'))),
    );
    client.send('{"type":"key"}');
    assert.equal(await received, '{"type":"key"}');
    const frame = new Promise<Buffer>((resolve) => client.once('message', (data) => resolve(data as Buffer)));
    connections[0]!.send(Buffer.from([1, 2, 3]));
    assert.deepEqual([...(await frame)], [1, 2, 3]);
    const closed = new Promise<void>((resolve) => connections[0]!.once('close', () => resolve()));
    client.terminate();
    await closed;
  });

  it('closes a socket that sends more than 4 KiB at once (1009: message too big)', async () => {
    const client = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    client.send('x'.repeat(4097));
    assert.equal(await closed, 1009);
  });
});
