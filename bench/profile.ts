// Item 4: the dev profile of the generated project. For each setting, the lib's rebuild after a one-literal
// edit (`cargo build -p <lib>`, what every reload waits for), the size of the cdylib (what each publish copies
// and each swap maps), and whether a panic inside the loaded cdylib prints a backtrace whose frames carry
// file:line (RUST_BACKTRACE=1). Settings are passed as `--config profile.dev.<key>=<value>`, every key each
// time (so the template's own [profile.dev] does not leak in); each has its own target dir, and the edits go
// round-robin over the settings so that drift in the machine's load hits them alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { libraryFileName } from '../src/project.js';
import { directProfileRows } from './direct-profile.js';
import { installFixtures } from './reload.js';
import { APP, benchEnv, save, scaffoldApp, timed } from './project.js';
import { formatNumber, formatSummary, summarize, type Row } from './stats.js';

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));

interface Setting {
  label: string;
  debug: string;
  incremental: boolean;
  codegenUnits: number;
  splitDebuginfo: string;
}

/** Cargo's defaults for the dev profile on Linux. */
const DEFAULTS: Setting = {
  label: 'cargo default: debug = 2',
  debug: '2',
  incremental: true,
  codegenUnits: 256,
  splitDebuginfo: '"off"',
};

/** What the template uses (templates/base/Cargo.toml.hbs says why): keep the two in step. */
const TEMPLATE = DEFAULTS;

const SETTINGS: Setting[] = [
  DEFAULTS,
  { ...DEFAULTS, label: 'debug = 1 ("limited")', debug: '1' },
  { ...DEFAULTS, label: 'debug = "line-tables-only"', debug: '"line-tables-only"' },
  { ...DEFAULTS, label: 'debug = 0', debug: '0' },
  { ...DEFAULTS, label: 'line-tables-only, incremental = false', debug: '"line-tables-only"', incremental: false },
  { ...DEFAULTS, label: 'line-tables-only, codegen-units = 1', debug: '"line-tables-only"', codegenUnits: 1 },
  { ...DEFAULTS, label: 'debug = 2, split-debuginfo = "unpacked"', splitDebuginfo: '"unpacked"' },
  {
    ...DEFAULTS,
    label: 'line-tables-only, split-debuginfo = "unpacked"',
    debug: '"line-tables-only"',
    splitDebuginfo: '"unpacked"',
  },
];

function configFlags(s: Setting): string[] {
  return [
    `profile.dev.debug=${s.debug}`,
    `profile.dev.incremental=${s.incremental}`,
    `profile.dev.codegen-units=${s.codegenUnits}`,
    `profile.dev.split-debuginfo=${s.splitDebuginfo}`,
  ].flatMap((flag) => ['--config', flag]);
}

/** Runs the panic bin against the cdylib; true if a backtrace frame points into lib/src/lib.rs with a line. */
async function backtraceHasLines(root: string, bin: string, library: string): Promise<boolean> {
  const result = await timed(bin, [library], { cwd: root, env: benchEnv({ RUST_BACKTRACE: '1' }) }).catch(
    (error: Error) => ({ output: error.message }),
  );
  // Frame lines look like `             at ./lib/src/lib.rs:33:9` (the panic message's own location does not count).
  return /^\s+at \S*lib\/src\/lib\.rs:\d+/m.test(result.output);
}

export async function benchProfile(edits: number): Promise<Row[]> {
  const app = await scaffoldApp('profile');
  const { root } = app;
  try {
    installFixtures(root);
    fs.mkdirSync(path.join(root, 'src', 'bin'), { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'panic.rs'), path.join(root, 'src', 'bin', 'panic.rs'));
    const libFile = path.join(root, 'lib', 'src', 'lib.rs');
    const source = fs.readFileSync(libFile, 'utf8');
    const targets = SETTINGS.map((_, i) => path.join(root, `target-${i}`));
    // Cold builds first (not measured): the lib and the panic bin, per setting.
    for (const [i, setting] of SETTINGS.entries()) {
      const env = benchEnv({ CARGO_TARGET_DIR: targets[i] });
      await timed('cargo', ['build', ...configFlags(setting), '-p', APP.libPackage], { cwd: root, env });
      await timed('cargo', ['build', ...configFlags(setting), '-p', APP.binPackage, '--bin', 'panic'], {
        cwd: root,
        env,
      });
    }
    const times: number[][] = SETTINGS.map(() => []);
    for (let edit = 1; edit <= edits; edit++) {
      for (const [i, setting] of SETTINGS.entries()) {
        save(libFile, source.replace('state.counter = 0;', `state.counter = ${edit * 100 + i};`));
        const env = benchEnv({ CARGO_TARGET_DIR: targets[i] });
        times[i]!.push(
          (await timed('cargo', ['build', ...configFlags(setting), '-p', APP.libPackage], { cwd: root, env })).ms,
        );
      }
    }
    const rows: Row[] = [];
    for (const [i, setting] of SETTINGS.entries()) {
      const library = path.join(targets[i]!, 'debug', libraryFileName(APP.libCrate));
      const size = fs.statSync(library).size / 1024;
      const lines = await backtraceHasLines(root, path.join(targets[i]!, 'debug', 'panic'), library);
      const s = summarize(times[i]!);
      rows.push({
        item: '4',
        what: `lib rebuild, ${setting.label}${setting === TEMPLATE ? ' **(template)**' : ''}`,
        n: `${s.n}`,
        result: `${formatSummary(s, 'ms')} · cdylib ${formatNumber(size)} KiB · backtrace file:line ${lines ? 'yes' : 'no'}`,
        target: '',
      });
    }
    // The same template profile under dev's direct rebuild path (bench/direct-profile.ts).
    const panicBin = path.join(targets[SETTINGS.indexOf(TEMPLATE)]!, 'debug', 'panic');
    rows.push(
      ...(await directProfileRows(root, edits, panicBin, (bin, library) => backtraceHasLines(root, bin, library))),
    );
    return rows;
  } finally {
    app.cleanup();
  }
}
