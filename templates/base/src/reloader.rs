//! Loads the versions of the lib that `hot-reload dev` publishes, with std only
//! (no crates): `dlopen`/`dlsym` on unix, `LoadLibraryW`/`GetProcAddress` on
//! Windows (written to the same contract, but only the unix side is tested).
//!
//! The protocol: `hot-reload dev` copies each successful build to
//! `.hot/<crate>-<version>.<ext>` and then atomically replaces `.hot/current.json`
//! with `{"version", "path", "abi", ...}`. We poll that file's modification time
//! and length (one `stat` per poll), load the copy it names, resolve every
//! function, and hand the result over only if its ABI fingerprint equals the one
//! `src/hot_lib.rs` was generated with. Anything that goes wrong keeps the old
//! version running and prints one `[hot-reload] ...` line to stderr. A version
//! with another ABI, or a `"restart"` in current.json greater than the one we
//! started with, cannot run in this process: `poll` says so, and the host
//! snapshots its kept state and exits 75 (src/hot_lib/kept.rs). The lines
//! (parsed by the dev loop, same text as the TypeScript runtime prints):
//!   [hot-reload] snapshot-capable
//!   [hot-reload] loaded v1 in 0.9 ms
//!   [hot-reload] swapped to v3 in 0.4 ms
//!   [hot-reload] kept v2: v3 not loaded: <reason>
//! This file is generic; `src/hot_lib.rs` (generated) knows the functions.

use std::ffi::c_void;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

/// One loaded copy of the lib. Dropping it unloads the library, so nothing
/// resolved from it may be called afterwards.
pub struct Library {
    handle: *mut c_void,
    path: PathBuf,
}

// SAFETY: a dlopen/LoadLibraryW handle is process-wide: it may be used and
// closed from any thread. (hot_lib.rs keeps it in a static Mutex.)
unsafe impl Send for Library {}

impl Library {
    /// Resolves an exported function by name, as the fn pointer type `F`.
    ///
    /// # Safety
    /// `F` must be the function's real signature (src/hot_lib.rs is generated from the same sources).
    #[allow(dead_code, reason = "called by the generated hot_lib.rs once per exported function; unused while the lib exports none")]
    pub unsafe fn function<F: Copy>(&self, name: &str) -> Result<F, String> {
        let address = self.symbol(name)?;
        assert_eq!(size_of::<F>(), size_of::<*mut c_void>(), "`{name}` is resolved as a function pointer");
        // SAFETY: `F` is a fn pointer type of the symbol's signature (the caller's promise), the size of an address.
        Ok(unsafe { std::mem::transmute_copy::<*mut c_void, F>(&address) })
    }

    /// Resolves an exported symbol by name.
    fn symbol(&self, name: &str) -> Result<*mut c_void, String> {
        let address = sys::symbol(self.handle, name);
        if address.is_null() {
            Err(format!("{} does not export `{}`", self.path.display(), name))
        } else {
            Ok(address)
        }
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        sys::close(self.handle);
    }
}

/// `.hot/current.json`: only the fields the Rust host needs.
#[derive(Debug, PartialEq)]
pub struct Published {
    pub version: u64,
    /// Relative to the project root.
    pub path: String,
    pub abi: String,
    /// Raised by the dev loop to ask the running host to restart (with a snapshot); 0 when absent.
    pub restart: u64,
}

/// A version that loaded, resolved and matched the ABI: ready to swap in.
/// `table` is declared first so it is dropped before the library it points into.
pub struct Loaded<T> {
    pub table: Box<T>,
    pub version: u64,
    started: Instant,
    _library: Library,
}

/// What `Reloader::poll` found.
pub enum Poll<T> {
    Unchanged,
    /// A new version, loaded and resolved: ready to swap in.
    Loaded(Loaded<T>),
    /// A version this process cannot run (why): restart on it.
    Restart(String),
}

pub struct Reloader {
    root: PathBuf,
    /// Modification time and length of current.json when we last read it.
    stamp: Option<(SystemTime, u64)>,
    /// The version running now (0 before the first load).
    version: u64,
    /// Under `hot-reload dev` (HOT_RELOAD_DEV=1): the dev loop's pid, our parent when we started.
    dev_parent: Option<u32>,
    /// current.json's `restart` when we started: a greater one asks us to restart.
    restart: u64,
}

struct LoadError(String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Reloader {
    pub fn new() -> Reloader {
        Reloader { root: project_root(), stamp: None, version: 0, dev_parent: dev_parent(), restart: 0 }
    }

    fn current_json(&self) -> PathBuf {
        self.root.join(".hot").join("current.json")
    }

    /// Loads the published version, or panics: without a lib there is nothing to run.
    pub fn load_first<T>(&mut self, abi: &str, resolve: impl Fn(&Library) -> Result<T, String>) -> Loaded<T> {
        let file = self.current_json();
        if !file.exists() {
            panic!(
                "[hot-reload] no {} yet: start the Rust host with `npm run dev:rust`, which builds and publishes the lib",
                file.display()
            );
        }
        self.stamp = stamp(&file);
        // Said before `loaded` (contract of the dev loop): this host snapshots what it keeps and exits 75 when
        // it cannot run a published version, instead of being stopped.
        eprintln!("[hot-reload] snapshot-capable");
        let published = read_published(&file).map_err(LoadError);
        match published.and_then(|p| self.load(&p, abi, &resolve).map(|loaded| (p.restart, loaded))) {
            Ok((restart, loaded)) => {
                self.restart = restart;
                self.version = loaded.version;
                eprintln!("[hot-reload] loaded v{} in {}", loaded.version, elapsed_ms(loaded.started));
                loaded
            }
            Err(error) => panic!("[hot-reload] cannot load the published lib: {error}"),
        }
    }

    /// Checks for a newly published version; returns it loaded and resolved, ready to swap in, or says that it
    /// needs a restart. Costs one `stat` when nothing changed.
    pub fn poll<T>(&mut self, abi: &str, resolve: impl Fn(&Library) -> Result<T, String>) -> Poll<T> {
        self.exit_if_orphaned();
        let file = self.current_json();
        let now = stamp(&file);
        if now.is_none() || now == self.stamp {
            return Poll::Unchanged;
        }
        self.stamp = now;
        let published = match read_published(&file) {
            Ok(published) => published,
            Err(error) => {
                eprintln!("[hot-reload] kept v{}: cannot read {}: {error}", self.version, file.display());
                return Poll::Unchanged;
            }
        };
        if published.restart > self.restart {
            return Poll::Restart(format!("a restart was asked for (restart {})", published.restart));
        }
        if published.version == self.version {
            return Poll::Unchanged;
        }
        if published.abi != abi {
            return Poll::Restart(format!("v{} has another ABI ({} published, {abi} built into this host)", published.version, published.abi));
        }
        match self.load(&published, abi, &resolve) {
            Ok(loaded) => {
                self.version = loaded.version;
                Poll::Loaded(loaded)
            }
            Err(error) => {
                eprintln!("[hot-reload] kept v{}: v{} not loaded: {error}", self.version, published.version);
                Poll::Unchanged
            }
        }
    }

    /// The dev loop runs us in a process group of our own so it can stop all of it; if the dev loop is killed
    /// hard (SIGKILL, a closed terminal) nobody would stop us. We notice by being re-parented, as the
    /// TypeScript runtime does, and exit instead of running on unsupervised.
    fn exit_if_orphaned(&self) {
        // Not a let chain: this file also goes into bins of older editions (`create-hot-reload --init`).
        if self.dev_parent.is_some() && current_parent() != self.dev_parent {
            eprintln!("[hot-reload] the dev loop is gone: exiting");
            std::process::exit(0);
        }
    }

    /// Call right after the swap: prints the line the dev loop reads.
    pub fn report_swap<T>(&self, loaded: &Loaded<T>) {
        eprintln!("[hot-reload] swapped to v{} in {}", loaded.version, elapsed_ms(loaded.started));
    }

    fn load<T>(&self, published: &Published, abi: &str, resolve: &impl Fn(&Library) -> Result<T, String>) -> Result<Loaded<T>, LoadError> {
        // Checked before loading: a lib built with another layout must never run against this host.
        if published.abi != abi {
            return Err(LoadError(format!(
                "its ABI changed ({} published, {} built into this host): restart the host",
                published.abi, abi
            )));
        }
        let started = Instant::now();
        let path = self.root.join(&published.path);
        check_whole(&path).map_err(LoadError)?;
        // The platform's message names the file already.
        let handle = sys::open(&path).map_err(LoadError)?;
        let library = Library { handle, path };
        let table = resolve(&library).map_err(LoadError)?;
        Ok(Loaded { table: Box::new(table), version: published.version, started, _library: library })
    }
}

/// The project root: `HOT_RELOAD_ROOT` if set (the dev loop sets it), else this crate's directory.
pub fn project_root() -> PathBuf {
    std::env::var_os("HOT_RELOAD_ROOT").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// A library cut short (an interrupted copy) can still dlopen on Linux and only fault (SIGBUS) when the missing
/// tail is touched, long after the swap. An ELF file says how long it is: its section header table comes last.
/// Other formats, and files that cannot be read, are left to the loader (whose message is better).
fn check_whole(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else { return Ok(()) };
    let size = file.metadata().map_err(|error| error.to_string())?.len();
    let mut header = [0u8; 64];
    let read = file.read(&mut header).map_err(|error| error.to_string())?;
    match elf_minimum_size(&header[..read]) {
        Some(needed) if size < needed => Err(format!(
            "{} is truncated ({size} bytes; its ELF header says at least {needed}): a half-written file",
            path.display()
        )),
        _ => Ok(()),
    }
}

/// The end of the section header table an ELF header describes; None for anything that is not ELF.
fn elf_minimum_size(header: &[u8]) -> Option<u64> {
    if header.len() < 52 || header[..4] != [0x7f, b'E', b'L', b'F'] {
        return None;
    }
    let is64 = header[4] == 2;
    let little = header[5] != 2;
    if is64 && header.len() < 64 {
        return None;
    }
    let bytes = |at: usize, n: usize| -> u64 {
        let field = &header[at..at + n];
        let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
        if little { field.iter().rev().fold(0, fold) } else { field.iter().fold(0, fold) }
    };
    let (offset, entry_size, count) = if is64 {
        (bytes(0x28, 8), bytes(0x3a, 2), bytes(0x3c, 2))
    } else {
        (bytes(0x20, 4), bytes(0x2e, 2), bytes(0x30, 2))
    };
    Some(offset + entry_size * count)
}

fn dev_parent() -> Option<u32> {
    if std::env::var_os("HOT_RELOAD_DEV").is_some_and(|v| v == "1") { current_parent() } else { None }
}

#[cfg(unix)]
fn current_parent() -> Option<u32> {
    Some(std::os::unix::process::parent_id())
}

/// Windows does not re-parent orphans, so there is nothing to notice there: not checked.
#[cfg(not(unix))]
fn current_parent() -> Option<u32> {
    None
}

/// Same format as the TypeScript runtime (src/runtime/swap-line.ts): one decimal below 10 ms, whole above.
fn elapsed_ms(started: Instant) -> String {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.1} ms") } else { format!("{ms:.0} ms") }
}

fn stamp(file: &Path) -> Option<(SystemTime, u64)> {
    let metadata = fs::metadata(file).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

fn read_published(file: &Path) -> Result<Published, String> {
    let text = fs::read_to_string(file).map_err(|error| error.to_string())?;
    parse_published(&text)
}

/// Parses the flat JSON object the dev loop writes. Only strings and numbers at
/// the top level are supported; that is all current.json contains.
pub fn parse_published(text: &str) -> Result<Published, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut chars = text.trim().chars().peekable();
    if chars.next() != Some('{') {
        return Err("not a JSON object".into());
    }
    loop {
        skip_space(&mut chars);
        match chars.peek() {
            Some('}') => break,
            Some(',') => {
                chars.next();
                continue;
            }
            Some('"') => {}
            _ => return Err("malformed JSON".into()),
        }
        let key = json_string(&mut chars)?;
        skip_space(&mut chars);
        if chars.next() != Some(':') {
            return Err("malformed JSON: expected `:`".into());
        }
        skip_space(&mut chars);
        let value = if chars.peek() == Some(&'"') {
            json_string(&mut chars)?
        } else {
            let mut raw = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '}' || c.is_whitespace() {
                    break;
                }
                raw.push(c);
                chars.next();
            }
            raw
        };
        fields.push((key, value));
    }
    let get = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .ok_or_else(|| format!("missing \"{name}\""))
    };
    let version = get("version")?.parse::<u64>().map_err(|_| "\"version\" is not a whole number".to_string())?;
    let restart = match get("restart") {
        Ok(raw) => raw.parse::<u64>().map_err(|_| "\"restart\" is not a whole number".to_string())?,
        Err(_) => 0,
    };
    let path = get("path")?;
    // The copy always lives in .hot/ (as the TypeScript runtime checks too): anything else is not ours to load.
    let mut parts = Path::new(&path).components();
    let first_is_hot = matches!(parts.next(), Some(std::path::Component::Normal(dir)) if dir == ".hot");
    if !first_is_hot || parts.any(|part| !matches!(part, std::path::Component::Normal(_))) || path.contains("..") {
        return Err(format!("current.json: \"path\" must be inside .hot/, got {path:?}"));
    }
    Ok(Published { version, path, abi: get("abi")?, restart })
}

fn skip_space(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}

fn json_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    chars.next(); // the opening quote
    let mut out = String::new();
    loop {
        match chars.next() {
            None => return Err("unterminated string".into()),
            Some('"') => return Ok(out),
            Some('\\') => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).map_err(|_| "bad \\u escape".to_string())?;
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                Some(c) => out.push(c), // \" \\ \/
                None => return Err("unterminated string".into()),
            },
            Some(c) => out.push(c),
        }
    }
}

#[cfg(unix)]
mod sys {
    use std::ffi::{CStr, CString, c_char, c_int, c_void};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    const RTLD_NOW: c_int = 2;
    // RTLD_LOCAL is 0 on Linux and 4 on macOS; local is what we want on both: each version keeps its own symbols.
    #[cfg(target_os = "macos")]
    const RTLD_LOCAL: c_int = 4;
    #[cfg(not(target_os = "macos"))]
    const RTLD_LOCAL: c_int = 0;

    #[cfg_attr(target_os = "linux", link(name = "dl"))]
    unsafe extern "C" {
        fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
        fn dlclose(handle: *mut c_void) -> c_int;
        fn dlerror() -> *mut c_char;
    }

    pub fn open(path: &Path) -> Result<*mut c_void, String> {
        let name = CString::new(path.as_os_str().as_bytes()).map_err(|_| "path contains a NUL byte".to_string())?;
        // SAFETY: `name` is a valid C string; dlerror is read right after the failing call, on this thread.
        unsafe {
            let handle = dlopen(name.as_ptr(), RTLD_NOW | RTLD_LOCAL);
            if handle.is_null() { Err(last_error()) } else { Ok(handle) }
        }
    }

    pub fn symbol(handle: *mut c_void, name: &str) -> *mut c_void {
        let Ok(name) = CString::new(name) else { return std::ptr::null_mut() };
        // SAFETY: `handle` came from dlopen and is still open (Library owns it).
        unsafe { dlsym(handle, name.as_ptr()) }
    }

    pub fn close(handle: *mut c_void) {
        // SAFETY: called once, from Library::drop, after nothing can call into the library any more.
        unsafe {
            dlclose(handle);
        }
    }

    unsafe fn last_error() -> String {
        // SAFETY: dlerror returns null or a C string valid until the next dl* call on this thread.
        unsafe {
            let message = dlerror();
            if message.is_null() { "unknown dlopen error".into() } else { CStr::from_ptr(message).to_string_lossy().into_owned() }
        }
    }
}

#[cfg(windows)]
mod sys {
    use std::ffi::{CString, c_char, c_void};
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn LoadLibraryW(name: *const u16) -> *mut c_void;
        fn GetProcAddress(module: *mut c_void, name: *const c_char) -> *mut c_void;
        fn FreeLibrary(module: *mut c_void) -> i32;
        fn GetLastError() -> u32;
    }

    pub fn open(path: &Path) -> Result<*mut c_void, String> {
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain(std::iter::once(0)).collect();
        // SAFETY: `wide` is a NUL-terminated UTF-16 path.
        let handle = unsafe { LoadLibraryW(wide.as_ptr()) };
        if handle.is_null() {
            // SAFETY: no other call in between that could reset the thread's last error.
            Err(format!("{}: LoadLibraryW failed with error {}", path.display(), unsafe { GetLastError() }))
        } else {
            Ok(handle)
        }
    }

    pub fn symbol(handle: *mut c_void, name: &str) -> *mut c_void {
        let Ok(name) = CString::new(name) else { return std::ptr::null_mut() };
        // SAFETY: `handle` came from LoadLibraryW and is still loaded (Library owns it).
        unsafe { GetProcAddress(handle, name.as_ptr()) }
    }

    pub fn close(handle: *mut c_void) {
        // SAFETY: called once, from Library::drop, after nothing can call into the library any more.
        unsafe {
            FreeLibrary(handle);
        }
    }
}
