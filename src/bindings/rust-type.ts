// AbiType -> Rust source text, for src/hot_lib.rs and for messages (warnings,
// ABI change lines). Paths are fully qualified so the hot module needs no `use`.
import type { AbiType } from './model.js';

export function rustType(type: AbiType): string {
  switch (type.kind) {
    case 'void':
      return '()';
    case 'primitive':
      return type.name === 'c_char' ? 'std::ffi::c_char' : type.name;
    case 'cstring':
      return `*${type.mutable ? 'mut' : 'const'} std::ffi::c_char`;
    case 'pointer': {
      const to = type.to.kind === 'void' ? 'std::ffi::c_void' : rustType(type.to);
      if (!type.reference) return `*${type.mutable ? 'mut' : 'const'} ${to}`;
      const reference = `&${type.mutable ? 'mut ' : ''}${to}`;
      return type.nullable ? `Option<${reference}>` : reference;
    }
    case 'named':
      return type.name;
    case 'array':
      return `[${rustType(type.element)}; ${type.length}]`;
    case 'function': {
      const params = type.params.map(rustType).join(', ');
      const returns = type.returns.kind === 'void' ? '' : ` -> ${rustType(type.returns)}`;
      const fn = `${type.unsafe ? 'unsafe ' : ''}extern "${type.abi}" fn(${params})${returns}`;
      return type.nullable ? `Option<${fn}>` : fn;
    }
  }
}
