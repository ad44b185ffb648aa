// Item 6: memory and file descriptors over 1000 reloads. The runner belongs to the hardening issue
// (bench/reload-soak.ts); this benchmark reports its figures rather than measuring the same thing a second way.
// Until that runner exists, the row says so instead of showing a number.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Row } from './stats.js';

const SOAK = fileURLToPath(new URL('reload-soak.ts', import.meta.url));

export function benchMemory(): Row[] {
  const missing = !fs.existsSync(SOAK);
  return [
    {
      item: '6',
      what: 'resident growth and open fds over 1000 reloads',
      n: '—',
      result: missing
        ? 'not run: bench/reload-soak.ts (hardening issue #6) is not in the repository yet'
        : 'not run: bench/reload-soak.ts appeared after this benchmark was written; run it on its own',
      target: '',
    },
  ];
}
