//! host-min's own WASI 0.2, written by hand: no wasmtime-wasi, no cap-std.
//!
//! A `wasm32-wasip2` program is a component. It imports WASI as
//! interfaces of resources: a stream, a descriptor or a pollable is a
//! handle (a number in the guest's handle table) that the host made and
//! the guest owns or borrows. The canonical ABI moves the arguments; the
//! host keeps what each handle stands for in its own table (`table.rs`).
//!
//! `bindgen!` reads the WASI WIT files (wit/wasi/, pinned from the
//! `wasip2` crate) and writes one Rust trait per interface and resource.
//! Every method of every trait is implemented here by hand:
//!
//! - `table.rs`: the resources the guest holds, with a cap, and which is
//!   whose child (a pollable belongs to its stream);
//! - `io.rs`: `wasi:io` (error, poll, streams) over `streams.rs`, what
//!   each input and output stream reads from and writes to, and
//!   `pollable.rs`, what each pollable waits for;
//! - `cli.rs`: arguments, environment, exit, stdio, terminals;
//! - `clocks.rs`: monotonic and wall clocks, and random numbers;
//! - `files.rs`: a descriptor's own methods (streams, stat, read, write),
//!   with `stat.rs` for how a stat, a hash and times are written in 0.2;
//!   `paths.rs`: its `*-at` methods and `open-at`, through the shared core
//!   (../paths.rs, ../resolve.rs) that preview 1 uses too;
//! - `sockets.rs`: `wasi:sockets`, linked as refusals;
//! - `errors.rs`: the shared core's errno as WASI 0.2's `error-code`.
//!
//! Every import is "trappable": it returns `wasmtime::Result`, whose error
//! ends the guest with one line (a handle of the wrong type, a write past
//! its permit, a table that is full), and whose value is what the WIT
//! function returns, errors included.

mod cli;
mod clocks;
mod errors;
mod files;
mod io;
mod paths;
mod pollable;
mod sockets;
mod stat;
mod streams;
pub mod table;

use crate::wasi::p1::fd_table::FdTable;
use crate::wasi::state::WasiCtx;
use table::Table;
use wasmtime::component::{HasData, Linker};

/// What a WASI 0.2 function sees: the context both versions share, the
/// resources the guest holds (streams, descriptors, pollables, by the rep
/// its handles stand for), and preview 1's descriptor table, where the
/// granted directories are (`get-directories` lists them from there, so a
/// grant is made once for both versions).
pub struct WasiP2<'a> {
    pub ctx: &'a mut WasiCtx,
    pub fds: &'a mut FdTable,
    pub resources: &'a mut Table,
}

impl WasiP2<'_> {
    /// The resource table and the standard streams, borrowed apart, for a
    /// stream's read or write that may touch both.
    fn split(&mut self) -> (&mut Table, streams::Stdio<'_>) {
        let stdio = streams::Stdio {
            stdin: &mut self.ctx.stdin,
            stdout: &mut self.ctx.stdout,
            stderr: &mut self.ctx.stderr,
            deadline: self.ctx.deadline,
        };
        (self.resources, stdio)
    }
}

/// Tells `bindgen!`'s linker that its functions run on a `WasiP2` view.
struct View;

impl HasData for View {
    type Data<'a> = WasiP2<'a>;
}

/// The generated traits and types. `imports: trappable` gives every
/// function a `wasmtime::Result` around its WIT result. No `with`: each
/// resource is the plain type bindgen! declares, used only as the type
/// parameter of `Resource<T>`; what it stands for lives in `table.rs`.
mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit/wasi",
        world: "host-min:wasi/host-imports",
        imports: { default: trappable },
    });
}

pub use bindings::wasi;

/// The name of the export a WASI 0.2 command runs: `run` in this interface.
pub const RUN_INTERFACE: &str = "wasi:cli/run@0.2.0";

/// Links every WASI 0.2 interface for a store whose data is `T`; `get`
/// finds the guest's `WasiP2` in it. A component that imports an older 0.2.x
/// version binds to these: the linker matches semver-compatible names.
pub fn add_to_linker<T: 'static>(linker: &mut Linker<T>, get: fn(&mut T) -> WasiP2<'_>) -> wasmtime::Result<()> {
    bindings::HostImports::add_to_linker::<T, View>(linker, &Default::default(), get)
}
