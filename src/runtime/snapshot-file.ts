// `.hot/snapshot-ts.bin` (contract §4): the state a TypeScript host keeps, written before it restarts (or before
// an in-process migration, for crash rollback) and read by the next host at start. JSON, written atomically
// (temp file in .hot/, then rename). Only this host kind reads it; the Rust host has its own format.
import fs from 'node:fs';
import path from 'node:path';
import type { FieldType, StateSchema } from '../migrate/schema.js';
import type { RemovedMemo } from '../migrate/engine.js';
import { HOT_DIR } from './published.js';

export const SNAPSHOT_FILE = 'snapshot-ts.bin';
const FORMAT = 'create-hot-reload/ts-snapshot/1';

export interface StateSnapshotFile {
  /** The version the state was taken under. */
  version: number;
  /** The layouts of every type the allocations reach, as that version had them. */
  schema: StateSchema;
  /** Every allocation from `lib.alloc` of a lib type, in allocation order. */
  allocations: { type: string; bytes: Uint8Array }[];
  memo: RemovedMemo;
}

export function snapshotPath(root: string): string {
  return path.join(root, HOT_DIR, SNAPSHOT_FILE);
}

export function writeSnapshot(root: string, snapshot: StateSnapshotFile): void {
  const file = snapshotPath(root);
  const json = {
    format: FORMAT,
    version: snapshot.version,
    schema: snapshot.schema,
    allocations: snapshot.allocations.map((a) => ({ type: a.type, hex: Buffer.from(a.bytes).toString('hex') })),
    memo: [...snapshot.memo].map(([key, kept]) => ({
      path: key,
      type: kept.type,
      schema: kept.schema,
      hex: Buffer.from(kept.bytes).toString('hex'),
    })),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(json));
  fs.renameSync(tmp, file);
}

/** The snapshot in .hot/, or undefined when there is none; throws with a reason when it cannot be read. */
export function readSnapshot(root: string): StateSnapshotFile | undefined {
  let text;
  try {
    text = fs.readFileSync(snapshotPath(root), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const json = JSON.parse(text) as {
    format?: string;
    version: number;
    schema: StateSchema;
    allocations: { type: string; hex: string }[];
    memo: { path: string; type: FieldType; schema: StateSchema; hex: string }[];
  };
  if (json.format !== FORMAT) throw new Error(`${SNAPSHOT_FILE} is not a snapshot this host can read`);
  return {
    version: json.version,
    schema: json.schema,
    allocations: json.allocations.map((a) => ({ type: a.type, bytes: new Uint8Array(Buffer.from(a.hex, 'hex')) })),
    memo: new Map(
      json.memo.map((m) => [
        m.path,
        { type: m.type, schema: m.schema, bytes: new Uint8Array(Buffer.from(m.hex, 'hex')) },
      ]),
    ),
  };
}

export function deleteSnapshot(root: string): void {
  fs.rmSync(snapshotPath(root), { force: true });
}
