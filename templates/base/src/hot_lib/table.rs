//! The version in use: a table of resolved function pointers per loaded version, swapped between calls.
//! `src/hot_lib.rs` (generated) defines the table type and how to resolve it; this file is the same for every lib.

use crate::reloader::{Library, Loaded, Poll, Reloader};
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, Ordering};

/// What `update_or_restart()` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Update {
    /// Nothing new was published.
    Unchanged,
    /// A new version was swapped in; the next call runs it.
    Swapped,
    /// The published version cannot run in this process (its ABI changed, or dev asked for a restart): the state
    /// kept with `hot_lib::kept` is in the snapshot now, and the host should exit with `RESTART_EXIT_CODE`.
    Restart(String),
}

/// "Restart me on the current version": not a crash (`hot-reload dev` starts the host again).
#[allow(dead_code, reason = "used by update(), which a host may not call")]
pub const RESTART_EXIT_CODE: i32 = 75;

pub struct HotTable<T: 'static> {
    /// The table of the version in use; null until the first call or update.
    current: AtomicPtr<T>,
    /// Owns the loaded version (library and table) that `current` points into.
    loaded: Mutex<Option<(Reloader, Loaded<T>)>>,
}

pub type Resolve<T> = fn(&Library) -> Result<T, String>;

impl<T> HotTable<T> {
    pub const fn new() -> HotTable<T> {
        HotTable {
            current: AtomicPtr::new(std::ptr::null_mut()),
            loaded: Mutex::new(None),
        }
    }

    /// Loads the current version the first time (panicking if there is none: run `npm run dev:rust`), then
    /// swaps in a newly published one if there is one.
    pub fn update(&self, abi: &str, resolve: Resolve<T>) -> Update {
        let mut loaded = self
            .loaded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match loaded.as_mut() {
            None => {
                let mut reloader = Reloader::new();
                let first = reloader.load_first(abi, resolve);
                self.current.store(
                    std::ptr::from_ref::<T>(&first.table).cast_mut(),
                    Ordering::Release,
                );
                *loaded = Some((reloader, first));
                Update::Swapped
            }
            Some((reloader, current)) => match reloader.poll(abi, resolve) {
                Poll::Unchanged => Update::Unchanged,
                Poll::Restart(reason) => Update::Restart(reason),
                Poll::Loaded(next) => {
                    self.current.store(
                        std::ptr::from_ref::<T>(&next.table).cast_mut(),
                        Ordering::Release,
                    );
                    reloader.report_swap(&next);
                    // Drops the previous version: its table, then its library (dlclose).
                    *current = next;
                    Update::Swapped
                }
            },
        }
    }

    /// The version running now (0 before the first load).
    pub fn version(&self) -> u64 {
        let loaded = self
            .loaded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        loaded.as_ref().map_or(0, |(_, current)| current.version)
    }

    /// The table of the version in use, loading the first one if needed.
    pub fn get(&self, abi: &str, resolve: Resolve<T>) -> &T {
        let mut current = self.current.load(Ordering::Acquire);
        if current.is_null() {
            self.update(abi, resolve);
            current = self.current.load(Ordering::Acquire);
        }
        // SAFETY: points into the Box owned by `loaded`, which is only replaced by update(), on this same thread,
        // between calls (see the docs of src/hot_lib.rs).
        unsafe { &*current }
    }
}
