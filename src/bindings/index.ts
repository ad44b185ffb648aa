// The bindings module's public surface, for the CLI, the scaffolder, the dev
// loop and the runtime (which re-exports defineBindings for generated files).
export type * from './model.js';
export { parseLib, parseSources } from './parse-lib.js';
export {
  defineBindings,
  specFromModel,
  type BindingsSpec,
  type DefinedBindings,
  type TypeSpec,
  type TypeDefSpec,
} from './spec.js';
export { emitTypeScript, type TsMeta } from './emit-ts.js';
export { emitHotLib, type RustMeta } from './emit-rust.js';
export { abiFingerprint, abiChanges, abiDescription } from './fingerprint.js';
export {
  generateBindings,
  runGen,
  formatWarning,
  summarize,
  GENERATED_TS,
  GENERATED_RUST,
  type GenerateResult,
} from './generate.js';
