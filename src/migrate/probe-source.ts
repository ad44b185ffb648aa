// The probe's source (contract §5): a std-only Rust program, compiled against the lib's rlib, that prints what
// the compiler laid out (size, alignment, every field's offset and size) and each type's Default bytes, or null
// for a type without Default (told apart at compile time by autoref specialization: the method on `&&Probe<T>`
// exists only where `T: Default`, otherwise the call falls back to the one on `&Probe<T>`).
import type { LibModel, StructDef } from '../bindings/model.js';
import { fieldType } from './layout.js';
import { rustType } from '../bindings/rust-type.js';

const PRELUDE = `#![allow(unused_imports, dead_code)]
use std::marker::PhantomData;
use std::mem::{align_of, offset_of, size_of};

struct Probe<T>(PhantomData<T>);
trait WithDefault {
    fn default_hex(&self) -> String;
}
impl<T: Default> WithDefault for &Probe<T> {
    fn default_hex(&self) -> String {
        let mut buffer = std::mem::MaybeUninit::<T>::zeroed();
        buffer.write(T::default());
        // Padding is never read by the migration; it is printed as whatever the value left there.
        let bytes = unsafe { std::slice::from_raw_parts(buffer.as_ptr() as *const u8, size_of::<T>()) };
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        unsafe { buffer.assume_init_drop() };
        format!("\\"{hex}\\"")
    }
}
trait WithoutDefault {
    fn default_hex(&self) -> String;
}
impl<T> WithoutDefault for Probe<T> {
    fn default_hex(&self) -> String {
        "null".to_string()
    }
}
fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    size_of::<F>()
}
fn head<T>(name: &str, default_hex: String, fields: bool) {
    let (size, align) = (size_of::<T>(), align_of::<T>());
    let rest = if fields { ", \\"fields\\": {" } else { "}" };
    print!("\\"{name}\\": {{\\"size\\": {size}, \\"align\\": {align}, \\"default\\": {default_hex}{rest}");
}
fn field(name: &str, first: bool, offset: usize, size: usize) {
    print!("{}\\"{name}\\": [{offset}, {size}]", if first { "" } else { ", " });
}
`;

/** The path `use`s reach a type by from outside the crate: `my_lib::shapes::Vec2`. */
function typePath(crate: string, module: readonly string[], name: string): string {
  return [crate, ...module, name].join('::');
}

/** The call that picks `WithDefault` when the type has Default, `WithoutDefault` otherwise. */
function defaultHex(type: string): string {
  return `(&&Probe::<${type}>(PhantomData)).default_hex()`;
}

function structEntry(crate: string, s: StructDef): string {
  const type = typePath(crate, s.module, s.name);
  const packed = s.repr.packed || s.repr.packedTo !== undefined;
  const fields = s.fields
    .filter((f) => fieldType(f.type) !== undefined)
    .map((f) => {
      // A reference to a field of a packed struct is refused by rustc: its size comes from the field's type.
      const size = packed ? `size_of::<${rustType(f.type)}>()` : `field_size(|v: &${type}| &v.${f.name})`;
      return `    field("${f.name}", FIRST, offset_of!(${type}, ${f.name}), ${size});`;
    });
  return [
    `    head::<${type}>("${s.name}", ${defaultHex(type)}, true);`,
    ...fields.map((line, i) => line.replace('FIRST', i === 0 ? 'true' : 'false')),
    '    print!("}}}}");',
  ].join('\n');
}

/** The whole probe for `model`, printing `{"Name": {"size", "align", "default", "fields"?: {"f": [offset, size]}}}`. */
export function probeSource(crate: string, model: LibModel): string {
  const entries = [
    ...model.structs.map((s) => structEntry(crate, s)),
    ...model.enums.map((e) => {
      const type = typePath(crate, e.module, e.name);
      return `    head::<${type}>("${e.name}", ${defaultHex(type)}, false);`;
    }),
  ];
  // Field types inside packed structs are named bare (`Vec2`): every type of the lib is brought into scope.
  const uses = [...model.structs, ...model.enums].map((t) => `use ${typePath(crate, t.module, t.name)};`).join('\n');
  const body = entries.map((entry, i) => (i === 0 ? entry : `    print!(", ");\n${entry}`)).join('\n');
  return `${PRELUDE}${uses}\n\nfn main() {\n    print!("{{");\n${body}\n    println!("}}");\n}\n`;
}
