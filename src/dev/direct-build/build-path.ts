// Which way a build of the lib goes, and why: rustc directly with cargo's captured command, or cargo. Pure: the
// facts are gathered by the caller (lib-builder.ts for dev, doctor for its line).

export type BuildPath = 'direct' | 'cargo';

export interface PathFacts {
  /** The bindings' ABI fingerprint differs from the last build's: cargo must build the rlib too. */
  abiChanged: boolean;
  hasCapture: boolean;
  /** Why cargo's captured arguments cannot be used as they are (directArgs), if so. */
  unusableArgs?: string;
  /** The lib has a build script (cargo set OUT_DIR for it): only cargo knows when to run it. */
  buildScript: boolean;
  /** A path dependency's own path dependency, whose sources the capture does not track. */
  nestedPathDependency?: string;
  /** What changed since the capture (staleness.ts), if anything. */
  stale?: string;
  /** HOT_RELOAD_DIRECT_BUILD=0: the user turned the direct path off. */
  disabled: boolean;
  /** Windows: cargo cannot run our capture script (a `#!` script, not an .exe). */
  windows?: boolean;
}

export interface PathChoice {
  path: BuildPath;
  reason: string;
  /** Whether the cargo run should capture its rustc command (the capture is missing or stale). */
  recapture: boolean;
}

export function chooseBuildPath(f: PathFacts): PathChoice {
  const cargo = (reason: string, recapture: boolean): PathChoice => ({ path: 'cargo', reason, recapture });
  if (f.disabled) return cargo('HOT_RELOAD_DIRECT_BUILD=0 is set', false);
  if (f.windows)
    return cargo('on Windows cargo cannot run the capture script (not an .exe), so nothing is captured', false);
  if (!f.hasCapture)
    return cargo("cargo's rustc command for the lib is not captured yet (the next cargo build captures it)", true);
  // Before the rest: a stale capture's facts (a build script that is gone by now, say) are stale too.
  if (f.stale)
    return cargo(`${f.stale} since cargo's command was captured (the next cargo build captures it again)`, true);
  if (f.buildScript) return cargo('the lib has a build script, which only cargo knows when to run', false);
  if (f.unusableArgs) return cargo(`cargo's rustc command cannot be reused: ${f.unusableArgs}`, false);
  if (f.nestedPathDependency) {
    return cargo(
      `the path dependency in ${f.nestedPathDependency} has path dependencies of its own, which are not tracked`,
      false,
    );
  }
  // The layout probe links cargo's rlib, so it must have the new layout.
  if (f.abiChanged) return cargo('the ABI changed: cargo builds the rlib too (the layout probe links it)', false);
  return { path: 'direct', reason: "rustc with cargo's captured command, cdylib only", recapture: false };
}
