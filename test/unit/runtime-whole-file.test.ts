// The truncation check that runs before every dlopen: an ELF file must reach the end of its section header table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertWholeLibrary, elfMinimumSize } from '../../src/runtime/whole-file.js';
import { tempDir } from '../support/fs.js';

/** A 64-bit little-endian ELF header whose section table (`count` entries of 64 bytes) starts at `shoff`. */
function elf64(shoff: number, count: number): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32BE(0x7f454c46, 0);
  h[4] = 2; // 64-bit
  h[5] = 1; // little-endian
  h.writeBigUInt64LE(BigInt(shoff), 0x28);
  h.writeUInt16LE(64, 0x3a);
  h.writeUInt16LE(count, 0x3c);
  return h;
}

describe('whole-file check', () => {
  it('reads the end of the section header table from a 64-bit header', () => {
    assert.equal(elfMinimumSize(elf64(1000, 3)), 1192);
  });

  it('reads a 32-bit big-endian header', () => {
    const h = Buffer.alloc(52);
    h.writeUInt32BE(0x7f454c46, 0);
    h[4] = 1;
    h[5] = 2;
    h.writeUInt32BE(500, 0x20);
    h.writeUInt16BE(40, 0x2e);
    h.writeUInt16BE(2, 0x30);
    assert.equal(elfMinimumSize(h), 580);
  });

  it('leaves anything that is not ELF to the loader', () => {
    assert.equal(
      elfMinimumSize(Buffer.from('MZ not an ELF file, long enough to have a header of sixty-four bytes')),
      undefined,
    );
    assert.equal(elfMinimumSize(Buffer.alloc(10)), undefined);
  });

  it('refuses a file shorter than its header says, accepts one that is whole', () => {
    const dir = tempDir();
    const whole = path.join(dir, 'whole.so');
    fs.writeFileSync(whole, Buffer.concat([elf64(64, 2), Buffer.alloc(128)]));
    assert.doesNotThrow(() => assertWholeLibrary(whole));
    const cut = path.join(dir, 'cut.so');
    fs.writeFileSync(cut, Buffer.concat([elf64(64, 2), Buffer.alloc(100)]));
    assert.throws(
      () => assertWholeLibrary(cut),
      /cut\.so is truncated \(164 bytes; its ELF header says at least 192\): a half-written file/,
    );
  });

  it("accepts the real library of this machine's node (a whole ELF file)", () => {
    const header = Buffer.alloc(64);
    const fd = fs.openSync(process.execPath, 'r');
    fs.readSync(fd, header, 0, 64, 0);
    fs.closeSync(fd);
    const needed = elfMinimumSize(header);
    if (needed !== undefined) assert.ok(fs.statSync(process.execPath).size >= needed);
  });
});
