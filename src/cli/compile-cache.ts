// Node 22.1+ can keep the V8 code it compiled for our bundle on disk, which makes every later start of a bin
// cheaper (most of a scaffold without install is loading code). Older Node has no such switch: nothing to do.
import module from 'node:module';

type WithCompileCache = typeof module & { enableCompileCache?: () => unknown };

/** Call before importing anything sizeable: only modules loaded afterwards use the cache. */
export function enableCompileCache(): void {
  try {
    (module as WithCompileCache).enableCompileCache?.();
  } catch {
    // A cache that cannot be written (read-only home, odd tmpdir) only costs speed, never correctness.
  }
}
