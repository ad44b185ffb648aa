// The checks of `hot-reload doctor`, as pure functions of facts gathered elsewhere (index.ts), so each rule is
// unit-tested without a toolchain. Each returns one line's worth: what was found and, when it is not fine,
// the fix. `fail` means reloading cannot work until it is fixed (doctor exits 1); `warn` means it works, with
// a caveat or a step to take.

export type Status = 'ok' | 'warn' | 'fail';

export interface Check {
  status: Status;
  /** What was checked and found, e.g. `node 20.11.0`. */
  what: string;
  /** What to do about it (absent when ok, and for notes that need nothing done). */
  fix?: string;
}

/** Rust 1.85 is the first with edition 2024, which the generated Cargo.toml files use. */
export const MIN_RUST: readonly [number, number] = [1, 85];
export const MIN_NODE = 20;

function versionOf(text: string): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function checkNode(version: string): Check {
  const v = versionOf(version);
  if (v && v[0] >= MIN_NODE) return { status: 'ok', what: `node ${v.join('.')}` };
  return { status: 'fail', what: `node ${version}`, fix: `install Node.js ${MIN_NODE} or newer` };
}

/** `cargoVersion`: the output of `cargo --version`, or undefined when cargo could not be run. */
export function checkCargo(cargoVersion: string | undefined): Check {
  if (cargoVersion === undefined)
    return { status: 'fail', what: 'cargo not found on PATH', fix: 'install Rust from https://rustup.rs' };
  const v = versionOf(cargoVersion);
  if (!v) return { status: 'warn', what: `cargo: cannot read a version from "${cargoVersion.trim()}"` };
  const [major, minor] = MIN_RUST;
  if (v[0] > major || (v[0] === major && v[1] >= minor)) return { status: 'ok', what: `cargo ${v.join('.')}` };
  return {
    status: 'fail',
    what: `cargo ${v.join('.')} is older than ${major}.${minor} (edition 2024)`,
    fix: 'run `rustup update`',
  };
}

/** `loadError`: why koffi could not be loaded, or undefined when it loaded. */
export function checkKoffi(version: string | undefined, loadError: string | undefined): Check {
  if (loadError === undefined) return { status: 'ok', what: `koffi ${version ?? ''} loads`.replace('  ', ' ') };
  return {
    status: 'fail',
    what: `koffi does not load: ${loadError}`,
    fix: 'run `npm install` in the project (koffi ships prebuilt binaries for Linux, macOS and Windows on x64 and arm64)',
  };
}

/** The `crate-type = [...]` list of lib/Cargo.toml's [lib] section; undefined when there is none. */
export function crateTypes(cargoToml: string): string[] | undefined {
  const lib = /^\[lib\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(cargoToml);
  const list = lib?.[1] && /^\s*crate-type\s*=\s*\[([^\]]*)\]/m.exec(lib[1]);
  return list ? [...list[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : undefined;
}

export function checkCrateType(cargoToml: string): Check {
  const types = crateTypes(cargoToml) ?? [];
  const fix = 'set crate-type = ["rlib", "cdylib"] under [lib] in lib/Cargo.toml';
  if (!types.includes('cdylib')) {
    return {
      status: 'fail',
      what: `lib crate-type is [${types.join(', ')}]: no cdylib, so there is no library for the hosts to load`,
      fix,
    };
  }
  // "lib" (cargo's default, kept by `--init`) is an rlib for a Rust lib.
  if (!types.includes('rlib') && !types.includes('lib')) {
    return {
      status: 'warn',
      what: 'lib crate-type has no rlib: `cargo build` cannot link the lib statically into the bin',
      fix,
    };
  }
  return { status: 'ok', what: 'lib crate-type includes cdylib (and rlib)' };
}

export function checkExports(functions: readonly string[], leftOut: number, parseError?: string): Check {
  if (parseError !== undefined) return { status: 'fail', what: `lib/src cannot be read: ${parseError}` };
  if (functions.length === 0) {
    return {
      status: 'warn',
      what: 'lib/src exports no functions: nothing for the hosts to call',
      fix: 'mark one `#[unsafe(no_mangle)] pub extern "C" fn`',
    };
  }
  const names = `${functions.length} exported function${functions.length === 1 ? '' : 's'} (${functions.join(', ')})`;
  if (leftOut > 0)
    return {
      status: 'warn',
      what: `${names}; ${leftOut} left out of the bindings`,
      fix: 'run `hot-reload gen` to see why',
    };
  return { status: 'ok', what: names };
}

export function checkBindings(upToDate: boolean): Check {
  if (upToDate) return { status: 'ok', what: 'bindings up to date (host/lib.generated.ts, src/hot_lib.rs)' };
  // Not blocking: `hot-reload dev` regenerates them before every build.
  return {
    status: 'warn',
    what: 'bindings out of date with lib/src',
    fix: 'run `npm run gen` (dev does it on every build)',
  };
}

export interface HotDirFacts {
  exists: boolean;
  /** The pid in `.hot/dev.lock`, and whether it is alive. */
  lock?: { pid: number; alive: boolean };
  /** Library copies (`<crate>-<n>.<ext>`) and temp files. */
  copies: number;
  temps: number;
}

export function checkHotDir(f: HotDirFacts): Check {
  if (!f.exists) return { status: 'ok', what: '.hot/ not created yet (dev creates it)' };
  if (f.lock?.alive)
    return {
      status: 'ok',
      what: `.hot/ in use by hot-reload dev (pid ${f.lock.pid}), ${f.copies} library cop${f.copies === 1 ? 'y' : 'ies'}`,
    };
  const problems: string[] = [];
  if (f.lock) problems.push(`a stale lock of a dev that is gone (pid ${f.lock.pid})`);
  if (f.temps > 0) problems.push(`${f.temps} temp file${f.temps === 1 ? '' : 's'}`);
  // Ctrl-C leaves the current copy; more than that means a dev was killed before it could tidy up.
  if (f.copies > 1) problems.push(`${f.copies} library copies`);
  if (problems.length === 0) return { status: 'ok', what: '.hot/ tidy' };
  return {
    status: 'warn',
    what: `.hot/ has ${problems.join(', ')}`,
    fix: 'the next `npm run dev` cleans it up (or delete .hot/)',
  };
}

export interface PlatformFacts {
  platform: NodeJS.Platform;
  /** glibc version on Linux; undefined on musl (or elsewhere). */
  glibc?: string;
  /** macOS: whether `codesign` is on PATH. */
  codesign?: boolean;
}

export function platformNotes(f: PlatformFacts): Check[] {
  if (f.platform === 'linux') {
    if (f.glibc) return [{ status: 'ok', what: `Linux, glibc ${f.glibc}: dlclose unloads replaced versions` }];
    return [
      {
        status: 'warn',
        what: 'Linux with musl: dlclose does not unload, so every replaced version stays mapped and memory grows with each reload',
        fix: 'restart `npm run dev` after a few hundred reloads, or develop on a glibc system',
      },
    ];
  }
  if (f.platform === 'darwin') {
    return [
      f.codesign
        ? { status: 'ok', what: 'macOS: codesign found (copied dylibs keep their ad-hoc signature)' }
        : {
            status: 'warn',
            what: 'macOS: codesign not found: a dylib changed after linking cannot be re-signed, and Apple Silicon refuses to load it unsigned',
            fix: 'run `xcode-select --install`',
          },
    ];
  }
  if (f.platform === 'win32') {
    return [
      {
        status: 'warn',
        what: 'Windows: a loaded DLL is locked, so replaced copies in .hot/ are deleted only once the host lets go of them; the Windows side is untested',
      },
    ];
  }
  return [{ status: 'warn', what: `${f.platform}: not a platform the reloaders were tested on` }];
}

/** Which way `hot-reload dev` builds the lib after a body edit (src/dev/direct-build/build-path.ts), and why. */
export function checkBuildPath(path: 'direct' | 'cargo', reason: string, rustcVersion?: string): Check {
  const what = path === 'direct' ? `with ${rustcVersion ?? 'rustc'} directly` : 'through cargo';
  return { status: 'ok', what: `dev's next body edit rebuilds the lib ${what}: ${reason}` };
}

const MARK: Record<Status, string> = { ok: '✓', warn: '!', fail: '✗' };

/** `✓ node 20.11.0` / `✗ cargo not found on PATH: install Rust from https://rustup.rs` */
export function formatCheck(c: Check): string {
  return `${MARK[c.status]} ${c.what}${c.fix ? `: ${c.fix}` : ''}`;
}
