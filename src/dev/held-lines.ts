// `.hot/dev-lines.log`: while a host owns the terminal (contract §7), the dev loop's lines are not printed but
// appended here, one plain-text line each, for the host to show (the game's status line shows the newest).
// Emptied when the host gives the screen back (the lines are printed then), removed when dev stops.
import fs from 'node:fs';
import path from 'node:path';
import { HOT_DIR } from '../runtime/published.js';

export const DEV_LINES_FILE = 'dev-lines.log';

export function devLinesPath(root: string): string {
  return path.join(root, HOT_DIR, DEV_LINES_FILE);
}

export function appendHeldLine(root: string, text: string): void {
  fs.appendFileSync(devLinesPath(root), `${text}\n`);
}

/** Empties the file, if there is one (a host that reads it sees no stale line). */
export function clearHeldLines(root: string): void {
  if (fs.existsSync(devLinesPath(root))) fs.truncateSync(devLinesPath(root), 0);
}

export function removeHeldLines(root: string): void {
  fs.rmSync(devLinesPath(root), { force: true });
}
