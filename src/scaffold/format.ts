/** `a, b, c` or, past `max` items, `a, b, c, d, e and 3 more`: file lists in one-line messages. */
export function listSome(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
