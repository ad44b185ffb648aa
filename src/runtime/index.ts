// `create-hot-reload/runtime`: what a TypeScript host (and its generated
// host/lib.generated.ts) imports. Generated files take koffi from here, never
// from 'koffi' directly, so a project cannot end up with two koffi copies.
export { default as koffi } from 'koffi';
export type { LibraryHandle, TypeObject } from 'koffi';
export { loadLib, builtLibraryPath, type LoadOptions } from './load.js';
export { HotLib, type StructType } from './hot-lib.js';
export type { SwapInfo, SwapHook } from './controller.js';
export type {
  HotLibEvents,
  ReloadEvent,
  FirstCallEvent,
  BuildErrorEvent,
  BuildOkEvent,
  MigrateEvent,
} from './events.js';
export type { Pointer, StateSnapshot } from './state-memory.js';
export type { LibBindings, PublishedVersion } from './types.js';
export type { BuildStatus } from './build-status.js';
// What host/lib.generated.ts calls to turn its JSON spec into koffi declarations.
export {
  defineBindings,
  type DefinedBindings,
  type BindingsSpec,
  type TypeSpec,
  type TypeDefSpec,
} from '../bindings/spec.js';
