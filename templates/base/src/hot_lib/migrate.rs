//! Carries a value across a layout change (docs/state-migration.md): the old bytes of a `#[repr(C)]` type, read
//! by the old layout, are carried onto the new version's default by field name, converting only where no value is
//! lost, and every change is reported in one line. The same rules as the TypeScript host's engine; one case table
//! (test/fixtures/migration/*.json in create-hot-reload) tests both. Std only, no unsafe: bytes in, bytes out.

use std::collections::{BTreeMap, BTreeSet};

/// The integer, float and bool types a field can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    U8,
    U16,
    U32,
    U64,
    Usize,
    I8,
    I16,
    I32,
    I64,
    Isize,
    F32,
    F64,
    Bool,
    CChar,
}

const SCALARS: [(Scalar, &str); 14] = [
    (Scalar::U8, "u8"),
    (Scalar::U16, "u16"),
    (Scalar::U32, "u32"),
    (Scalar::U64, "u64"),
    (Scalar::Usize, "usize"),
    (Scalar::I8, "i8"),
    (Scalar::I16, "i16"),
    (Scalar::I32, "i32"),
    (Scalar::I64, "i64"),
    (Scalar::Isize, "isize"),
    (Scalar::F32, "f32"),
    (Scalar::F64, "f64"),
    (Scalar::Bool, "bool"),
    (Scalar::CChar, "c_char"),
];

impl Scalar {
    pub fn name(self) -> &'static str {
        SCALARS
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("?", |(_, name)| name)
    }

    pub fn from_name(name: &str) -> Option<Scalar> {
        SCALARS.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }

    pub fn size(self) -> usize {
        match self {
            Scalar::U8 | Scalar::I8 | Scalar::Bool | Scalar::CChar => 1,
            Scalar::U16 | Scalar::I16 => 2,
            Scalar::U32 | Scalar::I32 | Scalar::F32 => 4,
            Scalar::U64 | Scalar::I64 | Scalar::F64 => 8,
            Scalar::Usize | Scalar::Isize => size_of::<usize>(),
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Scalar::F32 | Scalar::F64)
    }

    /// The values an integer type holds. `c_char` counts as `i8` (x86_64), as in the TypeScript engine.
    fn range(self) -> (i128, i128) {
        let bits = self.size() as u32 * 8;
        match self {
            Scalar::I8
            | Scalar::I16
            | Scalar::I32
            | Scalar::I64
            | Scalar::Isize
            | Scalar::CChar => (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1),
            _ => (0, (1i128 << bits) - 1),
        }
    }
}

/// What a pointer-like field is; none of them can be carried to another version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pointer {
    Raw,
    Ref,
    Fn,
    Cstr,
}

impl Pointer {
    pub fn name(self) -> &'static str {
        match self {
            Pointer::Raw => "raw",
            Pointer::Ref => "ref",
            Pointer::Fn => "fn",
            Pointer::Cstr => "cstr",
        }
    }

    pub fn from_name(name: &str) -> Option<Pointer> {
        [Pointer::Raw, Pointer::Ref, Pointer::Fn, Pointer::Cstr]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    Scalar(Scalar),
    /// A `#[repr(C)]` struct or fieldless enum of the schema.
    Named(String),
    Array(Box<FieldType>, usize),
    Pointer(Pointer),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub offset: usize,
    pub size: usize,
    pub ty: FieldType,
    /// `/// hot: was old_name` on the field.
    pub was: Option<String>,
    /// `/// hot: reset` on the field.
    pub reset: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    Struct {
        size: usize,
        align: usize,
        fields: Vec<Field>,
    },
    Enum {
        size: usize,
        align: usize,
        repr: Scalar,
        variants: Vec<(String, i64)>,
    },
}

impl Layout {
    pub fn size(&self) -> usize {
        match self {
            Layout::Struct { size, .. } | Layout::Enum { size, .. } => *size,
        }
    }
}

/// Every `#[repr(C)]` struct and enum of one version of the lib, by Rust name, as the compiler laid them out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub types: BTreeMap<String, Layout>,
}

impl Schema {
    /// The size of a field type, or None when it names a type the schema lacks.
    pub fn size_of(&self, ty: &FieldType) -> Option<usize> {
        match ty {
            FieldType::Scalar(s) => Some(s.size()),
            FieldType::Pointer(_) => Some(size_of::<usize>()),
            FieldType::Named(name) => self.types.get(name).map(Layout::size),
            FieldType::Array(element, length) => self.size_of(element).map(|size| size * length),
        }
    }

    /// The types `root` reaches, and nothing else: what a snapshot carries.
    pub fn reachable(&self, ty: &FieldType) -> Schema {
        let mut out = Schema::default();
        let mut pending = vec![ty.clone()];
        while let Some(ty) = pending.pop() {
            match ty {
                FieldType::Array(element, _) => pending.push(*element),
                FieldType::Named(name) if !out.types.contains_key(&name) => {
                    let Some(layout) = self.types.get(&name) else {
                        continue;
                    };
                    if let Layout::Struct { fields, .. } = layout {
                        pending.extend(fields.iter().map(|f| f.ty.clone()));
                    }
                    out.types.insert(name, layout.clone());
                }
                _ => {}
            }
        }
        out
    }

    /// The bytes of `root` with every field zero and every enum at its first variant: the default of a type
    /// without `Default`.
    pub fn zeroed(&self, root: &str) -> Vec<u8> {
        let ty = FieldType::Named(root.to_string());
        let mut bytes = vec![0; self.size_of(&ty).unwrap_or(0)];
        self.first_variants(&ty, 0, &mut bytes);
        bytes
    }

    fn first_variants(&self, ty: &FieldType, at: usize, bytes: &mut [u8]) {
        match ty {
            FieldType::Array(element, length) => {
                let stride = self.size_of(element).unwrap_or(0);
                for i in 0..*length {
                    self.first_variants(element, at + i * stride, bytes);
                }
            }
            FieldType::Named(name) => match self.types.get(name) {
                Some(Layout::Struct { fields, .. }) => {
                    for field in fields {
                        self.first_variants(&field.ty, at + field.offset, bytes);
                    }
                }
                Some(Layout::Enum { repr, variants, .. }) => {
                    let first = variants.first().map_or(0, |(_, value)| *value);
                    write_scalar(bytes, at, *repr, Value::Int(i128::from(first)));
                }
                None => {}
            },
            _ => {}
        }
    }

    /// Calls `leaf(offset, size)` for every byte range of `ty` that holds a value: padding is never visited.
    pub fn leaves(&self, ty: &FieldType, at: usize, leaf: &mut impl FnMut(usize, usize)) {
        match ty {
            FieldType::Scalar(s) => leaf(at, s.size()),
            FieldType::Pointer(_) => leaf(at, size_of::<usize>()),
            FieldType::Array(element, length) => {
                let stride = self.size_of(element).unwrap_or(0);
                for i in 0..*length {
                    self.leaves(element, at + i * stride, leaf);
                }
            }
            FieldType::Named(name) => match self.types.get(name) {
                Some(Layout::Struct { fields, .. }) => {
                    for field in fields {
                        self.leaves(&field.ty, at + field.offset, leaf);
                    }
                }
                Some(Layout::Enum { size, .. }) => leaf(at, *size),
                None => {}
            },
        }
    }

    /// The first way in which the schema contradicts itself for `root` (a field outside its struct, of another
    /// size than its type, overlapping another), checked before any byte is read by it.
    pub fn problem(&self, root: &str) -> Option<String> {
        let mut seen = BTreeSet::new();
        self.check(root, &mut seen)
    }

    fn check(&self, name: &str, seen: &mut BTreeSet<String>) -> Option<String> {
        if !seen.insert(name.to_string()) {
            return None;
        }
        let Some(layout) = self.types.get(name) else {
            return Some(format!("no layout for type {name}"));
        };
        match layout {
            Layout::Enum { size, repr, .. } => {
                if repr.is_float() || *repr == Scalar::Bool || repr.size() != *size {
                    return Some(format!(
                        "layout of enum {name}: size {size} does not match {}",
                        repr.name()
                    ));
                }
                None
            }
            Layout::Struct { size, fields, .. } => {
                let mut sorted: Vec<&Field> = fields.iter().collect();
                sorted.sort_by_key(|f| f.offset);
                let mut end = 0;
                for field in sorted {
                    let Some(expected) = self.size_of(&field.ty) else {
                        return Some(format!(
                            "layout of {name}.{}: unknown type {}",
                            field.name,
                            type_name(&field.ty)
                        ));
                    };
                    if expected != field.size {
                        return Some(format!(
                            "layout of {name}.{}: size {} does not match {} ({expected})",
                            field.name,
                            field.size,
                            type_name(&field.ty)
                        ));
                    }
                    if field.offset < end || field.offset + field.size > *size {
                        return Some(format!(
                            "layout of {name}.{}: offset {} overlaps or lies outside the struct",
                            field.name, field.offset
                        ));
                    }
                    end = field.offset + field.size;
                    if let Some(problem) = self.check_named_in(&field.ty, seen) {
                        return Some(problem);
                    }
                }
                None
            }
        }
    }

    fn check_named_in(&self, ty: &FieldType, seen: &mut BTreeSet<String>) -> Option<String> {
        match ty {
            FieldType::Named(name) => self.check(name, seen),
            FieldType::Array(element, _) => self.check_named_in(element, seen),
            _ => None,
        }
    }
}

/// How a type reads in the report line: `u32`, `Vec2`, `[u8; 4]`, `pointer`.
pub fn type_name(ty: &FieldType) -> String {
    match ty {
        FieldType::Scalar(s) => s.name().to_string(),
        FieldType::Named(name) => name.clone(),
        FieldType::Array(element, length) => format!("[{}; {length}]", type_name(element)),
        FieldType::Pointer(Pointer::Fn) => "fn pointer".to_string(),
        FieldType::Pointer(Pointer::Cstr) => "C string".to_string(),
        FieldType::Pointer(Pointer::Ref) => "reference".to_string(),
        FieldType::Pointer(Pointer::Raw) => "pointer".to_string(),
    }
}

/// A value dropped by a migration, kept for the session so that it can come back.
#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub ty: FieldType,
    /// The schema `ty` is read by.
    pub schema: Schema,
    pub bytes: Vec<u8>,
}

/// Removed values by path (`State.old_timer`, `State.player.z`).
pub type Memo = BTreeMap<String, Removed>;

pub struct Input<'a> {
    pub root: &'a str,
    pub old_schema: &'a Schema,
    pub old_bytes: &'a [u8],
    pub new_schema: &'a Schema,
    /// The new version's `Default::default()` of the root, or `Schema::zeroed` without one.
    pub new_default: &'a [u8],
    pub new_has_default: bool,
}

#[derive(Debug, PartialEq)]
pub struct Report {
    pub root: String,
    /// Set when nothing could be carried: why. The value is the new default.
    pub fresh: Option<String>,
    /// One item per change, e.g. `+lives u32 = 3 (Default)`.
    pub changes: Vec<String>,
}

impl Report {
    /// `State migrated: +lives u32 = 3 (Default), -old_timer dropped (was 41)`
    pub fn line(&self) -> String {
        match &self.fresh {
            Some(reason) => format!("{} starts fresh: {reason}", self.root),
            None if self.changes.is_empty() => format!("{} unchanged", self.root),
            None => format!("{} migrated: {}", self.root, self.changes.join(", ")),
        }
    }
}

/// The new bytes of the root and what happened to them. `memo` keeps removed values across migrations.
pub fn migrate(input: &Input<'_>, memo: &mut Memo) -> (Vec<u8>, Report) {
    let mut bytes = input.new_default.to_vec();
    let root = input.root;
    let report = |fresh: Option<String>, changes| Report {
        root: root.to_string(),
        fresh,
        changes,
    };
    let refused = match (
        input.old_schema.types.get(root),
        input.new_schema.types.get(root),
    ) {
        (_, None) => Some(format!("the new version has no type {root}")),
        (_, Some(Layout::Enum { .. })) => Some(format!("{root} is no longer a struct")),
        (None | Some(Layout::Enum { .. }), _) => {
            Some(format!("the old state has no struct {root}"))
        }
        (Some(old), Some(new)) => input
            .old_schema
            .problem(root)
            .or_else(|| input.new_schema.problem(root))
            .or_else(|| {
                (input.old_bytes.len() < old.size()).then(|| {
                    format!(
                        "the old state is {} bytes, its layout says {}",
                        input.old_bytes.len(),
                        old.size()
                    )
                })
            })
            .or_else(|| {
                (bytes.len() < new.size()).then(|| {
                    format!(
                        "the new default is {} bytes, its layout says {}",
                        bytes.len(),
                        new.size()
                    )
                })
            }),
    };
    if refused.is_some() {
        return (bytes, report(refused, Vec::new()));
    }
    let (Some(Layout::Struct { fields: old, .. }), Some(Layout::Struct { fields: new, .. })) = (
        input.old_schema.types.get(root),
        input.new_schema.types.get(root),
    ) else {
        unreachable!("checked above");
    };
    let mut run = Run {
        input,
        old_schema: input.old_schema,
        from: input.old_bytes,
        to: &mut bytes,
        memo,
        changes: Vec::new(),
    };
    run.fields(old, 0, new, 0, "");
    let changes = std::mem::take(&mut run.changes);
    (bytes, report(None, changes))
}

#[derive(Clone, Copy, Debug)]
enum Value {
    Int(i128),
    Float(f64),
    Bool(bool),
    /// A bool byte other than 0/1: not a value, never read as one.
    InvalidBool(u8),
}

enum Refusal {
    DoesNotFit,
    Incompatible,
}

fn chunk<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&bytes[at..at + N]);
    out
}

/// Memory is the host's own, so native byte order (the case tables are little-endian, as are the hosts' machines).
fn read_scalar(bytes: &[u8], at: usize, s: Scalar) -> Value {
    match s {
        Scalar::U8 => Value::Int(i128::from(bytes[at])),
        Scalar::I8 | Scalar::CChar => Value::Int(i128::from(i8::from_ne_bytes(chunk(bytes, at)))),
        Scalar::U16 => Value::Int(i128::from(u16::from_ne_bytes(chunk(bytes, at)))),
        Scalar::I16 => Value::Int(i128::from(i16::from_ne_bytes(chunk(bytes, at)))),
        Scalar::U32 => Value::Int(i128::from(u32::from_ne_bytes(chunk(bytes, at)))),
        Scalar::I32 => Value::Int(i128::from(i32::from_ne_bytes(chunk(bytes, at)))),
        Scalar::U64 | Scalar::Usize => Value::Int(i128::from(u64::from_ne_bytes(chunk(bytes, at)))),
        Scalar::I64 | Scalar::Isize => Value::Int(i128::from(i64::from_ne_bytes(chunk(bytes, at)))),
        Scalar::F32 => Value::Float(f64::from(f32::from_ne_bytes(chunk(bytes, at)))),
        Scalar::F64 => Value::Float(f64::from_ne_bytes(chunk(bytes, at))),
        Scalar::Bool => match bytes[at] {
            0 => Value::Bool(false),
            1 => Value::Bool(true),
            other => Value::InvalidBool(other),
        },
    }
}

/// Writes a value already known to fit (see `convert`).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the value was range-checked"
)]
fn write_scalar(bytes: &mut [u8], at: usize, s: Scalar, value: Value) {
    let int = match value {
        Value::Int(v) => v,
        Value::Bool(b) => i128::from(b),
        Value::Float(_) | Value::InvalidBool(_) => 0,
    };
    let float = match value {
        Value::Float(f) => f,
        _ => int as f64,
    };
    let mut put = |raw: &[u8]| bytes[at..at + raw.len()].copy_from_slice(raw);
    match s {
        Scalar::U8 | Scalar::Bool => put(&[int as u8]),
        Scalar::I8 | Scalar::CChar => put(&(int as i8).to_ne_bytes()),
        Scalar::U16 => put(&(int as u16).to_ne_bytes()),
        Scalar::I16 => put(&(int as i16).to_ne_bytes()),
        Scalar::U32 => put(&(int as u32).to_ne_bytes()),
        Scalar::I32 => put(&(int as i32).to_ne_bytes()),
        Scalar::U64 | Scalar::Usize => put(&(int as u64).to_ne_bytes()),
        Scalar::I64 | Scalar::Isize => put(&(int as i64).to_ne_bytes()),
        Scalar::F32 => put(&(float as f32).to_ne_bytes()),
        Scalar::F64 => put(&float.to_ne_bytes()),
    }
}

/// `value` as a `to` when exactly representable: lossless conversions always, narrowing and sign changes per
/// value; float → int, int → bool and bool → float never.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "each cast is checked by casting back"
)]
fn convert(value: Value, to: Scalar) -> Result<Value, Refusal> {
    match (value, to) {
        (Value::Bool(b), Scalar::Bool) => Ok(Value::Bool(b)),
        (_, Scalar::Bool) | (Value::Float(_) | Value::InvalidBool(_), _) if !to.is_float() => {
            Err(Refusal::Incompatible)
        }
        (Value::Int(v), _) if !to.is_float() => {
            let (min, max) = to.range();
            if v >= min && v <= max {
                Ok(Value::Int(v))
            } else {
                Err(Refusal::DoesNotFit)
            }
        }
        (Value::Bool(b), _) if !to.is_float() => Ok(Value::Int(i128::from(b))),
        (Value::Int(v), Scalar::F32) => {
            if (v as f32) as i128 == v {
                Ok(Value::Float(f64::from(v as f32)))
            } else {
                Err(Refusal::DoesNotFit)
            }
        }
        (Value::Int(v), _) => {
            if (v as f64) as i128 == v {
                Ok(Value::Float(v as f64))
            } else {
                Err(Refusal::DoesNotFit)
            }
        }
        (Value::Float(f), Scalar::F32) if !f.is_nan() && f64::from(f as f32) != f => {
            Err(Refusal::DoesNotFit)
        }
        (Value::Float(f), _) => Ok(Value::Float(f)),
        (Value::Bool(_) | Value::InvalidBool(_), _) => Err(Refusal::Incompatible),
    }
}

/// Integers in decimal, floats as Rust prints them at their width (an f32 0.1 shows as 0.1).
#[allow(
    clippy::cast_possible_truncation,
    reason = "an f32 was widened to f64 when read"
)]
fn show_scalar(value: Value, s: Scalar) -> String {
    match value {
        Value::Int(v) => v.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::InvalidBool(byte) => format!("invalid bool byte {byte}"),
        Value::Float(f) if s == Scalar::F32 => show_float(f64::from(f as f32), true),
        Value::Float(f) => show_float(f, false),
    }
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "single is only set for values that were f32"
)]
fn show_float(f: f64, single: bool) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if single {
        (f as f32).to_string()
    } else {
        f.to_string()
    }
}

/// How a value in memory reads in the report: `41`, `0.5`, `true`, `Running`, `{x: 1, y: 2}`, `[1, 2, 3]`.
fn show_value(schema: &Schema, ty: &FieldType, bytes: &[u8], at: usize) -> String {
    match ty {
        FieldType::Scalar(s) => show_scalar(read_scalar(bytes, at, *s), *s),
        FieldType::Pointer(_) => match read_scalar(bytes, at, Scalar::Usize) {
            Value::Int(0) => "null".to_string(),
            Value::Int(address) => format!("0x{address:x}"),
            _ => "?".to_string(),
        },
        FieldType::Array(element, length) => {
            let stride = schema.size_of(element).unwrap_or(0);
            let items: Vec<String> = (0..*length)
                .map(|i| show_value(schema, element, bytes, at + i * stride))
                .collect();
            format!("[{}]", items.join(", "))
        }
        FieldType::Named(name) => match schema.types.get(name) {
            None => "?".to_string(),
            Some(Layout::Enum { repr, variants, .. }) => {
                let discriminant = read_scalar(bytes, at, *repr);
                match variants
                    .iter()
                    .find(|(_, v)| matches!(discriminant, Value::Int(d) if d == i128::from(*v)))
                {
                    Some((variant, _)) => variant.clone(),
                    None => format!("invalid discriminant {}", show_scalar(discriminant, *repr)),
                }
            }
            Some(Layout::Struct { fields, .. }) => {
                let shown: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{}: {}",
                            f.name,
                            show_value(schema, &f.ty, bytes, at + f.offset)
                        )
                    })
                    .collect();
                format!("{{{}}}", shown.join(", "))
            }
        },
    }
}

/// One migration in progress: values flow from `from` (laid out by `old_schema`) into `to` (by the new schema).
struct Run<'r, 'a> {
    input: &'r Input<'a>,
    old_schema: &'r Schema,
    from: &'r [u8],
    to: &'r mut [u8],
    memo: &'r mut Memo,
    changes: Vec<String>,
}

impl Run<'_, '_> {
    /// Carries the fields of one struct by name; `path` is the struct's own (`""` for the root, `player`).
    fn fields(&mut self, old: &[Field], old_at: usize, new: &[Field], new_at: usize, path: &str) {
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}.")
        };
        let by_name = |name: &str| old.iter().find(|f| f.name == name);
        let mut used = BTreeSet::new();
        let mut added = Vec::new();
        for field in new {
            let field_path = format!("{prefix}{}", field.name);
            let renamed = field
                .was
                .as_deref()
                .filter(|was| by_name(was).is_some() && by_name(&field.name).is_none());
            let source = by_name(renamed.unwrap_or(&field.name));
            if let Some(source) = source {
                used.insert(source.name.clone());
            }
            let at = new_at + field.offset;
            if field.reset {
                let shown = self.show_new(&field.ty, at);
                self.changes.push(format!(
                    "{field_path} {} = {shown} (reset)",
                    type_name(&field.ty)
                ));
                continue;
            }
            let Some(source) = source else {
                if !self.restore(&field.ty, at, field.size, &field_path) {
                    added.push(field);
                }
                continue;
            };
            let label = match renamed {
                Some(_) => format!("{prefix}{}→{}", source.name, field.name),
                None => field_path.clone(),
            };
            self.convert(
                &source.ty,
                old_at + source.offset,
                &field.ty,
                at,
                &field_path,
                &label,
            );
        }
        let removed: Vec<&Field> = old.iter().filter(|f| !used.contains(&f.name)).collect();
        for field in &removed {
            let field_path = format!("{prefix}{}", field.name);
            let at = old_at + field.offset;
            let shown = show_value(self.old_schema, &field.ty, self.from, at);
            self.changes
                .push(format!("-{field_path} dropped (was {shown})"));
            if !field_path.contains('[') {
                let kept = Removed {
                    ty: field.ty.clone(),
                    schema: self.old_schema.reachable(&field.ty),
                    bytes: self.from[at..at + field.size].to_vec(),
                };
                self.memo
                    .insert(format!("{}.{field_path}", self.input.root), kept);
            }
        }
        // A match guard, not a let chain: a bin set up by --init may be on edition 2021.
        match (removed.as_slice(), added.as_slice()) {
            ([gone], [new_field]) if type_name(&gone.ty) == type_name(&new_field.ty) => {
                self.changes.push(format!(
                    "rename? add `/// hot: was {}` above {prefix}{}",
                    gone.name, new_field.name
                ));
            }
            _ => {}
        }
    }

    /// A new field: its value from the memo when one of that path and a compatible type was removed earlier.
    fn restore(&mut self, ty: &FieldType, at: usize, size: usize, path: &str) -> bool {
        let key = format!("{}.{path}", self.input.root);
        if let Some(kept) = self.memo.get(&key).cloned() {
            let saved = self.to[at..at + size].to_vec();
            let mut sub = Run {
                input: self.input,
                old_schema: &kept.schema,
                from: &kept.bytes,
                to: &mut *self.to,
                memo: &mut *self.memo,
                changes: Vec::new(),
            };
            if sub.convert(&kept.ty, 0, ty, at, path, path) {
                self.memo.remove(&key);
                let shown = self.show_new(ty, at);
                self.changes
                    .push(format!("+{path} {} = {shown} (restored)", type_name(ty)));
                return true;
            }
            self.to[at..at + size].copy_from_slice(&saved);
        }
        let origin = if self.input.new_has_default {
            "Default"
        } else {
            "no Default"
        };
        let shown = self.show_new(ty, at);
        self.changes
            .push(format!("+{path} {} = {shown} ({origin})", type_name(ty)));
        false
    }

    /// Carries one value; on failure the new default stays and the report says why. Returns whether everything
    /// was carried. `path` names the new place, `label` how the report names it (a rename shows both names).
    fn convert(
        &mut self,
        old_ty: &FieldType,
        old_at: usize,
        new_ty: &FieldType,
        new_at: usize,
        path: &str,
        label: &str,
    ) -> bool {
        let incompatible = |run: &mut Self| {
            let shown = run.show_new(new_ty, new_at);
            let (from, to) = (type_name(old_ty), type_name(new_ty));
            run.changes.push(format!(
                "{label} {from}→{to}: incompatible, default {shown}"
            ));
            false
        };
        match new_ty {
            FieldType::Pointer(_) => {
                self.to[new_at..new_at + size_of::<usize>()].fill(0);
                self.changes
                    .push(format!("{label}: {} not carried, null", type_name(new_ty)));
                false
            }
            FieldType::Scalar(to) => {
                let FieldType::Scalar(from) = old_ty else {
                    return incompatible(self);
                };
                let value = read_scalar(self.from, old_at, *from);
                if let Value::InvalidBool(byte) = value {
                    let shown = self.show_new(new_ty, new_at);
                    self.changes.push(format!(
                        "{label}: invalid bool byte {byte}, default {shown}"
                    ));
                    return false;
                }
                let conversion = format!("{label} {}→{}", from.name(), to.name());
                match convert(value, *to) {
                    Err(Refusal::Incompatible) => incompatible(self),
                    Err(Refusal::DoesNotFit) => {
                        let (old, new) = (show_scalar(value, *from), self.show_new(new_ty, new_at));
                        self.changes
                            .push(format!("{conversion}: {old} does not fit, default {new}"));
                        false
                    }
                    Ok(converted) => {
                        write_scalar(self.to, new_at, *to, converted);
                        if from != to {
                            self.changes.push(conversion);
                        } else if label != path {
                            self.changes.push(label.to_string());
                        }
                        true
                    }
                }
            }
            FieldType::Array(new_element, new_length) => {
                let FieldType::Array(old_element, old_length) = old_ty else {
                    return incompatible(self);
                };
                let old = (&**old_element, *old_length, old_at);
                self.array(old, (new_element, *new_length, new_at), path, label)
            }
            FieldType::Named(name) => {
                let FieldType::Named(old_name) = old_ty else {
                    return incompatible(self);
                };
                let (Some(old), Some(new)) = (
                    self.old_schema.types.get(old_name),
                    self.input.new_schema.types.get(name),
                ) else {
                    return incompatible(self);
                };
                match (old, new) {
                    (Layout::Struct { fields: old, .. }, Layout::Struct { fields: new, .. }) => {
                        if label != path {
                            self.changes.push(label.to_string());
                        }
                        let before = self.changes.len();
                        self.fields(old, old_at, new, new_at, path);
                        self.changes.len() == before
                    }
                    (
                        Layout::Enum {
                            repr: old_repr,
                            variants: old_variants,
                            ..
                        },
                        Layout::Enum { repr, variants, .. },
                    ) => {
                        if label != path {
                            self.changes.push(label.to_string());
                        }
                        let discriminant = read_scalar(self.from, old_at, *old_repr);
                        let variant = old_variants.iter().find(
                            |(_, v)| matches!(discriminant, Value::Int(d) if d == i128::from(*v)),
                        );
                        let Some((variant, _)) = variant else {
                            let (old, new) = (
                                show_scalar(discriminant, *old_repr),
                                self.show_new(new_ty, new_at),
                            );
                            self.changes.push(format!(
                                "{label}: invalid discriminant {old}, default {new}"
                            ));
                            return false;
                        };
                        let Some((_, value)) = variants.iter().find(|(name, _)| name == variant)
                        else {
                            let shown = self.show_new(new_ty, new_at);
                            self.changes.push(format!(
                                "{label}: variant {variant} no longer exists, default {shown}"
                            ));
                            return false;
                        };
                        write_scalar(self.to, new_at, *repr, Value::Int(i128::from(*value)));
                        true
                    }
                    _ => incompatible(self),
                }
            }
        }
    }

    /// Elementwise, min(N, M) elements; the same change in every element is said once, as `items[]`.
    fn array(
        &mut self,
        (old_element, old_length, old_at): (&FieldType, usize, usize),
        (new_element, new_length, new_at): (&FieldType, usize, usize),
        path: &str,
        label: &str,
    ) -> bool {
        let old_stride = self.old_schema.size_of(old_element).unwrap_or(0);
        let new_stride = self.input.new_schema.size_of(new_element).unwrap_or(0);
        let outer = std::mem::take(&mut self.changes);
        let mut per_element: Vec<Vec<String>> = Vec::new();
        let mut whole = true;
        for i in 0..old_length.min(new_length) {
            let (element_path, element_label) = (format!("{path}[{i}]"), format!("{label}[{i}]"));
            let (from, to) = (old_at + i * old_stride, new_at + i * new_stride);
            whole = self.convert(
                old_element,
                from,
                new_element,
                to,
                &element_path,
                &element_label,
            ) && whole;
            per_element.push(std::mem::take(&mut self.changes));
        }
        self.changes = outer;
        let general: Vec<Vec<String>> = per_element
            .iter()
            .enumerate()
            .map(|(i, items)| {
                items
                    .iter()
                    .map(|item| item.replace(&format!("[{i}]"), "[]"))
                    .collect()
            })
            .collect();
        match general.first() {
            Some(first) if general.iter().all(|items| items == first) => {
                self.changes.extend(first.iter().cloned())
            }
            _ => self.changes.extend(per_element.into_iter().flatten()),
        }
        if old_length != new_length {
            let dropped = if old_length > new_length {
                format!(": {} dropped", old_length - new_length)
            } else {
                String::new()
            };
            self.changes
                .push(format!("{label} length {old_length}→{new_length}{dropped}"));
        }
        whole && old_length <= new_length
    }

    fn show_new(&self, ty: &FieldType, at: usize) -> String {
        show_value(self.input.new_schema, ty, self.to, at)
    }
}
