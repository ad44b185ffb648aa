// The contract between generated bindings (host/lib.generated.ts, or bindings
// built from a parsed model at run time) and the runtime that loads them.
import type { LibraryHandle, TypeObject } from 'koffi';
import type { BindingsSpec } from '../bindings/spec-from-model.js';

export interface LibBindings<Api extends object = Record<string, (...args: never[]) => unknown>> {
  /** The lib's crate name; the library file is lib<crate>.so / lib<crate>.dylib / <crate>.dll. */
  readonly crate: string;
  /** ABI fingerprint of the sources these bindings were generated from. */
  readonly abi: string;
  /** Every exported function name, sorted. */
  readonly functions: readonly string[];
  /** Declares every function on a freshly loaded library. Throws if a symbol is missing. */
  bind(lib: LibraryHandle): Api;
  /** The koffi type of every struct and enum, by Rust name (generated bindings have them). */
  readonly types?: Readonly<Record<string, TypeObject>>;
  /** The spec the bindings were defined from: what an in-process migration checks the new version against. */
  readonly spec?: BindingsSpec;
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
  /** The version's layout file (contract §5), relative to the project root, e.g. `.hot/my_app_lib-3.layout.json`. */
  layout?: string;
  /** Dev asks running hosts to snapshot and exit 75 when this exceeds the value they started with (contract §4). */
  restart?: number;
}
