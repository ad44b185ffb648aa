// STAND-IN for the runtime's `lib.snapshot(pointer)` / `lib.restore(pointer, snapshot)` (same shape). This one
// copies the state's raw bytes, so it is right only while the layout of `Game` stays the same; the runtime's
// version migrates a snapshot across a layout change (a field added while a loop runs). To switch: delete this
// file and use `lib` where main.ts uses `states` (`states.snapshot(game)` → `lib.snapshot(game)`, and so on).
import { koffi, type Pointer, type StructType } from 'create-hot-reload/runtime';

/** The state at one moment: opaque to the host. */
export interface StateSnapshot {
  readonly bytes: Uint8Array;
}

export interface StateSnapshots {
  snapshot(pointer: Pointer): StateSnapshot;
  restore(pointer: Pointer, snapshot: StateSnapshot): void;
}

export function stateSnapshots(type: StructType): StateSnapshots {
  const bytes = koffi.array('uint8_t', koffi.sizeof(type));
  return {
    snapshot: (pointer) => ({ bytes: Uint8Array.from(koffi.decode(pointer, bytes) as Uint8Array) }),
    restore: (pointer, snapshot) => koffi.encode(pointer, bytes, snapshot.bytes),
  };
}
