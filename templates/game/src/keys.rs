//! Bytes from a raw-mode terminal to game keys. Terminals report key presses
//! only, never releases, so the terminal host steers: an arrow (or WASD) sets
//! the direction the player keeps moving in, space stops it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Left,
    Right,
    Up,
    Down,
    Stop,
    Restart,
    /// L: start recording a loop, close it, or record a new one.
    Loop,
    /// Esc on its own: leave the loop and play on from there.
    LeaveLoop,
    Quit,
    /// Ctrl-C: raw mode turns it into a byte instead of SIGINT.
    Interrupt,
}

/// Calls `on_key` for every key in `bytes`, in order; anything else is skipped.
pub fn parse(bytes: &[u8], mut on_key: impl FnMut(Key)) {
    let mut i = 0;
    while i < bytes.len() {
        // Arrows: ESC [ A..D, or ESC O A..D in the terminal's application mode. ESC followed by anything else
        // (or nothing) is the Esc key itself.
        if bytes[i] == 0x1b {
            match bytes.get(i + 1) {
                Some(b'[' | b'O') => {
                    if let Some(key) = bytes.get(i + 2).and_then(|&b| arrow(b)) {
                        on_key(key);
                    }
                    i += 3;
                }
                _ => {
                    on_key(Key::LeaveLoop);
                    i += 1;
                }
            }
            continue;
        }
        let key = match bytes[i] {
            b'a' | b'A' => Some(Key::Left),
            b'd' | b'D' => Some(Key::Right),
            b'w' | b'W' => Some(Key::Up),
            b's' | b'S' => Some(Key::Down),
            b' ' => Some(Key::Stop),
            b'r' | b'R' | b'\r' | b'\n' => Some(Key::Restart),
            b'l' | b'L' => Some(Key::Loop),
            b'q' | b'Q' => Some(Key::Quit),
            0x03 => Some(Key::Interrupt),
            _ => None,
        };
        if let Some(key) = key {
            on_key(key);
        }
        i += 1;
    }
}

fn arrow(byte: u8) -> Option<Key> {
    match byte {
        b'A' => Some(Key::Up),
        b'B' => Some(Key::Down),
        b'C' => Some(Key::Right),
        b'D' => Some(Key::Left),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Key> {
        let mut out = Vec::new();
        parse(bytes, |k| out.push(k));
        out
    }

    #[test]
    fn arrows_in_both_modes_letters_and_control_keys() {
        assert_eq!(keys(b"\x1b[A\x1bOB\x1b[C\x1b[D"), [Key::Up, Key::Down, Key::Right, Key::Left]);
        assert_eq!(keys(b"wasd q\x03r"), [Key::Up, Key::Left, Key::Down, Key::Right, Key::Stop, Key::Quit, Key::Interrupt, Key::Restart]);
    }

    #[test]
    fn unknown_bytes_and_sequences_are_skipped() {
        assert_eq!(keys(b"x\x1b[Zy\x1b[Cz"), [Key::Right]);
        assert_eq!(keys(b"\x1b[Z"), []);
    }

    #[test]
    fn l_loops_and_a_lone_escape_leaves_the_loop() {
        assert_eq!(keys(b"lL"), [Key::Loop, Key::Loop]);
        assert_eq!(keys(b"\x1b"), [Key::LeaveLoop]);
        assert_eq!(keys(b"\x1bq"), [Key::LeaveLoop, Key::Quit]);
    }
}
