//! The terminal, through the C library only (no crates): raw mode with
//! termios, the window size with ioctl(TIOCGWINSZ), waiting for keys with
//! poll. Unix only (Linux, macOS, WSL); `main.rs` says so on other systems.
//!
//! The one promise this file keeps: whatever happens (q, Ctrl-C, a panic in
//! the game, SIGTERM from the dev loop restarting the host) the terminal is
//! given back as it was found: cooked mode, echo, cursor, main screen.

use std::ffi::{c_int, c_ulong};
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// `struct termios` is passed to libc only, never read here, so its exact layout (which differs between Linux
/// and macOS) does not matter: this is larger than either and aligned for any of their fields.
#[repr(C, align(8))]
#[derive(Clone, Copy)]
struct Termios([u8; 256]);

#[repr(C)]
#[derive(Default)]
struct Winsize {
    rows: u16,
    cols: u16,
    x_pixels: u16,
    y_pixels: u16,
}

#[repr(C)]
struct PollFd {
    fd: c_int,
    events: i16,
    revents: i16,
}

#[cfg(target_os = "linux")]
type NfdsT = c_ulong;
#[cfg(not(target_os = "linux"))]
type NfdsT = std::ffi::c_uint;

#[cfg(target_os = "linux")]
const TIOCGWINSZ: c_ulong = 0x5413;
#[cfg(not(target_os = "linux"))]
const TIOCGWINSZ: c_ulong = 0x4008_7468;

const STDIN: c_int = 0;
const STDOUT: c_int = 1;
const TCSANOW: c_int = 0;
const POLLIN: i16 = 1;
const SIGHUP: c_int = 1;
const SIGINT: c_int = 2;
const SIGTERM: c_int = 15;

unsafe extern "C" {
    fn tcgetattr(fd: c_int, termios: *mut Termios) -> c_int;
    fn tcsetattr(fd: c_int, when: c_int, termios: *const Termios) -> c_int;
    fn cfmakeraw(termios: *mut Termios);
    fn ioctl(fd: c_int, request: c_ulong, ...) -> c_int;
    fn poll(fds: *mut PollFd, count: NfdsT, timeout_ms: c_int) -> c_int;
    fn read(fd: c_int, buf: *mut u8, count: usize) -> isize;
    fn isatty(fd: c_int) -> c_int;
    fn signal(signum: c_int, handler: usize) -> usize;
    fn kill(pid: c_int, signum: c_int) -> c_int;
    fn getppid() -> c_int;
}

/// The settings found at start; `Some` while the terminal is in raw mode. Global so that the panic hook can
/// restore them from wherever the panic happened.
static ORIGINAL: Mutex<Option<Termios>> = Mutex::new(None);
/// Set by SIGTERM, SIGHUP and SIGINT; the game loop checks it every frame.
static STOP: AtomicBool = AtomicBool::new(false);

/// Enter the alternate screen, hide the cursor, clear.
const ENTER: &str = "\x1b[?1049h\x1b[?25l\x1b[2J";
/// Reset colours, show the cursor, back to the main screen.
const LEAVE: &str = "\x1b[0m\x1b[?25h\x1b[?1049l";

/// The terminal in raw mode. Dropping it restores the terminal.
pub struct Terminal {
    _private: (),
}

impl Terminal {
    pub fn enter() -> Result<Terminal, String> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { isatty(STDIN) == 0 || isatty(STDOUT) == 0 } {
            return Err("the terminal host needs a terminal on stdin and stdout (run it in a terminal, not through a pipe)".into());
        }
        let mut original = Termios([0; 256]);
        // SAFETY: `original` is larger than struct termios and aligned for it.
        if unsafe { tcgetattr(STDIN, &mut original) } != 0 {
            return Err(format!("cannot read the terminal settings: {}", std::io::Error::last_os_error()));
        }
        let mut raw = original;
        // SAFETY: as above; cfmakeraw only edits the struct. Raw: no echo, no line buffering, no signals from
        // Ctrl-C (it arrives as byte 3, so the game can restore the terminal before it quits).
        unsafe { cfmakeraw(&mut raw) };
        *ORIGINAL.lock().unwrap_or_else(|e| e.into_inner()) = Some(original);
        // SAFETY: `raw` came from tcgetattr and cfmakeraw.
        if unsafe { tcsetattr(STDIN, TCSANOW, &raw) } != 0 {
            ORIGINAL.lock().unwrap_or_else(|e| e.into_inner()).take();
            return Err(format!("cannot switch the terminal to raw mode: {}", std::io::Error::last_os_error()));
        }
        // A panic anywhere (also inside the game library) restores the terminal before its message is printed,
        // so the message is readable and the shell usable afterwards.
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            default_hook(info);
        }));
        let handler = on_signal as extern "C" fn(c_int) as usize;
        for signum in [SIGTERM, SIGHUP, SIGINT] {
            // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
            unsafe { signal(signum, handler) };
        }
        write_all(ENTER.as_bytes());
        tell_dev_loop("screen owned");
        Ok(Terminal { _private: () })
    }

    /// Columns and rows (80 x 24 if the terminal does not say).
    pub fn size(&self) -> (usize, usize) {
        let mut size = Winsize::default();
        // SAFETY: TIOCGWINSZ writes one struct winsize, which `size` is.
        let ok = unsafe { ioctl(STDOUT, TIOCGWINSZ, &mut size as *mut Winsize) } == 0;
        if ok && size.cols > 0 && size.rows > 0 { (size.cols.into(), size.rows.into()) } else { (80, 24) }
    }

    /// Waits up to `timeout` for input; returns the bytes that arrived (empty if none).
    pub fn read_input<'b>(&self, timeout: Duration, buf: &'b mut [u8]) -> &'b [u8] {
        let mut fds = PollFd { fd: STDIN, events: POLLIN, revents: 0 };
        let ms = c_int::try_from(timeout.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: one valid pollfd.
        if unsafe { poll(&mut fds, 1, ms) } <= 0 || fds.revents & POLLIN == 0 {
            return &buf[..0];
        }
        // SAFETY: reads at most buf.len() bytes into buf. poll said it will not block.
        let n = unsafe { read(STDIN, buf.as_mut_ptr(), buf.len()) };
        &buf[..usize::try_from(n).unwrap_or(0)]
    }

    pub fn write(&self, bytes: &[u8]) {
        write_all(bytes);
    }

    /// True once SIGTERM, SIGHUP or SIGINT arrived (the dev loop stops a host with SIGTERM).
    pub fn stop_requested(&self) -> bool {
        STOP.load(Ordering::Relaxed)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back; does nothing the second time (Drop after the panic hook, for example).
fn restore() {
    let original = ORIGINAL.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(original) = original {
        write_all(LEAVE.as_bytes());
        // SAFETY: the settings tcgetattr gave us.
        unsafe { tcsetattr(STDIN, TCSANOW, &original) };
        tell_dev_loop("screen released");
    }
}

/// A host line for `hot-reload dev` (stderr, which it reads): while the screen is owned it prints none of its
/// own lines into the terminal, but holds them in `.hot/dev-lines.log` (the status line shows the newest) and
/// prints them all once the screen is released. Nothing outside the dev loop needs to hear it.
fn tell_dev_loop(line: &str) {
    if std::env::var_os("HOT_RELOAD_DEV").is_some_and(|v| v == "1") {
        eprintln!("[hot-reload] {line}");
    }
}

fn write_all(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    // A terminal that went away cannot be drawn on or restored: nothing to do about it.
    let _ = out.write_all(bytes).and_then(|()| out.flush());
}

extern "C" fn on_signal(_signum: c_int) {
    STOP.store(true, Ordering::Relaxed);
}

/// Ctrl-C under `hot-reload dev`: raw mode delivered it to us as a key, not as the signal it would have sent
/// to the whole command. Pass it on to the dev loop (our parent), so that Ctrl-C ends `npm run dev:rust` as it
/// ends any other terminal program.
pub fn interrupt_dev_loop() {
    // SAFETY: getppid and kill have no memory effects.
    unsafe {
        kill(getppid(), SIGINT);
    }
}
