//! host-min: a small WebAssembly host on the `wasmtime` crate, written to be
//! read. It runs WASI commands on its own hand-written WASI (`wasi/`:
//! preview 1 and 0.2) and calls plugins through the hand-written ABI
//! of ABI.md (`env.rs`, `plugin.rs`) or the world of wit/plugin.wit
//! (`component.rs`). `Host` (host.rs) is where an embedder starts.
//!
//! The command line (main.rs, cli/) and the benchmark (bench/) are the
//! binary's, beside this library; an embedder gets neither.
//!
//! ```text
//! cargo run -p host-min -- run out/guest-wasi.wasm 35
//! cargo run -p host-min -- call out/guest-raw.wasm upper --input "grüße"
//! ```

pub mod budget;
pub mod cache;
pub mod command;
pub mod component;
pub mod env;
pub mod error;
pub mod failure;
pub mod host;
pub mod inspect;
pub mod limits;
pub mod memory;
pub mod plugin;
pub mod pool;
pub mod precompiled;
pub mod state;
pub mod wasi;
pub mod wasm;
pub mod world;

pub use error::{one_line, printable, HostError, Status};
pub use failure::{blame_memory_cap, describe_failure};
pub use host::{arm, Host};
pub use state::HostState;
pub use wasm::{Wasm, WasmKind};
