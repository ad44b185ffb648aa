// The contract between generated bindings (host/lib.generated.ts, or bindings
// built from a parsed model at run time) and the runtime that loads them.
import type { LibraryHandle } from 'koffi';

export interface LibBindings<Api extends object = Record<string, (...args: never[]) => unknown>> {
  /** The lib's crate name; the library file is lib<crate>.so / lib<crate>.dylib / <crate>.dll. */
  readonly crate: string;
  /** ABI fingerprint of the sources these bindings were generated from. */
  readonly abi: string;
  /** Every exported function name, sorted. */
  readonly functions: readonly string[];
  /** Declares every function on a freshly loaded library. Throws if a symbol is missing. */
  bind(lib: LibraryHandle): Api;
}

/** `.hot/current.json`: the version `hot-reload dev` published last. Replaced atomically (write temp, rename). */
export interface PublishedVersion {
  /** 1, 2, 3, ... for the life of one `dev` run. */
  version: number;
  /** The private copy to load, relative to the project root, e.g. `.hot/my_app_lib-3.so`. */
  path: string;
  /** ABI fingerprint of the sources this version was built from. */
  abi: string;
  /** The lib's crate name. */
  crate: string;
  /** Milliseconds since the epoch when the change that led to this build was seen. */
  changedAt: number;
  /** How long cargo took. */
  buildMs: number;
}
