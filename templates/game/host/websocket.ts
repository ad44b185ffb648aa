// A WebSocket server connection (RFC 6455) in the few lines this game needs,
// so the project depends on nothing but create-hot-reload: the handshake,
// unfragmented frames out, and frames in from the page (masked, possibly
// fragmented, small). The origin check is the caller's (see server.ts).
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The page only sends key events: anything bigger is not ours. */
export const MAX_MESSAGE_BYTES = 4096;

export const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + ACCEPT_GUID).digest('base64');
}

/** The header of one unmasked, final server frame carrying `length` payload bytes. */
export function frameHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, length]);
  if (length < 0x10000) {
    const header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

export type Incoming = { kind: 'text'; text: string } | { kind: 'ping'; payload: Buffer } | { kind: 'close' } | { kind: 'error'; reason: string };

/** Turns the bytes a client sends into messages; keeps partial frames between chunks. */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #fragmentBytes = 0;

  push(chunk: Buffer): Incoming[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const out: Incoming[] = [];
    for (;;) {
      const frame = this.#takeFrame();
      if (frame === undefined) return out;
      if ('error' in frame) return [...out, { kind: 'error', reason: frame.error }];
      const message = this.#onFrame(frame.fin, frame.opcode, frame.payload);
      if (message) out.push(message);
      if (message?.kind === 'error' || message?.kind === 'close') return out;
    }
  }

  #takeFrame(): { fin: boolean; opcode: number; payload: Buffer } | { error: string } | undefined {
    const b = this.#pending;
    if (b.length < 2) return undefined;
    const fin = (b[0]! & 0x80) !== 0;
    const opcode = b[0]! & 0x0f;
    if ((b[1]! & 0x80) === 0) return { error: 'client frames must be masked' };
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      const long = b.readBigUInt64BE(2);
      if (long > BigInt(MAX_MESSAGE_BYTES)) return { error: 'message too big' };
      length = Number(long);
      offset = 10;
    }
    if (length > MAX_MESSAGE_BYTES) return { error: 'message too big' };
    if (b.length < offset + 4 + length) return undefined;
    const mask = b.subarray(offset, offset + 4);
    const payload = Buffer.alloc(length);
    for (let i = 0; i < length; i++) payload[i] = b[offset + 4 + i]! ^ mask[i % 4]!;
    this.#pending = b.subarray(offset + 4 + length);
    return { fin, opcode, payload };
  }

  #onFrame(fin: boolean, opcode: number, payload: Buffer): Incoming | undefined {
    if (opcode === Opcode.close) return { kind: 'close' };
    if (opcode === Opcode.ping) return { kind: 'ping', payload };
    if (opcode === Opcode.pong) return undefined;
    if (opcode === Opcode.text || opcode === Opcode.binary || opcode === Opcode.continuation) {
      if ((opcode === Opcode.continuation) !== (this.#fragments.length > 0)) return { kind: 'error', reason: 'bad fragmentation' };
      this.#fragments.push(payload);
      this.#fragmentBytes += payload.length;
      if (this.#fragmentBytes > MAX_MESSAGE_BYTES) return { kind: 'error', reason: 'message too big' };
      if (!fin) return undefined;
      const whole = Buffer.concat(this.#fragments);
      this.#fragments = [];
      this.#fragmentBytes = 0;
      return { kind: 'text', text: whole.toString('utf8') };
    }
    return { kind: 'error', reason: `unknown opcode ${opcode}` };
  }
}

/** One open connection. */
export class WebSocketConnection {
  readonly #socket: Duplex;
  readonly #reader = new FrameReader();
  #closed = false;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  constructor(socket: Duplex) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.#reader.push(chunk)) {
        if (message.kind === 'text') this.onText(message.text);
        else if (message.kind === 'ping') this.#send(Opcode.pong, message.payload);
        else this.close(message.kind === 'error' ? 1002 : 1000);
      }
    });
    // The HTTP server's sockets allow half-open connections: a page that goes away must be ended by us too.
    socket.on('end', () => socket.end());
    socket.on('close', () => this.#ended());
    socket.on('error', () => socket.destroy());
  }

  /** Bytes queued but not yet handed to the OS: a page that cannot keep up shows here first. */
  get bufferedBytes(): number {
    return this.#socket.writableLength;
  }

  get open(): boolean {
    return !this.#closed;
  }

  sendText(text: string): void {
    this.#send(Opcode.text, Buffer.from(text, 'utf8'));
  }

  /** Sends `payload` as is: the caller must not change it afterwards (it is written without a copy). */
  sendBinary(payload: Buffer): void {
    this.#send(Opcode.binary, payload);
  }

  close(code = 1000): void {
    if (this.#closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.#send(Opcode.close, payload);
    this.#socket.end();
    this.#ended();
  }

  #send(opcode: number, payload: Buffer): void {
    if (this.#closed || this.#socket.destroyed) return;
    this.#socket.cork();
    this.#socket.write(frameHeader(opcode, payload.length));
    this.#socket.write(payload);
    this.#socket.uncork();
  }

  #ended(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose();
  }
}

/**
 * Completes the handshake for an HTTP upgrade request, or answers 400 and returns undefined. Call it only for
 * requests whose origin was checked.
 */
export function acceptUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): WebSocketConnection | undefined {
  const key = request.headers['sec-websocket-key'];
  const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
  if (!isUpgrade || typeof key !== 'string' || request.headers['sec-websocket-version'] !== '13') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return undefined;
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  // Frames go out as soon as they are written: no waiting to fill a TCP segment.
  if (socket instanceof Socket) socket.setNoDelay(true);
  const connection = new WebSocketConnection(socket);
  // Bytes that arrived with the request belong to the first frames.
  if (head.length > 0) socket.unshift(head);
  return connection;
}
