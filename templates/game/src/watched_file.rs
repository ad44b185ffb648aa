//! A file the dev loop writes in `.hot/` (the build status, its held lines),
//! read again only when it changed: one `stat` per look while nothing does.

use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

struct WatchedFile {
    file: PathBuf,
    /// Modification time and length when last read.
    stamp: Option<(SystemTime, u64)>,
}

/// What a look found.
enum Look {
    Unchanged,
    /// The file is gone (or unreadable: it is read again on its next change).
    Missing,
    Changed(String),
}

impl WatchedFile {
    /// `name` inside `.hot/` of the project: env HOT_RELOAD_ROOT (set by the dev loop), else this crate's folder.
    fn in_hot_dir(name: &str) -> WatchedFile {
        let root = std::env::var_os("HOT_RELOAD_ROOT")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        WatchedFile { file: root.join(".hot").join(name), stamp: None }
    }

    fn look(&mut self) -> Look {
        let stamp = fs::metadata(&self.file).ok().and_then(|m| Some((m.modified().ok()?, m.len())));
        if stamp == self.stamp {
            return Look::Unchanged;
        }
        self.stamp = stamp;
        match fs::read_to_string(&self.file) {
            Ok(text) => Look::Changed(text),
            Err(_) => Look::Missing,
        }
    }
}

/// What the dev loop says through a file of `.hot/`, as the host last read it.
pub struct WatchedValue<T> {
    /// Off in a static build: no dev loop, and a file left by an earlier dev run means nothing.
    enabled: bool,
    file: WatchedFile,
    /// The value in a file's text; `None` for text to skip (half-written: read again on the next change).
    parse: fn(&str) -> Option<Option<T>>,
    /// `None` while the file is missing or says nothing.
    pub value: Option<T>,
}

impl<T: PartialEq> WatchedValue<T> {
    pub fn new(enabled: bool, name: &str, parse: fn(&str) -> Option<Option<T>>) -> WatchedValue<T> {
        WatchedValue { enabled, file: WatchedFile::in_hot_dir(name), parse, value: None }
    }

    /// Reads the file again if it changed; returns true when `value` changed.
    pub fn poll(&mut self) -> bool {
        if !self.enabled {
            return false;
        }
        let value = match self.file.look() {
            Look::Unchanged => return false,
            Look::Missing => None,
            Look::Changed(text) => match (self.parse)(&text) {
                Some(value) => value,
                None => return false,
            },
        };
        let changed = value != self.value;
        self.value = value;
        changed
    }
}
