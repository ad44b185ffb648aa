// The template's dev profile under the direct rebuild path (src/dev/direct-build/): cargo's rustc command for the
// lib captured the way `hot-reload dev` captures it (RUSTC_WORKSPACE_WRAPPER), then the cdylib rebuilt with rustc
// alone after each one-literal edit, std linked statically (cargo's way) and as the toolchain's shared library
// (`-C prefer-dynamic` with an rpath, what dev does on Linux). Item 4's rows: time, cdylib size, and whether a
// panic's backtrace still has file:line (the panic bin is a Rust host: std static in it, shared in the lib).
// Also item 6's memory soak with every version built with prefer-dynamic (RUSTFLAGS for the soak's cargo builds).
import fs from 'node:fs';
import path from 'node:path';
import { cargoSetEnv, installWrapper, toolchainFacts, type RawCapture } from '../src/dev/direct-build/capture.js';
import { directArgs } from '../src/dev/direct-build/rustc-args.js';
import { libraryFileName } from '../src/project.js';
import { APP, benchEnv, save, timed } from './project.js';
import { runReloadSoak } from './reload-soak.js';
import { formatNumber, formatSummary, summarize, type Row } from './stats.js';

/** Captures cargo's rustc command for the lib (a cold build into `target`, not measured). */
async function capture(
  root: string,
  target: string,
): Promise<{ raw: RawCapture; env: NodeJS.ProcessEnv; libdir: string }> {
  const file = path.join(root, 'bench-capture.json');
  const env = benchEnv({
    CARGO_TARGET_DIR: target,
    RUSTC_WORKSPACE_WRAPPER: installWrapper(root),
    HOT_RELOAD_CAPTURE_CRATE: APP.libCrate,
    HOT_RELOAD_CAPTURE_FILE: file,
  });
  await timed('cargo', ['build', '-p', APP.libPackage], { cwd: root, env });
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as RawCapture;
  const rustcEnv = { ...benchEnv(), ...cargoSetEnv(raw.env, env) };
  const facts = toolchainFacts(raw.rustc, raw.args, rustcEnv);
  if (!facts) throw new Error(`cannot ask ${raw.rustc} for its version and library directory`);
  return { raw, env: rustcEnv, libdir: facts.libdir };
}

/**
 * `panicBin` loads a library and makes it panic; `backtraceHasLines` runs it. Returns one row per way of linking
 * std, edits round-robin over the two.
 */
export async function directProfileRows(
  root: string,
  edits: number,
  panicBin: string,
  backtraceHasLines: (bin: string, library: string) => Promise<boolean>,
): Promise<Row[]> {
  const { raw, env, libdir } = await capture(root, path.join(root, 'target-direct'));
  const libFile = path.join(root, 'lib', 'src', 'lib.rs');
  const source = fs.readFileSync(libFile, 'utf8');
  const variants = [
    { label: 'std linked statically', libdir: undefined as string | undefined },
    { label: "std as the toolchain's shared library (prefer-dynamic) **(dev's default on Linux)**", libdir },
  ].map((v, i) => {
    const outDir = path.join(root, `direct-${i}`);
    const args = directArgs(raw.args, {
      outDir,
      incrementalDir: path.join(outDir, 'incremental'),
      color: false,
      preferDynamicLibdir: v.libdir,
    });
    if (!args.ok) throw new Error(`cargo's command cannot be used: ${args.why}`);
    return { ...v, args: args.args, library: path.join(outDir, libraryFileName(APP.libCrate)), times: [] as number[] };
  });
  for (const v of variants) await timed(raw.rustc, v.args, { cwd: raw.cwd, env }); // cold, not measured
  for (let edit = 1; edit <= edits; edit++) {
    for (const [i, v] of variants.entries()) {
      save(libFile, source.replace('state.counter = 0;', `state.counter = ${edit * 100 + 50 + i};`));
      v.times.push((await timed(raw.rustc, v.args, { cwd: raw.cwd, env })).ms);
    }
  }
  save(libFile, source);
  const rows: Row[] = [];
  for (const v of variants) {
    const s = summarize(v.times);
    const size = fs.statSync(v.library).size / 1024;
    const lines = await backtraceHasLines(panicBin, v.library);
    rows.push({
      item: '4',
      what: `lib rebuild, template profile, rustc directly, cdylib only, ${v.label}`,
      n: `${s.n}`,
      result: `${formatSummary(s, 'ms')} · cdylib ${formatNumber(size)} KiB · backtrace file:line ${lines ? 'yes' : 'no'}`,
      target: '',
    });
  }
  return rows;
}

/** Item 6 again with every version's std as the toolchain's shared library: one libstd per host process. */
export async function benchMemoryPreferDynamic(): Promise<Row[]> {
  const libdir = (await timed('rustc', ['--print', 'target-libdir'], { cwd: process.cwd() })).output.trim();
  const saved = process.env.RUSTFLAGS;
  process.env.RUSTFLAGS = `-C prefer-dynamic -C link-arg=-Wl,-rpath,${libdir}`;
  try {
    const r = await runReloadSoak({ reloads: 1000, crashes: false });
    return [
      {
        item: '6',
        what: 'resident memory of the host over 1000 reloads, every version built with -C prefer-dynamic',
        n: `${r.reloads} reloads`,
        result: `${r.rssStartMb.toFixed(1)} → ${r.rssEndMb.toFixed(1)} MB (max ${r.rssMaxMb.toFixed(1)}), growth ${(r.rssEndMb - r.rssStartMb).toFixed(1)} MB`,
        target: '',
      },
    ];
  } finally {
    if (saved === undefined) delete process.env.RUSTFLAGS;
    else process.env.RUSTFLAGS = saved;
  }
}
