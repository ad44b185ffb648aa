// Gathers the facts build-path.ts decides on, from the capture on disk and the files and environment now; used
// before every build by the dev loop and once by doctor.
import { chooseBuildPath, type PathChoice } from './build-path.js';
import { readCapture, type Capture } from './capture.js';
import { localDependencies, nestedPathDependency, takeStamp, type StampScope } from './inputs.js';
import { directArgs } from './rustc-args.js';
import { staleReason } from './staleness.js';

export function scopeOf(root: string, capture: Pick<Capture, 'rustc' | 'args' | 'cwd'>): StampScope {
  return { root, rustc: capture.rustc, args: capture.args, cwd: capture.cwd };
}

export interface Choice extends PathChoice {
  capture?: Capture;
}

export function choosePath(root: string, abiChanged: boolean, env: NodeJS.ProcessEnv = { ...process.env }): Choice {
  const capture = readCapture(root);
  const disabled = env.HOT_RELOAD_DIRECT_BUILD === '0';
  const windows = process.platform === 'win32';
  if (!capture) return chooseBuildPath({ abiChanged, hasCapture: false, buildScript: false, disabled, windows });
  const scope = scopeOf(root, capture);
  const args = directArgs(capture.args, { outDir: '.', incrementalDir: '.', color: false });
  const choice = chooseBuildPath({
    abiChanged,
    hasCapture: true,
    disabled,
    windows,
    unusableArgs: args.ok ? undefined : args.why,
    buildScript: 'OUT_DIR' in capture.cargoEnv,
    nestedPathDependency: nestedPathDependency(localDependencies(scope, env)),
    stale: staleReason(capture.stamp, takeStamp(scope, capture.cargoEnv, env), root),
  });
  return { ...choice, capture };
}
