//! `.hot/snapshot-rust.bin`: what a Rust host keeps, written before it exits for a restart and read by the next
//! one. Text, one record per line, so that a person can read it (docs/state-migration.md):
//!
//! ```text
//! hot-reload rust snapshot 1
//! from 7                                        the version the host ran
//! schema 0                                      the types the records below that name schema 0 are read by
//! struct State 16 8                             name, size, align; its fields follow
//! field counter 0 8 u64                         name, offset, size, type
//! field items 8 32 array:4:named:Item
//! enum Mode 1 1 u8 Idle=0 Running=1             name, size, align, repr, variants
//! value state State 0 0c00000000000000…         a kept value: its name, root type, schema, bytes (hex)
//! removed State.old_timer 1 u32 29000000        a removed value (the memo): path, schema, type, bytes
//! ```

use super::migrate::{Field, FieldType, Layout, Memo, Pointer, Removed, Scalar, Schema};
use std::fmt::Write as _;
use std::path::Path;

const HEADER: &str = "hot-reload rust snapshot 1";

#[derive(Debug, Default, PartialEq)]
pub struct Snapshot {
    /// The version the host that wrote it ran.
    pub from: u64,
    /// Kept values by name: (name, root type, its schema, bytes).
    pub values: Vec<(String, String, Schema, Vec<u8>)>,
    pub memo: Memo,
}

fn type_text(ty: &FieldType) -> String {
    match ty {
        FieldType::Scalar(s) => s.name().to_string(),
        FieldType::Named(name) => format!("named:{name}"),
        FieldType::Array(element, length) => format!("array:{length}:{}", type_text(element)),
        FieldType::Pointer(p) => format!("pointer:{}", p.name()),
    }
}

fn parse_type(text: &str) -> Option<FieldType> {
    if let Some(name) = text.strip_prefix("named:") {
        return Some(FieldType::Named(name.to_string()));
    }
    if let Some(rest) = text.strip_prefix("array:") {
        let (length, element) = rest.split_once(':')?;
        return Some(FieldType::Array(
            Box::new(parse_type(element)?),
            length.parse().ok()?,
        ));
    }
    if let Some(kind) = text.strip_prefix("pointer:") {
        return Pointer::from_name(kind).map(FieldType::Pointer);
    }
    Scalar::from_name(text).map(FieldType::Scalar)
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn write_schema(out: &mut String, id: usize, schema: &Schema) {
    let _ = writeln!(out, "schema {id}");
    for (name, layout) in &schema.types {
        match layout {
            Layout::Struct {
                size,
                align,
                fields,
            } => {
                let _ = writeln!(out, "struct {name} {size} {align}");
                for f in fields {
                    let ty = type_text(&f.ty);
                    let _ = writeln!(out, "field {} {} {} {ty}", f.name, f.offset, f.size);
                }
            }
            Layout::Enum {
                size,
                align,
                repr,
                variants,
            } => {
                let variants: Vec<String> =
                    variants.iter().map(|(n, v)| format!("{n}={v}")).collect();
                let _ = writeln!(
                    out,
                    "enum {name} {size} {align} {} {}",
                    repr.name(),
                    variants.join(" ")
                );
            }
        }
    }
}

impl Snapshot {
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\nfrom {}\n", self.from);
        let mut id = 0;
        for (name, root, schema, bytes) in &self.values {
            write_schema(&mut out, id, schema);
            let _ = writeln!(out, "value {name} {root} {id} {}", hex(bytes));
            id += 1;
        }
        for (path, removed) in &self.memo {
            write_schema(&mut out, id, &removed.schema);
            let (ty, bytes) = (type_text(&removed.ty), hex(&removed.bytes));
            let _ = writeln!(out, "removed {path} {id} {ty} {bytes}");
            id += 1;
        }
        out
    }

    pub fn parse(text: &str) -> Result<Snapshot, String> {
        let mut lines = text.lines().enumerate();
        if lines.next().map(|(_, l)| l) != Some(HEADER) {
            return Err(format!(
                "not a snapshot of this host kind (first line is not `{HEADER}`)"
            ));
        }
        let mut snapshot = Snapshot::default();
        let mut schemas: Vec<Schema> = Vec::new();
        let mut current_struct: Option<String> = None;
        for (index, line) in lines {
            let bad = || format!("line {} of the snapshot is malformed: {line:?}", index + 1);
            let words: Vec<&str> = line.split(' ').collect();
            let number = |i: usize| {
                words
                    .get(i)
                    .and_then(|w| w.parse::<usize>().ok())
                    .ok_or_else(bad)
            };
            match words[0] {
                "from" => {
                    snapshot.from = words.get(1).and_then(|w| w.parse().ok()).ok_or_else(bad)?
                }
                "schema" => schemas.push(Schema::default()),
                "struct" => {
                    let name = words.get(1).ok_or_else(bad)?.to_string();
                    let layout = Layout::Struct {
                        size: number(2)?,
                        align: number(3)?,
                        fields: Vec::new(),
                    };
                    schemas
                        .last_mut()
                        .ok_or_else(bad)?
                        .types
                        .insert(name.clone(), layout);
                    current_struct = Some(name);
                }
                "field" => {
                    let field = Field {
                        name: words.get(1).ok_or_else(bad)?.to_string(),
                        offset: number(2)?,
                        size: number(3)?,
                        ty: words.get(4).and_then(|w| parse_type(w)).ok_or_else(bad)?,
                        was: None,
                        reset: false,
                    };
                    let schema = schemas.last_mut().ok_or_else(bad)?;
                    let owner = current_struct
                        .as_ref()
                        .and_then(|name| schema.types.get_mut(name));
                    let Some(Layout::Struct { fields, .. }) = owner else {
                        return Err(bad());
                    };
                    fields.push(field);
                }
                "enum" => {
                    let mut variants = Vec::new();
                    for word in words.iter().skip(5) {
                        let (name, value) = word.split_once('=').ok_or_else(bad)?;
                        variants.push((name.to_string(), value.parse::<i64>().map_err(|_| bad())?));
                    }
                    let layout = Layout::Enum {
                        size: number(2)?,
                        align: number(3)?,
                        repr: words
                            .get(4)
                            .and_then(|w| Scalar::from_name(w))
                            .ok_or_else(bad)?,
                        variants,
                    };
                    let name = words.get(1).ok_or_else(bad)?.to_string();
                    schemas
                        .last_mut()
                        .ok_or_else(bad)?
                        .types
                        .insert(name, layout);
                }
                "value" => {
                    let schema = schemas.get(number(3)?).ok_or_else(bad)?.clone();
                    let bytes = words.get(4).and_then(|w| unhex(w)).ok_or_else(bad)?;
                    let (name, root) =
                        (words.get(1).ok_or_else(bad)?, words.get(2).ok_or_else(bad)?);
                    snapshot
                        .values
                        .push((name.to_string(), root.to_string(), schema, bytes));
                }
                "removed" => {
                    let removed = Removed {
                        schema: schemas.get(number(2)?).ok_or_else(bad)?.clone(),
                        ty: words.get(3).and_then(|w| parse_type(w)).ok_or_else(bad)?,
                        bytes: words.get(4).and_then(|w| unhex(w)).ok_or_else(bad)?,
                    };
                    snapshot
                        .memo
                        .insert(words.get(1).ok_or_else(bad)?.to_string(), removed);
                }
                _ => return Err(bad()),
            }
        }
        Ok(snapshot)
    }

    /// Written to a temporary file in the same folder, then renamed over `file`: a reader never sees half of it.
    pub fn write_atomically(&self, file: &Path) -> Result<(), String> {
        let temp = file.with_extension(format!("{}.tmp", std::process::id()));
        let written = std::fs::File::create(&temp).and_then(|mut out| {
            use std::io::Write;
            out.write_all(self.to_text().as_bytes())?;
            out.sync_all()
        });
        written
            .and_then(|()| std::fs::rename(&temp, file))
            .map_err(|error| {
                let _ = std::fs::remove_file(&temp);
                format!("cannot write {}: {error}", file.display())
            })
    }
}
