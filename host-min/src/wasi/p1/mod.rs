//! host-min's own WASI preview 1, written by hand: no wasmtime-wasi, no
//! cap-std. The whole import surface is the table in `add_to_linker`; each
//! entry names the Rust function that implements it.
//!
//! - `process.rs`: arguments, environment, clocks, random bytes;
//! - `fd_table.rs`: the guest's descriptors, with their rights and flags;
//! - `files.rs`: reading, writing and seeking; `file_state.rs`: sizes,
//!   times, hints, syncing and flags of open files;
//! - `descriptors.rs`: closing, renumbering, fdstat, preopens, `fd_readdir`;
//! - `open.rs`: `path_open`; `paths.rs`: the other `path_*` calls; both
//!   through the shared `../resolve.rs`, which is where "nothing leaves a
//!   granted directory" is enforced;
//! - `poll.rs`: `poll_oneoff`; the shared `../blocking.rs`: reads and
//!   writes that wait, never past the guest's deadline;
//! - `refusals.rs`: sockets and signals, which host-min does not offer;
//! - `types.rs`: rights bits, flags, and the records' byte layouts (the
//!   errno numbers are the shared `../errno.rs`).
//!
//! Every function reads and writes guest memory only through the checked
//! helpers in `memory.rs`: a bad pointer is EFAULT, never a host crash.

mod descriptors;
pub mod fd_table;
mod file_state;
mod files;
mod open;
mod paths;
mod poll;
mod process;
mod refusals;
pub mod types;

pub use types::{errno, Errno, Stop, WasiResult};
// The shared core, used by this version's files as `super::resolve` etc.
pub use super::GuestExit;
use super::{blocking, resolve};

use crate::wasi::state::WasiCtx;
use fd_table::FdTable;
use wasmtime::{Caller, Linker};

pub const MODULE: &str = "wasi_snapshot_preview1";

/// What a preview-1 function sees: the context both versions share and the
/// guest's numbered descriptors (stdio, the directories granted to it with
/// `FdTable::preopen`, and what it opened beneath them).
pub struct WasiP1<'a> {
    pub ctx: &'a mut WasiCtx,
    pub fds: &'a mut FdTable,
}

/// Where a store's data keeps the two: the host hands this to
/// `add_to_linker`, so WASI needs to know nothing else of the host's state.
pub type GetWasi<T> = fn(&mut T) -> WasiP1<'_>;

/// Runs `body` with the guest's memory and its WASI state, and turns its
/// outcome into the errno the guest receives. A call that waited until the
/// guest's deadline (blocking.rs, poll.rs) ends the guest there, with the
/// same trap epoch interruption raises, so it is reported as a timeout.
fn with_memory<T, E: Into<Stop>>(
    caller: &mut Caller<'_, T>,
    get: GetWasi<T>,
    body: impl FnOnce(&mut [u8], &mut WasiP1<'_>) -> Result<(), E>,
) -> wasmtime::Result<i32> {
    let Some(memory) = caller.get_export("memory").and_then(|e| e.into_memory()) else {
        return Ok(errno::FAULT.0); // a module with no exported memory has no buffers to give
    };
    let (data, state) = memory.data_and_store_mut(caller);
    match body(data, &mut get(state)).map_err(Into::into) {
        Ok(()) => Ok(errno::SUCCESS),
        Err(Stop::Errno(Errno(code))) => Ok(code),
        Err(Stop::Deadline) => Err(wasmtime::Trap::Interrupt.into()),
    }
}

/// Links each WASI function to its implementation: the import's name and
/// parameters (i32 as u32, i64 as u64 or i64), then the Rust function,
/// which takes the guest's memory, its WASI state and those parameters.
macro_rules! link {
    ($linker:ident, $get:ident: $($name:ident($($arg:ident: $ty:ty),*) => $func:path;)*) => {$(
        $linker.func_wrap(MODULE, stringify!($name), move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> wasmtime::Result<i32> {
            with_memory(&mut caller, $get, |memory, state| $func(memory, state, $($arg),*))
        })?;
    )*};
}

/// Links every preview-1 function for a store whose data is `T`; `get`
/// finds the guest's `WasiP1` in it.
pub fn add_to_linker<T: 'static>(linker: &mut Linker<T>, get: GetWasi<T>) -> wasmtime::Result<()> {
    linker.func_wrap(MODULE, "proc_exit", |code: u32| -> wasmtime::Result<()> {
        Err(wasmtime::Error::new(GuestExit(code)))
    })?;
    link! { linker, get:
        args_get(pointers: u32, buffer: u32) => process::args_get;
        args_sizes_get(count: u32, size: u32) => process::args_sizes_get;
        environ_get(pointers: u32, buffer: u32) => process::environ_get;
        environ_sizes_get(count: u32, size: u32) => process::environ_sizes_get;
        clock_res_get(id: u32, out: u32) => process::clock_res_get;
        clock_time_get(id: u32, precision: u64, out: u32) => process::clock_time_get;
        random_get(buf: u32, len: u32) => process::random_get;
        sched_yield() => process::sched_yield;

        fd_read(fd: u32, iovs: u32, count: u32, nread: u32) => files::fd_read;
        fd_pread(fd: u32, iovs: u32, count: u32, offset: u64, nread: u32) => files::fd_pread;
        fd_write(fd: u32, iovs: u32, count: u32, nwritten: u32) => files::fd_write;
        fd_pwrite(fd: u32, iovs: u32, count: u32, offset: u64, nwritten: u32) => files::fd_pwrite;
        fd_seek(fd: u32, offset: i64, whence: u32, out: u32) => files::fd_seek;
        fd_tell(fd: u32, out: u32) => files::fd_tell;
        fd_filestat_get(fd: u32, out: u32) => file_state::fd_filestat_get;
        fd_filestat_set_size(fd: u32, size: u64) => file_state::fd_filestat_set_size;
        fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32) => file_state::fd_filestat_set_times;
        fd_advise(fd: u32, offset: u64, len: u64, advice: u32) => file_state::fd_advise;
        fd_allocate(fd: u32, offset: u64, len: u64) => file_state::fd_allocate;
        fd_sync(fd: u32) => file_state::fd_sync;
        fd_datasync(fd: u32) => file_state::fd_datasync;
        fd_fdstat_set_flags(fd: u32, flags: u32) => file_state::fd_fdstat_set_flags;

        fd_close(fd: u32) => descriptors::fd_close;
        fd_renumber(from: u32, to: u32) => descriptors::fd_renumber;
        fd_fdstat_get(fd: u32, out: u32) => descriptors::fd_fdstat_get;
        fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64) => descriptors::fd_fdstat_set_rights;
        fd_prestat_get(fd: u32, out: u32) => descriptors::fd_prestat_get;
        fd_prestat_dir_name(fd: u32, path: u32, len: u32) => descriptors::fd_prestat_dir_name;
        fd_readdir(fd: u32, buf: u32, len: u32, cookie: u64, bufused: u32) => descriptors::fd_readdir;

        path_open(fd: u32, lookup: u32, path: u32, path_len: u32, oflags: u32,
                  base: u64, inheriting: u64, fdflags: u32, out: u32) => open::path_open;
        path_create_directory(fd: u32, path: u32, len: u32) => paths::path_create_directory;
        path_remove_directory(fd: u32, path: u32, len: u32) => paths::path_remove_directory;
        path_unlink_file(fd: u32, path: u32, len: u32) => paths::path_unlink_file;
        path_rename(fd: u32, old: u32, old_len: u32, new_fd: u32, new: u32, new_len: u32) => paths::path_rename;
        path_link(fd: u32, lookup: u32, old: u32, old_len: u32,
                  new_fd: u32, new: u32, new_len: u32) => paths::path_link;
        path_symlink(target: u32, target_len: u32, fd: u32, path: u32, len: u32) => paths::path_symlink;
        path_readlink(fd: u32, path: u32, len: u32, buf: u32, buf_len: u32, used: u32) => paths::path_readlink;
        path_filestat_get(fd: u32, lookup: u32, path: u32, len: u32, out: u32) => paths::path_filestat_get;
        path_filestat_set_times(fd: u32, lookup: u32, path: u32, len: u32,
                                atim: u64, mtim: u64, flags: u32) => paths::path_filestat_set_times;

        poll_oneoff(input: u32, output: u32, count: u32, nevents: u32) => poll::poll_oneoff;
    }
    refusals::add_to_linker(linker, get)
}
