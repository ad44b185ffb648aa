// `hot-reload doctor`: gathers the facts (versions, files, a koffi load, the bindings in check mode), runs the
// pure checks of checks.ts on them, prints one line per check, and exits 1 when one blocks reloading.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateBindings } from '../bindings/generate.js';
import { parseLib } from '../bindings/parse-lib.js';
import { choosePath } from '../dev/direct-build/path-facts.js';
import { isAlive, LOCK_FILE } from '../dev/lock.js';
import { findProject, libraryFileName, type ProjectInfo } from '../project.js';
import { HOT_DIR } from '../runtime/published.js';
import {
  checkBindings,
  checkBuildPath,
  checkCargo,
  checkCrateType,
  checkExports,
  checkHotDir,
  checkKoffi,
  checkNode,
  formatCheck,
  platformNotes,
  type Check,
  type HotDirFacts,
} from './checks.js';

export async function runDoctor(): Promise<number> {
  const project = findProject();
  const checks = [
    checkNode(process.version),
    checkCargo(cargoVersion()),
    await koffiCheck(),
    checkCrateType(fs.readFileSync(path.join(project.libDir, 'Cargo.toml'), 'utf8')),
    ...sourceChecks(project),
    checkHotDir(hotDirFacts(project)),
    buildPathCheck(project),
    ...platformNotes({
      platform: process.platform,
      glibc: (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
        ?.glibcVersionRuntime,
      codesign: process.platform === 'darwin' ? onPath('codesign') : undefined,
    }),
  ];
  for (const check of checks) console.log(formatCheck(check));
  const blocking = checks.filter((c) => c.status === 'fail').length;
  if (blocking > 0) {
    console.log(
      `\n${blocking} problem${blocking === 1 ? '' : 's'} above stop${blocking === 1 ? 's' : ''} hot reloading`,
    );
    return 1;
  }
  return 0;
}

function cargoVersion(): string | undefined {
  const result = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

function onPath(command: string): boolean {
  return spawnSync(command, ['--help'], { stdio: 'ignore' }).error === undefined;
}

async function koffiCheck(): Promise<Check> {
  try {
    const koffi = (await import('koffi')).default as { version?: string };
    return checkKoffi(koffi.version, undefined);
  } catch (error) {
    return checkKoffi(undefined, (error as Error).message.split('\n')[0]);
  }
}

/** Exported functions and bindings: both need lib/src to parse. */
function sourceChecks(project: ProjectInfo): Check[] {
  if (!fs.existsSync(path.join(project.libSrcDir, 'lib.rs'))) return [checkExports([], 0, 'lib/src/lib.rs is missing')];
  try {
    const model = parseLib(project.libSrcDir, project.root);
    const generated = generateBindings(project.root, { check: true });
    return [
      checkExports(
        model.functions.map((f) => f.name),
        model.warnings.length,
      ),
      checkBindings(generated.upToDate),
    ];
  } catch (error) {
    return [checkExports([], 0, (error as Error).message)];
  }
}

/** The path a body edit takes now: what the capture in .hot/build/ allows, with the files as they are. */
function buildPathCheck(project: ProjectInfo): Check {
  const choice = choosePath(project.root, false);
  return checkBuildPath(choice.path, choice.reason, choice.capture?.rustcVersion);
}

function hotDirFacts(project: ProjectInfo): HotDirFacts {
  const dir = path.join(project.root, HOT_DIR);
  if (!fs.existsSync(dir)) return { exists: false, copies: 0, temps: 0 };
  const names = fs.readdirSync(dir);
  const ext = path.extname(libraryFileName(project.libCrate));
  let lock: HotDirFacts['lock'];
  if (names.includes(LOCK_FILE)) {
    let pid = -1;
    try {
      pid = Number((JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid?: unknown }).pid);
    } catch {
      // unreadable: stale
    }
    lock = { pid, alive: isAlive(pid) };
  }
  return {
    exists: true,
    lock,
    copies: names.filter((n) => n.startsWith(`${project.libCrate}-`) && n.endsWith(ext)).length,
    temps: names.filter((n) => n.endsWith('.tmp')).length,
  };
}
