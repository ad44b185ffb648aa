//! The layouts of the lib's `#[repr(C)]` types as statics: `src/hot_lib.rs` (generated) lists every type with the
//! compiler's sizes and offsets (`size_of`, `align_of`, `offset_of!`) beside the ones the bindings model computed
//! from the source. `schema` turns them into the migration engine's `Schema`, or refuses when the two disagree:
//! no byte is ever read by a layout the compiler did not make.
#![allow(
    dead_code,
    reason = "which kinds of type and field occur depends on the lib"
)]

use super::migrate::{Field, FieldType, Layout, Pointer, Scalar, Schema};

pub enum Ty {
    Scalar(Scalar),
    Named(&'static str),
    Array(&'static Ty, usize),
    Pointer(Pointer),
}

pub struct FieldLayout {
    pub name: &'static str,
    /// The compiler's offset and size.
    pub offset: usize,
    pub size: usize,
    /// What the bindings model computed: (offset, size).
    pub expected: (usize, usize),
    pub ty: Ty,
    pub was: Option<&'static str>,
    pub reset: bool,
}

pub struct Variant {
    pub name: &'static str,
    pub value: i64,
}

pub enum Shape {
    Struct {
        fields: &'static [FieldLayout],
    },
    Enum {
        repr: Scalar,
        variants: &'static [Variant],
    },
}

pub struct TypeLayout {
    pub name: &'static str,
    /// The compiler's size and alignment.
    pub size: usize,
    pub align: usize,
    /// What the bindings model computed: (size, align).
    pub expected: (usize, usize),
    pub shape: Shape,
}

fn field_type(ty: &Ty) -> FieldType {
    match ty {
        Ty::Scalar(s) => FieldType::Scalar(*s),
        Ty::Named(name) => FieldType::Named((*name).to_string()),
        Ty::Array(element, length) => FieldType::Array(Box::new(field_type(element)), *length),
        Ty::Pointer(p) => FieldType::Pointer(*p),
    }
}

/// The schema of `types`, or why it cannot be trusted (the first place where the compiler and the model differ).
pub fn schema(types: &[TypeLayout]) -> Result<Schema, String> {
    let mut schema = Schema::default();
    for t in types {
        if (t.size, t.align) != t.expected {
            return Err(format!(
                "layout of {}: the compiler made it {} bytes aligned to {}, the bindings expect {} aligned to {}",
                t.name, t.size, t.align, t.expected.0, t.expected.1
            ));
        }
        let layout = match &t.shape {
            Shape::Struct { fields } => {
                let mut out = Vec::new();
                for f in *fields {
                    if (f.offset, f.size) != f.expected {
                        return Err(format!(
                            "layout of {}.{}: the compiler put it at offset {} ({} bytes), the bindings expect {} ({})",
                            t.name, f.name, f.offset, f.size, f.expected.0, f.expected.1
                        ));
                    }
                    out.push(Field {
                        name: f.name.to_string(),
                        offset: f.offset,
                        size: f.size,
                        ty: field_type(&f.ty),
                        was: f.was.map(str::to_string),
                        reset: f.reset,
                    });
                }
                Layout::Struct {
                    size: t.size,
                    align: t.align,
                    fields: out,
                }
            }
            Shape::Enum { repr, variants } => Layout::Enum {
                size: t.size,
                align: t.align,
                repr: *repr,
                variants: variants
                    .iter()
                    .map(|v| (v.name.to_string(), v.value))
                    .collect(),
            },
        };
        schema.types.insert(t.name.to_string(), layout);
    }
    Ok(schema)
}
