// A library file cut short (a copy interrupted by a full disk, a hand-copied half file) can still dlopen on
// Linux: the loader maps what it needs, and the missing tail only faults (SIGBUS) when something touches it,
// long after the swap was reported. An ELF file says how long it is: its section header table comes last, so
// the file must reach the end of that table. Checked before every load; other formats are left to the loader.
import fs from 'node:fs';

/** Throws when `file` is an ELF file shorter than its own header says. */
export function assertWholeLibrary(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(64);
    const read = fs.readSync(fd, header, 0, 64, 0);
    const needed = elfMinimumSize(header.subarray(0, read));
    if (needed !== undefined && size < needed) {
      throw new Error(
        `${file} is truncated (${size} bytes; its ELF header says at least ${needed}): a half-written file`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The end of the section header table of an ELF header, or undefined for anything that is not ELF. */
export function elfMinimumSize(header: Buffer): number | undefined {
  if (header.length < 52 || header.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = header[4] === 2;
  const little = header[5] !== 2;
  if (is64 && header.length < 64) return undefined;
  const u16 = (at: number) => (little ? header.readUInt16LE(at) : header.readUInt16BE(at));
  const shoff = is64
    ? Number(little ? header.readBigUInt64LE(0x28) : header.readBigUInt64BE(0x28))
    : little
      ? header.readUInt32LE(0x20)
      : header.readUInt32BE(0x20);
  const [entSize, count] = is64 ? [u16(0x3a), u16(0x3c)] : [u16(0x2e), u16(0x30)];
  return shoff + entSize * count;
}
