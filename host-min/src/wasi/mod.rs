//! host-min's own WASI, written by hand: no wasmtime-wasi, no cap-std.
//! Two versions over one core.
//!
//! - `p1/`: WASI preview 1 (`wasi_snapshot_preview1`), the flat C-like API
//!   a core module imports: numbered descriptors, rights, pointers into
//!   the guest's memory.
//! - `p2/`: WASI 0.2, the API a component imports: resources (handles the
//!   host hands out and the guest owns or borrows), streams and pollables,
//!   with the canonical ABI doing the copying.
//! - The shared core both stand on: `resolve.rs`, where every path is
//!   resolved beneath its granted directory by the kernel (so nothing
//!   leaves a grant, in either version); `blocking.rs`, where a wait never
//!   passes the guest's deadline; `errno.rs`, the errors the core answers
//!   in, which preview 1 passes on and 0.2 translates.
//! - `state.rs`: `WasiState`, what both versions keep for a guest (argv,
//!   environment, descriptors and resources, stdio, clock, deadline). Each
//!   version links its functions for any store data that holds one
//!   (`add_to_linker(linker, get)`), so wasi/ depends on nothing of the
//!   host's own state.

pub mod blocking;
pub mod errno;
pub mod p1;
pub mod p2;
pub mod paths;
pub mod resolve;
pub mod state;

pub use errno::{Errno, WasiResult};

/// Raised by preview 1's `proc_exit` and 0.2's `exit`: unwinds the guest
/// and becomes host-min's status.
#[derive(Debug)]
pub struct GuestExit(pub u32);

impl std::fmt::Display for GuestExit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the guest exited with status {}", self.0)
    }
}

impl std::error::Error for GuestExit {}
