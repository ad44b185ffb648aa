// The dev loop's state, the events that change it and the effects it asks for. The transition function
// (loop-step.ts) is pure: it reads a state and an event and returns the next state and a list of effects; the
// interpreter (loop.ts) performs the effects with cargo, the publisher and the host processes, and turns what
// they report into events. Every policy is therefore a table of events and expected effects (test/unit/dev-loop*).
import type { LibModel } from '../bindings/model.js';
import type { HostLine } from '../runtime/swap-line.js';
import type { LibArtifact } from './cargo-messages.js';
import type { HostExit, HostKind } from './host.js';
import type { LatencyState } from './latency.js';

export interface LoopConfig {
  kind: HostKind;
  /** How the status lines name the host, e.g. `node host/main.ts`. */
  hostLabel: string;
  /** The Rust host's package, named in the line that announces its build. */
  binPackage: string;
  /** The cdylib cargo must produce, named when it did not. */
  libraryFile: string;
  /** The generated bindings files, relative to the root: regenerating them is not a host-source change. */
  generatedFiles: readonly string[];
}

/** What a set of bindings was generated from: the ABI fingerprint and the model behind it (for restart reasons). */
export interface AbiRecord {
  abi: string;
  model: LibModel;
}

/** A version published to `.hot/` and still on disk. */
export interface VersionRecord {
  version: number;
  abi: string;
  /** When the save that led to it was seen (ms since the epoch). */
  changedAt: number;
  buildMs: number;
  /** The host crashed right after swapping to it: never fallen back to (until the next build). */
  crashed: boolean;
}

export interface HostRecord {
  /** Which process events belong to: lines and exits of an earlier host are told apart by it. */
  id: number;
  /** The bindings it was started with. */
  bindings: AbiRecord;
  /** The version it runs now. */
  version: number;
  /** It said `[hot-reload] snapshot-capable`: asked to restart, it snapshots and exits 75 (§4 of the contract). */
  snapshotCapable: boolean;
  /** Between its `screen owned` and `screen released` lines: our lines are held, not printed. */
  screenOwned: boolean;
}

/**
 * The one thing in progress: a lib build (bindings, cargo, the Rust host's build, the old host's exit), or a
 * restart for a change of the host's sources. Builds, host starts and host stops never overlap: a host started
 * between a build's regeneration of the bindings and its publish would run bindings of one ABI against a
 * library of another.
 */
export interface Job {
  why: 'build' | 'host-change';
  stage: 'bindings' | 'lib' | 'bin' | 'host-exit';
  /** Build: when the newest change it includes was seen (ms since the epoch). */
  changedAt: number;
  /** Build: when it started (performance.now()). */
  startedAt: number;
  /** The bindings this build generated. */
  bindings?: AbiRecord;
  /** A good build not yet published (it waits for the Rust host's build, or for the old host to exit). */
  delivery?: { artifact: string; record: VersionRecord; layoutJson?: string };
  /** Why the host is being restarted (its HOT_RELOAD_RESTART). */
  restartReason?: string;
  /** The ABI the Rust host is being built for. */
  binFor?: string;
  /** The host sources changed while the Rust host was being built: that binary is already outdated. */
  binOutdated?: boolean;
  /** Host change: the files to name in the restart line. */
  changedFiles?: string[];
}

export type TimerName = 'restart-host' | 'host-change' | 'first-call' | 'restart-grace';

export interface LoopState {
  config: LoopConfig;
  stopping: boolean;
  /** The latest generated bindings: what a host started now runs with. */
  generated: AbiRecord | undefined;
  /** Rust host: the ABI its binary was built for (undefined: not built, or its sources changed since). */
  binAbi: string | undefined;
  host: HostRecord | undefined;
  hostsStarted: number;
  /** Published versions still on disk, oldest first. */
  versions: VersionRecord[];
  /** What current.json points at. */
  current: number | undefined;
  /** The number of the last version published (the next is one more). */
  lastVersion: number;
  /** Quick crashes in a row (the back-off). */
  crashesInARow: number;
  job: Job | undefined;
  /** A build the scheduler started while another job was in progress: it runs next. */
  queuedBuild: { changedAt: number; at: number } | undefined;
  /** A save in lib/src that no build has started on yet. */
  libChangePending: boolean;
  /** The running host (or the Rust host's binary) does not include the latest change of the host's sources. */
  hostOutdated: boolean;
  /** Host source files changed since the last restart for them, and whether each exists now. */
  hostChanges: Record<string, boolean>;
  /** A restart that waits for the job in progress to end. */
  startWhenIdle: string | undefined;
  /** Bindings warnings last shown (shown again only when they change). */
  warnings: string;
  /** Our lines held while the host owns the screen, in order. */
  held: { kind: 'status' | 'diagnostics'; text: string }[];
  latency: LatencyState;
}

export type LoopEvent =
  | { type: 'lib-changed' }
  /** The scheduler starts a build. `at`: performance.now(). */
  | { type: 'build-requested'; changedAt: number; at: number }
  | { type: 'bindings-generated'; bindings: AbiRecord; warnings: string }
  | { type: 'bindings-failed'; message: string }
  | {
      type: 'lib-built';
      at: number;
      success: boolean;
      stopped: boolean;
      diagnostics: string;
      ms: number;
      artifact: LibArtifact | undefined;
      /** The probe's layouts for this build (contract §5), published with it. */
      layoutJson?: string;
      /** Present when lib/src was saved during the build: the ABI of the sources now (undefined: unparsable). */
      sourceNow?: { abi: string | undefined };
    }
  | { type: 'bin-built'; success: boolean; stopped: boolean; diagnostics: string; ms: number }
  | { type: 'host-line'; host: number; line: HostLine; now: number }
  | { type: 'host-exited'; host: number; exit: HostExit }
  /** A file of the host's own sources changed (relative to the root), and whether it exists now. */
  | { type: 'host-source-changed'; file: string; exists: boolean }
  | { type: 'timer'; timer: TimerName }
  | { type: 'stop' };

export type Effect =
  | { type: 'say'; text: string }
  | { type: 'diagnostics'; text: string }
  /** A line held while the host owns the screen: appended to `.hot/dev-lines.log` for the host to show. */
  | { type: 'hold'; text: string }
  | { type: 'clear-held-log' }
  | { type: 'generate-bindings' }
  /** Build the lib (today `cargo build -p <lib>`; the one call site a faster build path replaces). */
  | { type: 'build-lib' }
  | { type: 'build-bin' }
  /** The scheduler's build is over (its promise resolves). */
  | { type: 'build-done' }
  | { type: 'publish'; artifact: string; record: VersionRecord; layoutJson?: string }
  | { type: 'point'; version: number }
  /** Bump current.json's `restart`: a snapshot-capable host snapshots and exits 75. */
  | { type: 'request-restart' }
  | { type: 'prune'; keep: number[] }
  | { type: 'start-host'; host: number; version: number; restartReason: string | undefined }
  | { type: 'stop-host'; host: number }
  | { type: 'set-timer'; timer: TimerName; ms: number }
  | { type: 'cancel-timer'; timer: TimerName }
  | { type: 'status-failed'; message: string; version: number }
  | { type: 'status-ok'; version: number }
  /** Stop cargo, the host and the watchers, keep only `keep` in `.hot/`. */
  | { type: 'shutdown'; keep: number[] }
  /** The host quit (exit 0): dev ends with this code. */
  | { type: 'end'; code: number };

export function initialState(config: LoopConfig): LoopState {
  return {
    config,
    stopping: false,
    generated: undefined,
    binAbi: undefined,
    host: undefined,
    hostsStarted: 0,
    versions: [],
    current: undefined,
    lastVersion: 0,
    crashesInARow: 0,
    job: undefined,
    queuedBuild: undefined,
    libChangePending: false,
    hostOutdated: false,
    hostChanges: {},
    startWhenIdle: undefined,
    warnings: '',
    held: [],
    latency: { reported: [], held: undefined },
  };
}
