//! The dev loop's lines while the game owns the screen. `hot-reload dev`
//! prints nothing into a terminal a host has said it owns (`[hot-reload]
//! screen owned`): it appends each line to `.hot/dev-lines.log` instead and
//! prints them all when the screen is released. The game shows the newest in
//! its status line, so "built in 0.2 s" still reaches the player.

use crate::watched_file::WatchedValue;

pub struct DevLines {
    lines: WatchedValue<String>,
}

impl DevLines {
    /// Off in a static build (no dev loop; a log left by an earlier run means nothing).
    pub fn new(enabled: bool) -> DevLines {
        DevLines { lines: WatchedValue::new(enabled, "dev-lines.log", |text| Some(newest_line(text))) }
    }

    /// Reads the file again if it changed; returns true when the newest line changed.
    pub fn poll(&mut self) -> bool {
        self.lines.poll()
    }

    /// The newest line, once one arrived.
    pub fn newest(&self) -> Option<&str> {
        self.lines.value.as_deref()
    }
}

/// The last non-empty line, without colour escapes or control characters (they would move the cursor).
fn newest_line(text: &str) -> Option<String> {
    let line = text.lines().rev().find(|line| !line.trim().is_empty())?;
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else if !c.is_control() {
            out.push(c);
        }
    }
    Some(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_line_is_the_last_non_empty_one_without_escapes() {
        assert_eq!(newest_line(""), None);
        assert_eq!(newest_line("[dev] a\n[dev] b\n\n").as_deref(), Some("[dev] b"));
        assert_eq!(newest_line("\x1b[32m[dev] ↻ v2 built\x1b[0m\r\n").as_deref(), Some("[dev] ↻ v2 built"));
        assert_eq!(newest_line("x\x07\x08y").as_deref(), Some("xy"));
    }
}
