/** `152 ms` below a second, `1.3 s` above: how every step reports its time. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `a, b, c` or, past `max` items, `a, b, c, d, e and 3 more`: file lists in one-line messages. */
export function listSome(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
