// Helpers for the dev loop's table tests: bindings fixtures, event builders, and a compact rendering of effects
// (`publish v2 B`, `start-host #2 v1 (its sources changed)`) so that each case states what it expects in one list.
import type { LibModel } from '../../src/bindings/model.js';
import type { HostExit, HostKind } from '../../src/dev/host.js';
import { initialState, type AbiRecord, type Effect, type LoopEvent, type LoopState } from '../../src/dev/loop-state.js';
import { step } from '../../src/dev/loop-step.js';
import type { HostLine } from '../../src/runtime/swap-line.js';

function model(fields: string[]): LibModel {
  const u64 = { kind: 'primitive', name: 'u64' } as const;
  return {
    files: ['lib/src/lib.rs'],
    functions: [],
    structs: [
      {
        name: 'State',
        module: [],
        repr: { c: true, packed: false, hints: 1, written: 'C' },
        docs: [],
        file: 'lib/src/lib.rs',
        line: 1,
        fields: fields.map((name) => ({ name, type: u64, docs: [] })),
      },
    ],
    enums: [],
    warnings: [],
  };
}

/** Two ABIs: B adds a field to State. */
export const A: AbiRecord = { abi: 'A', model: model(['counter']) };
export const B: AbiRecord = { abi: 'B', model: model(['counter', 'extra']) };

export const SAVED_AT = 1_000_000;

/** One lib build as the interpreter reports it: the scheduler's request, the bindings, cargo's result. */
export function build(
  bindings: AbiRecord,
  result: Partial<Extract<LoopEvent, { type: 'lib-built' }>> = {},
): LoopEvent[] {
  return [
    { type: 'build-requested', changedAt: SAVED_AT, at: 0 },
    { type: 'bindings-generated', bindings, warnings: '' },
    {
      type: 'lib-built',
      at: 120,
      success: true,
      stopped: false,
      diagnostics: '',
      ms: 100,
      artifact: { file: '/t/lib.so', fresh: false },
      ...result,
    },
  ];
}

export function line(host: number, hostLine: HostLine, now = SAVED_AT + 150): LoopEvent {
  return { type: 'host-line', host, line: hostLine, now };
}

export const loaded = (host: number, version: number): LoopEvent => line(host, { kind: 'loaded', version, ms: 2 });
export const swapped = (host: number, version: number): LoopEvent => line(host, { kind: 'swapped', version, ms: 0.4 });
export const capable = (host: number): LoopEvent => line(host, { kind: 'snapshot-capable' });

export function exited(host: number, exit: Partial<HostExit>): LoopEvent {
  const full: HostExit = {
    code: null,
    signal: null,
    version: 1,
    startedOn: 1,
    uptimeMs: 60_000,
    stderrTail: [],
    expected: false,
    ...exit,
  };
  return { type: 'host-exited', host, exit: full };
}

export const timer = (name: Extract<LoopEvent, { type: 'timer' }>['timer']): LoopEvent => ({
  type: 'timer',
  timer: name,
});

/** A dev loop whose first build published v1 (ABI A) and started host #1, which loaded it. */
export function started(kind: HostKind): LoopEvent[] {
  const first = build(A);
  if (kind === 'rust') first.push({ type: 'bin-built', success: true, stopped: false, diagnostics: '', ms: 300 });
  return [...first, loaded(1, 1)];
}

export function run(
  kind: HostKind,
  events: readonly LoopEvent[],
  from?: LoopState,
): { state: LoopState; effects: string[] } {
  let state =
    from ??
    initialState({
      kind,
      hostLabel: kind === 'ts' ? 'node host/main.ts' : 'target/debug/app',
      binPackage: 'app',
      libraryFile: 'libapp_lib.so',
      generatedFiles: ['host/lib.generated.ts', 'src/hot_lib.rs'],
    });
  const effects: string[] = [];
  for (const event of events) {
    const before = JSON.stringify(state);
    const next = step(state, event);
    if (JSON.stringify(state) !== before) throw new Error('step changed the state it was given');
    state = next.state;
    effects.push(...next.effects.map(render));
  }
  return { state, effects };
}

export function render(e: Effect): string {
  switch (e.type) {
    case 'say':
      return `say ${e.text}`;
    case 'diagnostics':
      return `diag ${e.text}`;
    case 'hold':
      return `hold ${e.text}`;
    case 'publish':
      return `publish v${e.record.version} ${e.record.abi}${e.layoutJson === undefined ? '' : ` layout ${e.layoutJson}`}`;
    case 'point':
      return `point v${e.version}`;
    case 'prune':
    case 'shutdown':
      return `${e.type} ${e.keep.join(',')}`;
    case 'start-host':
      return `start-host #${e.host} v${e.version}${e.restartReason === undefined ? '' : ` (${e.restartReason})`}`;
    case 'stop-host':
      return `stop-host #${e.host}`;
    case 'set-timer':
      return `set-timer ${e.timer} ${e.ms}`;
    case 'cancel-timer':
      return `cancel-timer ${e.timer}`;
    case 'status-failed':
    case 'status-ok':
      return `${e.type} v${e.version}`;
    case 'end':
      return `end ${e.code}`;
    default:
      return e.type;
  }
}
