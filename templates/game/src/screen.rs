//! Pixels to terminal text: each character cell shows two pixels, the upper
//! half block `▀` in the top pixel's colour over the bottom pixel's colour as
//! background (24-bit "truecolor" escapes). Only cells that changed since the
//! last frame are written, so a 60 Hz game costs a few kilobytes a second.

use std::fmt::Write as _;

pub struct Screen {
    cols: usize,
    /// Rows of game cells; the terminal's last row is the status line.
    rows: usize,
    /// RGBA, `cols` x `rows * 2` pixels: what the game draws into.
    pixels: Vec<u8>,
    /// The (top, bottom) colours each cell shows now; `None` forces a redraw.
    shown: Vec<Option<(u32, u32)>>,
    status: String,
    /// The banner on the top row (a compile error) as last written; empty when none.
    banner: String,
    out: String,
}

impl Screen {
    pub fn new() -> Screen {
        let (status, banner, out) = (String::new(), String::new(), String::new());
        Screen { cols: 0, rows: 0, pixels: Vec::new(), shown: Vec::new(), status, banner, out }
    }

    /// Fits the picture to a terminal of `cols` x `rows` characters; returns true if the size changed.
    pub fn resize(&mut self, cols: usize, rows: usize) -> bool {
        let rows = rows.saturating_sub(1).max(1);
        if (cols, rows) == (self.cols, self.rows) {
            return false;
        }
        self.cols = cols;
        self.rows = rows;
        self.pixels = vec![0; cols * rows * 2 * 4];
        self.invalidate();
        true
    }

    /// Draws every cell on the next frame: after a resize, or when something else wrote to the terminal
    /// (the dev loop prints its status lines there too).
    pub fn invalidate(&mut self) {
        self.shown = vec![None; self.cols * self.rows];
        self.status.clear();
        self.banner.clear();
    }

    /// Width and height in pixels, and the buffer to draw them into.
    pub fn canvas(&mut self) -> (usize, usize, &mut [u8]) {
        (self.cols, self.rows * 2, &mut self.pixels)
    }

    /// The escapes that bring the terminal from the last frame to this one, `status` on the last row and
    /// `banner`, if any, over the picture's top row (the rest of the picture stays visible).
    pub fn frame(&mut self, status: &str, banner: Option<&str>) -> &[u8] {
        self.out.clear();
        let mut colors: Option<(u32, u32)> = None;
        let mut cursor: Option<(usize, usize)> = None;
        let banner = banner.unwrap_or("");
        if banner != self.banner {
            self.banner.clear();
            self.banner.push_str(banner);
            // Gone: the cells under it are drawn again below.
            self.shown[..self.cols].fill(None);
            if !banner.is_empty() {
                let visible: String = banner.chars().take(self.cols).collect();
                let _ = write!(self.out, "\x1b[1;1H\x1b[1;97;41m{visible}\x1b[K\x1b[0m");
            }
        }
        let first_row = usize::from(!banner.is_empty());
        for row in first_row..self.rows {
            for col in 0..self.cols {
                let cell = (self.pixel(col, row * 2), self.pixel(col, row * 2 + 1));
                let index = row * self.cols + col;
                if self.shown[index] == Some(cell) {
                    continue;
                }
                self.shown[index] = Some(cell);
                if cursor != Some((row, col)) {
                    let _ = write!(self.out, "\x1b[{};{}H", row + 1, col + 1);
                }
                if colors != Some(cell) {
                    let ([r, g, b], [br, bg, bb]) = (rgb(cell.0), rgb(cell.1));
                    let _ = write!(self.out, "\x1b[38;2;{r};{g};{b};48;2;{br};{bg};{bb}m");
                    colors = Some(cell);
                }
                self.out.push('▀');
                cursor = Some((row, col + 1));
            }
        }
        if status != self.status {
            self.status.clear();
            self.status.push_str(status);
            let visible: String = status.chars().take(self.cols).collect();
            let _ = write!(self.out, "\x1b[{};1H\x1b[0m{visible}\x1b[K", self.rows + 1);
        }
        self.out.as_bytes()
    }

    fn pixel(&self, x: usize, y: usize) -> u32 {
        let i = (y * self.cols + x) * 4;
        u32::from_be_bytes([0, self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]])
    }
}

fn rgb(color: u32) -> [u8; 3] {
    [(color >> 16) as u8, (color >> 8) as u8, color as u8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_shows_two_pixels_and_unchanged_cells_are_not_written_again() {
        let mut screen = Screen::new();
        screen.resize(2, 2); // one row of cells + the status line
        let (w, h, pixels) = screen.canvas();
        assert_eq!((w, h), (2, 2));
        pixels[..4].copy_from_slice(&[255, 0, 0, 255]); // top left red, the rest black
        let first = String::from_utf8(screen.frame("hi", None).to_vec()).unwrap();
        assert!(first.starts_with("\x1b[1;1H\x1b[38;2;255;0;0;48;2;0;0;0m▀\x1b[38;2;0;0;0;48;2;0;0;0m▀"), "{first:?}");
        assert!(first.ends_with("\x1b[2;1H\x1b[0mhi\x1b[K"));
        assert_eq!(screen.frame("hi", None), b"");
        screen.canvas().2[4..8].copy_from_slice(&[0, 0, 255, 255]);
        assert_eq!(String::from_utf8(screen.frame("hi", None).to_vec()).unwrap(), "\x1b[1;2H\x1b[38;2;0;0;255;48;2;0;0;0m▀");
    }

    #[test]
    fn a_banner_covers_the_top_row_only_and_the_picture_comes_back_under_it() {
        let mut screen = Screen::new();
        screen.resize(3, 3); // two rows of cells + the status line
        screen.frame("", None);
        let with_banner = String::from_utf8(screen.frame("", Some("build failed")).to_vec()).unwrap();
        assert_eq!(with_banner, "\x1b[1;1H\x1b[1;97;41mbui\x1b[K\x1b[0m");
        assert_eq!(screen.frame("", Some("build failed")), b"");
        let without = String::from_utf8(screen.frame("", None).to_vec()).unwrap();
        assert!(without.starts_with("\x1b[1;1H\x1b[38;2;0;0;0;48;2;0;0;0m▀▀▀"), "{without:?}");
        assert!(!without.contains("\x1b[2;"), "the second row was never covered: {without:?}");
    }
}
