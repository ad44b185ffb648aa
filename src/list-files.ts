import fs from 'node:fs';
import path from 'node:path';

/** Every regular file below `dir`, relative (platform separators), sorted; [] when `dir` does not exist. */
export function listFilesRecursive(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(path.join(dir, prefix))) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...listFilesRecursive(dir, relative));
    else if (entry.isFile()) out.push(relative);
  }
  return out.sort();
}
