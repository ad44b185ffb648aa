// `.hot/status.json`: whether the last build of the lib compiled. `hot-reload dev` writes it (atomically, temp
// file + rename, like current.json) when a build fails and again when the next one compiles; a host that
// wants to show compile errors (the game's page does, as an overlay) follows it through HotLib's
// `buildError` / `buildOk` events. No file means no failure seen.
import fs from 'node:fs';
import path from 'node:path';
import { HOT_DIR } from './published.js';

export const STATUS_FILE = 'status.json';

export interface BuildStatus {
  /** False while the latest build of the lib failed; the last good version keeps running meanwhile. */
  ok: boolean;
  /** The compiler's diagnostics (plain text, no colour codes) when `ok` is false. */
  message?: string;
  /** The version that keeps running (0: none published yet). */
  version: number;
  /** Milliseconds since the epoch when the build finished. */
  at: number;
}

export function buildStatusPath(root: string): string {
  return path.join(root, HOT_DIR, STATUS_FILE);
}

/** Parses the file's text; throws with a reason when a field is missing or of the wrong type. */
export function parseBuildStatus(text: string): BuildStatus {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('status.json is not an object');
  const v = value as Record<string, unknown>;
  if (typeof v.ok !== 'boolean') throw new Error('status.json: "ok" must be a boolean');
  if (typeof v.version !== 'number' || typeof v.at !== 'number')
    throw new Error('status.json: "version" and "at" must be numbers');
  if (!v.ok && typeof v.message !== 'string') throw new Error('status.json: a failed build needs a "message"');
  return v.ok
    ? { ok: true, version: v.version, at: v.at }
    : { ok: false, message: v.message as string, version: v.version, at: v.at };
}

/** The current status; a missing file is a good one. Throws when the file is there but unreadable. */
export function readBuildStatus(root: string): BuildStatus {
  let text;
  try {
    text = fs.readFileSync(buildStatusPath(root), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, version: 0, at: 0 };
    throw error;
  }
  return parseBuildStatus(text);
}
