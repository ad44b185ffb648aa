//! The hot code. Edit a function body and save while `npm run dev` runs: the
//! running host picks up the new code and keeps its state.
//!
//! Exported functions are `#[unsafe(no_mangle)] pub extern "C"` and the types
//! they take are `#[repr(C)]`: one C ABI that both hosts call (the TypeScript
//! host through koffi, the Rust host through `src/hot_lib.rs`). Bindings are
//! generated from this file. Add, remove, retype or rename a field of `State`
//! and the TypeScript host carries its value over by field name (`/// hot: was
//! old_name` above a renamed field); change a function's signature and the host
//! restarts, its state carried in a snapshot.

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
