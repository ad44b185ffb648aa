//! Compile errors from the dev loop, for the terminal host. `hot-reload dev`
//! writes `.hot/status.json` when a build of the lib fails (with the compiler's
//! message) and again when the next one compiles. While the game owns the
//! screen the dev loop holds its own copy back, so the host shows the error as
//! a one-line banner over the game, which keeps running the last good version.

use crate::watched_file::WatchedValue;

pub struct BuildStatus {
    /// The compiler's message while the latest build failed. No file: no failure.
    error: WatchedValue<String>,
}

impl BuildStatus {
    pub fn new(enabled: bool) -> BuildStatus {
        BuildStatus { error: WatchedValue::new(enabled, "status.json", parse) }
    }

    /// Reads the file again if it changed; returns true when the error changed.
    pub fn poll(&mut self) -> bool {
        self.error.poll()
    }

    /// The banner for the terminal's top row while a build fails (the game stays visible below it).
    pub fn banner(&self) -> Option<String> {
        self.error.value.as_deref().map(banner)
    }
}

/// The compiler's first error line and where it points, on one line.
fn banner(error: &str) -> String {
    let first = error.lines().find(|line| line.starts_with("error")).or_else(|| error.lines().next()).unwrap_or("");
    let place = error.lines().find_map(|line| line.trim_start().strip_prefix("--> ")).unwrap_or("");
    let place = if place.is_empty() { String::new() } else { format!(" ({place})") };
    format!("build failed: {first}{place} · the last good version keeps running")
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

    #[test]
    fn the_banner_names_the_first_error_and_where_it_is() {
        let banner = banner("warning: unused\nerror[E0308]: mismatched types\n  --> lib/src/lib.rs:3:1\n");
        assert!(banner.starts_with("build failed: error[E0308]: mismatched types (lib/src/lib.rs:3:1) · "), "{banner}");
        assert!(banner.ends_with(" · the last good version keeps running"), "{banner}");
        assert_eq!(super::banner("odd"), "build failed: odd · the last good version keeps running");
    }
}
