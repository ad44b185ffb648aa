/** `152 ms` below a second, `1.3 s` above: how the scaffolder and the dev loop report how long a step took. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
