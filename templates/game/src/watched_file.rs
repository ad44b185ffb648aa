//! A file the dev loop writes in `.hot/` (the build status, its held lines),
//! read again only when it changed: one `stat` per look while nothing does.

use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

pub struct WatchedFile {
    file: PathBuf,
    /// Modification time and length when last read.
    stamp: Option<(SystemTime, u64)>,
}

/// What a look found.
pub enum Look {
    Unchanged,
    /// The file is gone (or unreadable: it is read again on its next change).
    Missing,
    Changed(String),
}

impl WatchedFile {
    /// `name` inside `.hot/` of the project: env HOT_RELOAD_ROOT (set by the dev loop), else this crate's folder.
    pub fn in_hot_dir(name: &str) -> WatchedFile {
        let root = std::env::var_os("HOT_RELOAD_ROOT")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        WatchedFile { file: root.join(".hot").join(name), stamp: None }
    }

    pub fn look(&mut self) -> Look {
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
