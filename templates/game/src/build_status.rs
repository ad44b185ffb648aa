//! Compile errors from the dev loop, for the terminal host. `hot-reload dev`
//! writes `.hot/status.json` when a build of the lib fails (with the compiler's
//! message) and again when the next one compiles. The dev loop prints the same
//! message into this terminal, where the game's picture covers it a moment
//! later; so the host shows it itself until the code compiles again.

use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

pub struct BuildStatus {
    /// Off in a static build: no dev loop, and a status file left by an earlier dev run means nothing.
    enabled: bool,
    file: PathBuf,
    /// Modification time and length when last read: one `stat` per poll while nothing changes.
    stamp: Option<(SystemTime, u64)>,
    /// The compiler's message while the latest build failed.
    pub error: Option<String>,
}

impl BuildStatus {
    pub fn new(enabled: bool) -> BuildStatus {
        // The same root as `hot_lib`: set by the dev loop, else this crate's folder.
        let root = std::env::var_os("HOT_RELOAD_ROOT").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        BuildStatus { enabled, file: root.join(".hot").join("status.json"), stamp: None, error: None }
    }

    /// Reads the file again if it changed; returns true when `error` changed.
    pub fn poll(&mut self) -> bool {
        if !self.enabled {
            return false;
        }
        let stamp = fs::metadata(&self.file).ok().and_then(|m| Some((m.modified().ok()?, m.len())));
        if stamp == self.stamp {
            return false;
        }
        self.stamp = stamp;
        // No file: no failure. A file we cannot read (half-replaced) is read again on the next change.
        let error = match fs::read_to_string(&self.file) {
            Ok(text) => match parse(&text) {
                Some(error) => error,
                None => return false,
            },
            Err(_) => None,
        };
        let changed = error != self.error;
        self.error = error;
        changed
    }
}

/// `Some(None)` for `"ok": true`, `Some(Some(message))` for a failure, `None` if the text is not a status.
/// Enough JSON for the file the dev loop writes; not a general parser.
fn parse(text: &str) -> Option<Option<String>> {
    let ok = value_after(text, "ok")?;
    if ok.starts_with("true") {
        return Some(None);
    }
    if !ok.starts_with("false") {
        return None;
    }
    json_string(value_after(text, "message")?).map(Some)
}

/// The text right after `"key":` (spaces skipped).
fn value_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let quoted = format!("\"{key}\"");
    let rest = &text[text.find(&quoted)? + quoted.len()..];
    Some(rest.trim_start().strip_prefix(':')?.trim_start())
}

/// Decodes the JSON string at the start of `text`.
fn json_string(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('"')?.chars();
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' | 'f' => {}
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    // Surrogate pairs (emoji in a message) are not worth decoding here.
                    out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'));
                }
                other => out.push(other), // \" \\ \/
            },
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_dev_loop_writes() {
        let failed = "{\n  \"ok\": false,\n  \"message\": \"error[E0308]: mismatched \\\"types\\\"\\n --> lib/src/lib.rs:3:1\\u00e9\",\n  \"version\": 2,\n  \"at\": 1\n}\n";
        assert_eq!(parse(failed), Some(Some("error[E0308]: mismatched \"types\"\n --> lib/src/lib.rs:3:1é".to_string())));
        assert_eq!(parse("{\"ok\": true, \"version\": 3, \"at\": 2}"), Some(None));
        assert_eq!(parse("{\"ok\": false, \"message\": \"cut off"), None);
        assert_eq!(parse("not json"), None);
    }
}
