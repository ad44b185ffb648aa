// The rustc command line cargo used for the lib, turned into the direct build's: the same crate, edition,
// features, cfgs, codegen options and `--extern` dependencies, but the cdylib alone, written into a folder of
// ours with an incremental cache of ours, so cargo's target/ and its fingerprints stay exactly as cargo left them.
// Pure: the arguments in, the arguments out (or why they cannot be used).

/** Options that take their value as the next argument (cargo writes them that way). */
const TAKES_VALUE = new Set([
  '-C',
  '--codegen',
  '-L',
  '-l',
  '--crate-type',
  '--crate-name',
  '--edition',
  '--emit',
  '--out-dir',
  '-o',
  '--extern',
  '--cfg',
  '--check-cfg',
  '--cap-lints',
  '--error-format',
  '--json',
  '--target',
  '--sysroot',
  '-A',
  '-W',
  '-D',
  '-F',
  '--allow',
  '--warn',
  '--deny',
  '--forbid',
  '--force-warn',
  '--remap-path-prefix',
  '-Z',
  '--print',
  '--explain',
  '--diagnostic-width',
  '--env-set',
  '--crate-attr',
  '--color',
]);

export interface Arg {
  flag: string;
  /** The option's value (`--x=y`, `--x y` and `-Cy` alike); the whole argument for a positional one (flag ''). */
  value: string;
}

/** Splits rustc's arguments into options with their values and positional arguments. */
export function parseArgs(args: readonly string[]): Arg[] {
  const out: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (TAKES_VALUE.has(arg)) {
      out.push({ flag: arg, value: args[++i] ?? '' });
    } else if (arg.startsWith('--') && arg.includes('=')) {
      const at = arg.indexOf('=');
      out.push({ flag: arg.slice(0, at), value: arg.slice(at + 1) });
    } else if (/^-[CLlAWDFZ]./.test(arg)) {
      out.push({ flag: arg.slice(0, 2), value: arg.slice(2) });
    } else if (arg.startsWith('-')) {
      out.push({ flag: arg, value: '' });
    } else {
      out.push({ flag: '', value: arg });
    }
  }
  return out;
}

function codegen(arg: Arg, key: string): boolean {
  return (arg.flag === '-C' || arg.flag === '--codegen') && (arg.value === key || arg.value.startsWith(`${key}=`));
}

export interface DirectOptions {
  outDir: string;
  incrementalDir: string;
  /** Diagnostics rendered with ANSI colours (as cargo asks for when its stderr is a terminal). */
  color: boolean;
  /** Link std as the toolchain's shared library, found at run time through this directory (an rpath). */
  preferDynamicLibdir?: string;
}

export type DirectArgs = { ok: true; args: string[] } | { ok: false; why: string };

/** The direct build's arguments, from cargo's for the lib. */
export function directArgs(cargoArgs: readonly string[], options: DirectOptions): DirectArgs {
  const parsed = parseArgs(cargoArgs);
  const types = parsed.filter((a) => a.flag === '--crate-type').map((a) => a.value);
  if (!types.includes('cdylib'))
    return { ok: false, why: `cargo built the lib as ${types.join(', ') || 'no crate type'}, not as a cdylib` };
  const errorFormat = parsed.find((a) => a.flag === '--error-format')?.value;
  if (errorFormat !== 'json') return { ok: false, why: 'cargo did not ask rustc for JSON diagnostics' };
  if (parsed.some((a) => a.flag === '-o')) return { ok: false, why: 'cargo named the output file itself (-o)' };
  const emit = parsed.find((a) => a.flag === '--emit')?.value.split(',') ?? ['link'];
  if (!emit.includes('link'))
    return { ok: false, why: `cargo asked rustc for ${emit.join(', ')}, not a linked library` };
  const out: string[] = [];
  for (const arg of parsed) {
    if (arg.flag === '--crate-type' || arg.flag === '--out-dir' || arg.flag === '--emit') continue;
    if (codegen(arg, 'extra-filename') || codegen(arg, 'incremental')) continue;
    if (arg.flag === '--json') {
      const kinds = arg.value.split(',').filter((k) => k !== 'diagnostic-rendered-ansi');
      out.push(`--json=${(options.color ? ['diagnostic-rendered-ansi', ...kinds] : kinds).join(',')}`);
      continue;
    }
    if (arg.flag === '') out.push(arg.value);
    else if (arg.value === '' && !TAKES_VALUE.has(arg.flag)) out.push(arg.flag);
    else out.push(arg.flag, arg.value);
  }
  if (options.color && !parsed.some((a) => a.flag === '--json')) out.push('--json=diagnostic-rendered-ansi');
  out.push(
    '--crate-type',
    'cdylib',
    '--emit=link',
    '--out-dir',
    options.outDir,
    '-C',
    `incremental=${options.incrementalDir}`,
  );
  if (options.preferDynamicLibdir !== undefined) {
    out.push('-C', 'prefer-dynamic', '-C', `link-arg=-Wl,-rpath,${options.preferDynamicLibdir}`);
  }
  return { ok: true, args: out };
}

/** The `--extern name=path` files (the dependencies cargo built: rlibs, rmetas, proc-macro libraries). */
export function externFiles(cargoArgs: readonly string[]): string[] {
  return parseArgs(cargoArgs)
    .filter((a) => a.flag === '--extern' && a.value.includes('='))
    .map((a) => a.value.slice(a.value.indexOf('=') + 1));
}

/** `--out-dir` and `-C extra-filename`: where cargo's own dep-info file for the lib is (`<crate><extra>.d`). */
export function cargoDepInfoFile(cargoArgs: readonly string[]): string | undefined {
  const parsed = parseArgs(cargoArgs);
  const outDir = parsed.find((a) => a.flag === '--out-dir')?.value;
  const crate = parsed.find((a) => a.flag === '--crate-name')?.value;
  const extra = parsed.find((a) => codegen(a, 'extra-filename'))?.value.slice('extra-filename='.length) ?? '';
  return outDir && crate ? `${outDir}/${crate}${extra}.d` : undefined;
}
