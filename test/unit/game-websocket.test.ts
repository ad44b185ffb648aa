// The game host's WebSocket (templates/game/host/websocket.ts): RFC 6455 framing both ways.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientFrame } from '../support/websocket-frame.js';
import { acceptKey, FrameReader, frameHeader, MAX_MESSAGE_BYTES, Opcode } from '../../templates/game/host/websocket.js';

describe('game host WebSocket', () => {
  it('computes the accept key of RFC 6455 section 1.3', () => {
    assert.equal(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('writes the three header sizes', () => {
    assert.deepEqual([...frameHeader(Opcode.text, 5)], [0x81, 5]);
    assert.deepEqual([...frameHeader(Opcode.binary, 300)], [0x82, 126, 1, 44]);
    const big = frameHeader(Opcode.binary, 307204);
    assert.deepEqual([...big.subarray(0, 2)], [0x82, 127]);
    assert.equal(big.readBigUInt64BE(2), 307204n);
  });

  it('reads masked text, across chunk boundaries and fragments', () => {
    const reader = new FrameReader();
    const whole = clientFrame(Opcode.text, Buffer.from('{"type":"key"}'));
    assert.deepEqual(reader.push(whole.subarray(0, 5)), []);
    assert.deepEqual(reader.push(whole.subarray(5)), [{ kind: 'text', text: '{"type":"key"}' }]);
    const parts = Buffer.concat([
      clientFrame(Opcode.text, Buffer.from('hel'), { fin: false }),
      clientFrame(Opcode.ping, Buffer.from('p')),
      clientFrame(Opcode.continuation, Buffer.from('lo')),
    ]);
    assert.deepEqual(reader.push(parts), [
      { kind: 'ping', payload: Buffer.from('p') },
      { kind: 'text', text: 'hello' },
    ]);
    assert.deepEqual(reader.push(clientFrame(Opcode.close, Buffer.alloc(0))), [{ kind: 'close' }]);
  });

  it('refuses unmasked frames, oversized messages and stray continuations', () => {
    assert.deepEqual(new FrameReader().push(Buffer.from([0x81, 0x01, 0x61])), [{ kind: 'error', reason: 'client frames must be masked' }]);
    const big = clientFrame(Opcode.text, Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x61));
    assert.deepEqual(new FrameReader().push(big), [{ kind: 'error', reason: 'message too big' }]);
    assert.deepEqual(new FrameReader().push(clientFrame(Opcode.continuation, Buffer.from('x'))), [{ kind: 'error', reason: 'bad fragmentation' }]);
  });
});
