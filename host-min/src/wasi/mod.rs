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
//! - `state.rs`: `WasiCtx`, what both versions keep for a guest (argv,
//!   environment, stdio, clock, deadline). Each version adds its own table
//!   of what the guest holds and sees the two through a view of its own
//!   (`p1::WasiP1`, `p2::WasiP2`, as wasmtime-wasi's `WasiCtxView`), which
//!   the host builds from its store data (`add_to_linker(linker, get)`).
//!   So wasi/ depends on nothing of the host's own state, and inside it
//!   dependencies run one way: the core <- p1 <- p2 (0.2 reads the
//!   directories granted in preview 1's descriptor table).

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
