// Item 6: memory and file descriptors over 1000 reloads, from the hardening issue's soak runner
// (bench/reload-soak.ts: saves reloaded through the real dev loop into one running TypeScript host). The baseline is
// the same host's own figures before the first reload.
import { runReloadSoak } from './reload-soak.js';
import { verdict, type Row } from './stats.js';

const RSS_GROWTH_TARGET_MB = 64;

export async function benchMemory(): Promise<Row[]> {
  // Crash rollback is the soak test's business; here only the steady reload path is measured.
  const r = await runReloadSoak({ reloads: 1000, crashes: false });
  const growth = r.rssEndMb - r.rssStartMb;
  return [
    {
      item: '6',
      what: `resident memory of the host over ${r.reloads} reloads (start → end, max)`,
      n: `${r.reloads} reloads`,
      result: `${r.rssStartMb.toFixed(1)} → ${r.rssEndMb.toFixed(1)} MB (max ${r.rssMaxMb.toFixed(1)}), growth ${growth.toFixed(1)} MB`,
      target: verdict(`growth < ${RSS_GROWTH_TARGET_MB} MB`, growth < RSS_GROWTH_TARGET_MB),
    },
    {
      item: '6',
      what: 'open file descriptors of the host (start → end, max)',
      n: `${r.reloads} reloads`,
      result: `${r.fdsStart} → ${r.fdsEnd} (max ${r.fdsMax})`,
      target: verdict('constant', r.fdsEnd === r.fdsStart),
    },
    {
      item: '6',
      what: 'reload rate, save → new body ran (through the dev loop); calls counted exactly',
      n: `${r.reloads} reloads`,
      result: `${(r.reloadMs / r.reloads).toFixed(1)} ms each; ${r.calls} calls; .hot/ at most ${r.hotFilesMax} files`,
      target: '',
    },
  ];
}
