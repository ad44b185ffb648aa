// Whether a published version whose ABI differs from the running one can be taken in process (contract §4):
// every function the host's bindings declare keeps its name and its parameter and return types (by type name),
// the layouts of both versions are known and trusted, and every block from `alloc` still fits where it is.
// Otherwise the host restarts: with a snapshot when the state can travel, fresh (and saying why) when not.
import path from 'node:path';
import type { BindingsSpec } from '../bindings/spec-from-model.js';
import { readLayoutFile, type LayoutFile } from '../migrate/layout-file.js';
import type { StateMemory } from './state-memory.js';
import type { PublishedVersion } from './types.js';

export type MigrationPlan =
  | { kind: 'in-process'; layout: LayoutFile }
  | { kind: 'restart'; reason: string }
  /** Nothing can carry the state: the host restarts and the state starts from its default. */
  | { kind: 'fresh'; reason: string };

export function planMigration(input: {
  root: string;
  published: PublishedVersion;
  hostSpec: BindingsSpec | undefined;
  current: LayoutFile | undefined;
  memory: StateMemory;
}): MigrationPlan {
  const { published } = input;
  if (!input.current) return { kind: 'fresh', reason: 'the layouts of the running version are unknown' };
  if (!published.layout) return { kind: 'fresh', reason: `v${published.version} was published without its layouts` };
  let layout: LayoutFile;
  try {
    layout = readLayoutFile(path.resolve(input.root, published.layout));
  } catch (error) {
    return { kind: 'fresh', reason: `cannot read the layouts of v${published.version}: ${(error as Error).message}` };
  }
  if (layout.refused) return { kind: 'fresh', reason: layout.refused };
  const changed = input.hostSpec
    ? changedFunction(input.hostSpec, layout.bindings)
    : "the host's bindings carry no spec";
  if (changed) return { kind: 'restart', reason: changed };
  const obstacle = input.memory.obstacle(layout);
  if (obstacle) return { kind: 'restart', reason: obstacle };
  return { kind: 'in-process', layout };
}

/** The first function the host declares that the new version lacks or declares otherwise; undefined if none. */
export function changedFunction(host: BindingsSpec, next: BindingsSpec): string | undefined {
  for (const [name, fn] of Object.entries(host.functions)) {
    const now = next.functions[name];
    if (!now) return `fn ${name} was removed`;
    if (JSON.stringify(now) !== JSON.stringify(fn)) return `fn ${name} changed its parameters or return type`;
  }
  return undefined;
}
