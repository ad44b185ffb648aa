//! The state a Rust host keeps across restarts. The host's `State` type is compiled into it, so a lib whose
//! layout changed needs a new host process: the old one writes what it keeps to `.hot/snapshot-rust.bin` and exits
//! 75, and the new one (built with the new layout) carries it over field by field by name (migrate.rs), printing
//! what changed:
//!   [hot-reload] migrated v5: State migrated: +lives u32 = 3 (Default), -old_timer dropped (was 41)
//!   [hot-reload] fresh v5: <reason> (the state starts from its default)
//! Values are kept by name (`hot_lib::kept("state", State::default)`), so a host may keep several.

use super::layout::{self, TypeLayout};
use super::migrate::{self, FieldType, Layout, Memo, Pointer, Schema};
use super::snapshot::Snapshot;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

/// Autoref specialization: `(&Probe::<T>::new()).default_value()` picks `ViaDefault` when `T: Default` (a method
/// of `Probe<T>` itself) and falls back to `ViaNone` (a method of `&Probe<T>`, one autoref further) otherwise.
pub struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    #[allow(dead_code, reason = "unused while the lib has no struct")]
    pub const fn new() -> Probe<T> {
        Probe(PhantomData)
    }
}

#[allow(
    dead_code,
    reason = "used only if a type of the lib implements Default"
)]
pub trait ViaDefault<T> {
    fn default_value(&self) -> Option<T>;
}

impl<T: Default> ViaDefault<T> for Probe<T> {
    fn default_value(&self) -> Option<T> {
        Some(T::default())
    }
}

#[allow(
    dead_code,
    reason = "used only if a type of the lib does not implement Default"
)]
pub trait ViaNone<T> {
    fn default_value(&self) -> Option<T>;
}

impl<T> ViaNone<T> for &Probe<T> {
    fn default_value(&self) -> Option<T> {
        None
    }
}

/// The field bytes of `Default::default()` of the type `$t` (named `$name` in `$schema`), or None when `$t` does
/// not implement Default. A macro: the specialization above needs the concrete type at the call site.
#[allow(unused_macros, reason = "unused while the lib has no struct")]
macro_rules! default_bytes {
    ($t:ty, $name:expr, $schema:expr) => {{
        #[allow(
            unused_imports,
            reason = "one of the two is used, depending on the type"
        )]
        use $crate::hot_lib::kept::{ViaDefault as _, ViaNone as _};
        #[allow(clippy::needless_borrow, reason = "autoref specialization")]
        let value = (&$crate::hot_lib::kept::Probe::<$t>::new()).default_value();
        value.map(|value| $crate::hot_lib::kept::value_bytes($schema, $name, &value))
    }};
}
#[allow(unused_imports, reason = "unused while the lib has no struct")]
pub(crate) use default_bytes;

/// How src/hot_lib.rs gives the defaults: by the struct's name.
pub type DefaultBytes = fn(&str, &Schema) -> Option<Vec<u8>>;

/// A value the host keeps across restarts. Use it as the value itself (it derefs to it).
pub struct Kept<T> {
    /// From `Box::into_raw`: the registry reads the value through this pointer when it writes a snapshot.
    value: *mut T,
}

impl<T> Deref for Kept<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `value` is a live Box owned by this Kept until drop.
        unsafe { &*self.value }
    }
}

impl<T> DerefMut for Kept<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as above, and `&mut self` makes this the only reference.
        unsafe { &mut *self.value }
    }
}

impl<T> Drop for Kept<T> {
    fn drop(&mut self) {
        let address = self.value.cast::<u8>().cast_const();
        SESSION.with_borrow_mut(|session| session.values.retain(|v| v.address != address));
        // SAFETY: from Box::into_raw in `kept`, dropped once.
        drop(unsafe { Box::from_raw(self.value) });
    }
}

struct KeptValue {
    name: String,
    root: String,
    address: *const u8,
}

#[derive(Default)]
struct Session {
    values: Vec<KeptValue>,
    /// Removed values, for the whole dev session (carried from host to host in the snapshot).
    memo: Memo,
    /// The snapshot the previous host left, read once.
    snapshot: Option<Option<Snapshot>>,
    /// update() calls since a snapshot was restored from; it is deleted once a whole loop ran on the new code.
    updates_since_restore: Option<u32>,
    said_no_snapshot: bool,
}

/// The lib's name of `T`: `my_lib::State` → `State`.
fn root_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

fn snapshot_file() -> PathBuf {
    crate::reloader::project_root()
        .join(".hot")
        .join("snapshot-rust.bin")
}

fn fresh(version: u64, reason: &str) {
    eprintln!("[hot-reload] fresh v{version}: {reason} (the state starts from its default)");
}

/// The value kept under `name`: carried over from the previous host's snapshot when there is one, else `make()`.
/// `T` must be a `#[repr(C)]` struct of the lib; `version` is the version this host runs (for the report line).
pub fn kept<T: 'static>(
    name: &str,
    make: impl FnOnce() -> T,
    layouts: &[TypeLayout],
    defaults: DefaultBytes,
    version: u64,
) -> Kept<T> {
    assert!(
        !name.is_empty() && !name.contains(char::is_whitespace),
        "a kept value's name is one word: {name:?}"
    );
    let root = root_name::<T>();
    let known = layouts
        .iter()
        .any(|t| t.name == root && t.size == size_of::<T>());
    let restored = if known {
        restore::<T>(name, root, layouts, defaults, version)
    } else {
        eprintln!(
            "[hot-reload] {name} is not kept across restarts: the bindings know no #[repr(C)] struct {root} \
             (export a function that takes it)"
        );
        None
    };
    let value = Box::into_raw(Box::new(restored.unwrap_or_else(make)));
    if known {
        SESSION.with_borrow_mut(|session| {
            session.values.retain(|v| v.name != name);
            let address = value.cast::<u8>().cast_const();
            let (name, root) = (name.to_string(), root.to_string());
            session.values.push(KeptValue {
                name,
                root,
                address,
            });
        });
    }
    Kept { value }
}

fn restore<T>(
    name: &str,
    root: &str,
    layouts: &[TypeLayout],
    defaults: DefaultBytes,
    version: u64,
) -> Option<T> {
    let file = snapshot_file();
    let saved = SESSION.with_borrow_mut(|session| {
        let snapshot = session.snapshot.get_or_insert_with(|| {
            let text = std::fs::read_to_string(&file).ok()?;
            match Snapshot::parse(&text) {
                Ok(snapshot) => Some(snapshot),
                Err(error) => {
                    fresh(version, &format!("{} unreadable: {error}", file.display()));
                    None
                }
            }
        });
        let Some(snapshot) = snapshot else {
            let restarted = std::env::var_os("HOT_RELOAD_RESTART").is_some_and(|v| !v.is_empty());
            if restarted && !session.said_no_snapshot {
                session.said_no_snapshot = true;
                fresh(
                    version,
                    "no snapshot: the previous host was stopped before it could write one",
                );
            }
            return None;
        };
        session.memo.append(&mut snapshot.memo);
        session.updates_since_restore = Some(0);
        let found = snapshot.values.iter().position(|(n, ..)| n == name);
        let Some(found) = found else {
            fresh(
                version,
                &format!(
                    "the snapshot of v{} holds no value named {name}",
                    snapshot.from
                ),
            );
            return None;
        };
        Some(snapshot.values.remove(found))
    })?;
    let (_, old_root, old_schema, old_bytes) = saved;
    let new_schema = match layout::schema(layouts) {
        Ok(schema) => schema,
        Err(reason) => {
            fresh(version, &reason);
            return None;
        }
    };
    if let Some(reason) = uncarriable(&new_schema, root) {
        fresh(version, &reason);
        return None;
    }
    if old_root != root {
        fresh(
            version,
            &format!("{name} was a {old_root}, now it is a {root}"),
        );
        return None;
    }
    let default = defaults(root, &new_schema);
    let new_has_default = default.is_some();
    let new_default = default.unwrap_or_else(|| new_schema.zeroed(root));
    let input = migrate::Input {
        root,
        old_schema: &old_schema,
        old_bytes: &old_bytes,
        new_schema: &new_schema,
        new_default: &new_default,
        new_has_default,
    };
    let (bytes, report) =
        SESSION.with_borrow_mut(|session| migrate::migrate(&input, &mut session.memo));
    if let Some(reason) = &report.fresh {
        fresh(version, reason);
        return None;
    }
    if bytes.len() != size_of::<T>() {
        fresh(
            version,
            &format!(
                "{} is {} bytes, its layout says {}",
                root,
                size_of::<T>(),
                bytes.len()
            ),
        );
        return None;
    }
    eprintln!("[hot-reload] migrated v{version}: {}", report.line());
    let mut value = MaybeUninit::<T>::uninit();
    // SAFETY: `bytes` is a whole T laid out by the compiler's own layout of T (checked against the model), with
    // every bool 0 or 1 and every enum a valid variant (the engine never writes anything else), and no reference
    // or fn pointer in it (`uncarriable`); raw pointers are null.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), value.as_mut_ptr().cast::<u8>(), bytes.len());
        Some(value.assume_init())
    }
}

/// A reference or fn pointer cannot be null in Rust, so a state that holds one is never rebuilt from bytes.
fn uncarriable(schema: &Schema, root: &str) -> Option<String> {
    let reachable = schema.reachable(&FieldType::Named(root.to_string()));
    for (name, layout) in &reachable.types {
        let Layout::Struct { fields, .. } = layout else {
            continue;
        };
        for field in fields {
            let mut ty = &field.ty;
            while let FieldType::Array(element, _) = ty {
                ty = element;
            }
            if let FieldType::Pointer(Pointer::Ref | Pointer::Fn) = ty {
                return Some(format!(
                    "{name}.{} is a {}, which cannot be carried",
                    field.name,
                    migrate::type_name(ty)
                ));
            }
        }
    }
    None
}

/// The value's bytes, field by field (padding stays zero: it is never read).
#[allow(dead_code, reason = "unused while the lib has no struct")]
pub fn value_bytes<T>(schema: &Schema, root: &str, value: &T) -> Vec<u8> {
    read_fields(schema, root, std::ptr::from_ref(value).cast::<u8>())
}

fn read_fields(schema: &Schema, root: &str, address: *const u8) -> Vec<u8> {
    let ty = FieldType::Named(root.to_string());
    let mut bytes = vec![0; schema.size_of(&ty).unwrap_or(0)];
    schema.leaves(&ty, 0, &mut |offset, size| {
        // SAFETY: `address` points to a live value of `root`'s type, whose layout `schema` is (the compiler's), and
        // offset..offset + size is a field of it: initialized bytes, never padding.
        let field = unsafe { std::slice::from_raw_parts(address.add(offset), size) };
        bytes[offset..offset + size].copy_from_slice(field);
    });
    bytes
}

/// Writes every kept value (and the removed-values memo) to `.hot/snapshot-rust.bin`, atomically.
pub fn write_snapshot(layouts: &[TypeLayout], version: u64) -> Result<(), String> {
    let schema = layout::schema(layouts)?;
    let snapshot = SESSION.with_borrow(|session| Snapshot {
        from: version,
        values: session
            .values
            .iter()
            .map(|v| {
                let reachable = schema.reachable(&FieldType::Named(v.root.clone()));
                let bytes = read_fields(&schema, &v.root, v.address);
                (v.name.clone(), v.root.clone(), reachable, bytes)
            })
            .collect(),
        memo: session.memo.clone(),
    });
    snapshot.write_atomically(&snapshot_file())
}

/// Called on every update(): once a restored state has run a whole loop on the new code, its snapshot is
/// deleted (until then a crash in the first call restarts the host on the same snapshot).
pub fn after_update() {
    let done = SESSION.with_borrow_mut(|session| match &mut session.updates_since_restore {
        Some(count) => {
            *count += 1;
            *count >= 2
        }
        None => false,
    });
    if done {
        SESSION.with_borrow_mut(|session| session.updates_since_restore = None);
        let _ = std::fs::remove_file(snapshot_file());
    }
}
