//! The hot code. Edit a function body and save while `npm run dev` runs: the
//! running host picks up the new code and keeps its state.
//!
//! Exported functions are `#[unsafe(no_mangle)] pub extern "C"` and the types
//! they take are `#[repr(C)]`: one C ABI that both hosts call (the TypeScript
//! host through koffi, the Rust host through `src/hot_lib.rs`). Bindings are
//! generated from this file; change a signature or a field and the dev loop
//! restarts the host instead of swapping, because a swap across a layout change
//! would be undefined behaviour.

/// State owned by the host. It lives outside the library, so it survives every reload.
#[repr(C)]
#[derive(Debug, Default)]
pub struct State {
    pub counter: u64,
}

/// Called once a second by both hosts. Change the text, save, and watch.
#[unsafe(no_mangle)]
pub extern "C" fn step(state: &mut State) {
    state.counter += 1;
    println!("doing stuff in iteration {}", state.counter);
}
