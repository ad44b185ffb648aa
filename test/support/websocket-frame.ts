// A WebSocket frame as a browser sends it (masked), for tests that talk to the game host's socket directly.
export function clientFrame(opcode: number, payload: Buffer, { fin = true, mask = [0x12, 0x34, 0x56, 0x78] } = {}): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | length])
      : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, Buffer.from(mask), masked]);
}
