// Functions the host can keep forever (even destructure) that always call the
// current version. Each wrapper reads one mutable slot; a swap rewrites the
// slots. Wrappers have the callee's fixed arity because a rest/spread wrapper
// costs about 20 ns per call against about 3 ns for a fixed one (measured on a
// koffi call of about 27 ns): the budget is 1.1x a raw koffi call.

type AnyFunction = (...args: never[]) => unknown;

interface Slot {
  fn: (...args: unknown[]) => unknown;
}

export interface StableApi<Api extends object> {
  /** The object handed to the host: one stable wrapper per function. */
  readonly api: Api;
  /**
   * Points every wrapper at the functions of another version (same names, same arities). `onFirstCall`, if given,
   * runs once, on the first call of any of them after this: a one-shot trampoline that then takes itself out, so
   * the steady state pays nothing for it.
   */
  retarget(next: Api, onFirstCall?: (name: string) => void): void;
}

export function createStableApi<Api extends object>(initial: Api): StableApi<Api> {
  const slots = new Map<string, Slot>();
  const api: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(initial)) {
    if (typeof fn !== 'function') throw new TypeError(`bindings: "${name}" is not a function`);
    const slot: Slot = { fn: fn as Slot['fn'] };
    slots.set(name, slot);
    api[name] = wrapper(slot, arity(fn as AnyFunction));
  }
  Object.freeze(api);
  return {
    api: api as Api,
    retarget(next: Api, onFirstCall?: (name: string) => void): void {
      const record = next as Record<string, unknown>;
      // Check everything first: a half-retargeted api would mix two versions.
      for (const name of slots.keys()) {
        if (typeof record[name] !== 'function') throw new Error(`the new version has no function "${name}"`);
      }
      for (const [name, slot] of slots) slot.fn = record[name] as Slot['fn'];
      if (!onFirstCall) return;
      let fired = false;
      for (const [name, slot] of slots) {
        const real = slot.fn;
        slot.fn = (...args) => {
          if (!fired) {
            fired = true;
            for (const [other, otherSlot] of slots) otherSlot.fn = record[other] as Slot['fn'];
            onFirstCall(name);
          }
          return real(...args);
        };
      }
    },
  };
}

/** koffi functions report 0 as `length`; their prototype info has the real parameter count. */
function arity(fn: AnyFunction): number {
  const info = (fn as { info?: { arguments?: unknown[] } }).info;
  return Array.isArray(info?.arguments) ? info.arguments.length : fn.length;
}

function wrapper(slot: Slot, n: number): (...args: unknown[]) => unknown {
  switch (n) {
    case 0:
      return () => slot.fn();
    case 1:
      return (a) => slot.fn(a);
    case 2:
      return (a, b) => slot.fn(a, b);
    case 3:
      return (a, b, c) => slot.fn(a, b, c);
    case 4:
      return (a, b, c, d) => slot.fn(a, b, c, d);
    case 5:
      return (a, b, c, d, e) => slot.fn(a, b, c, d, e);
    case 6:
      return (a, b, c, d, e, f) => slot.fn(a, b, c, d, e, f);
    default:
      return (...args) => slot.fn(...args);
  }
}
