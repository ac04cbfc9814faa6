//! host-min's own small WASI preview-1 subset: enough for a command to print,
//! read its arguments and environment, tell the time, get random bytes and
//! exit. No wasmtime-wasi; every function reads and writes guest memory only
//! through the checked helpers in `memory.rs`.
//!
//! Everything else in preview 1 is linked to a refusal (see `refusals.rs`):
//! the guest gets an errno, never an unresolved import, and never a file.

use crate::memory::{self, BadRange};
use crate::state::HostState;
use std::io::{Read, Write};
use wasmtime::{Caller, Linker};

pub const MODULE: &str = "wasi_snapshot_preview1";

/// WASI errno values (preview 1, `wasi_snapshot_preview1.witx`).
pub mod errno {
    pub const SUCCESS: i32 = 0;
    pub const BADF: i32 = 8;
    pub const FAULT: i32 = 21;
    pub const INVAL: i32 = 28;
    pub const IO: i32 = 29;
    pub const NOSYS: i32 = 52;
    pub const NOTCAPABLE: i32 = 76;
}

/// Raised by `proc_exit`: unwinds the guest and becomes host-min's status.
#[derive(Debug)]
pub struct GuestExit(pub u32);

impl std::fmt::Display for GuestExit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the guest exited with status {}", self.0)
    }
}

impl std::error::Error for GuestExit {}

/// A pointer the guest gave us was bad: WASI's answer is EFAULT.
impl From<BadRange> for Errno {
    fn from(_: BadRange) -> Self {
        Errno(errno::FAULT)
    }
}

pub struct Errno(pub i32);

type WasiResult = Result<(), Errno>;

/// Runs `body` with the guest's memory and the host state, and turns its
/// outcome into the errno the guest receives.
fn with_memory(caller: &mut Caller<'_, HostState>, body: impl FnOnce(&mut [u8], &mut HostState) -> WasiResult) -> i32 {
    let Some(memory) = caller.get_export("memory").and_then(|e| e.into_memory()) else {
        return errno::FAULT; // a module with no exported memory has no buffers to give
    };
    let (data, state) = memory.data_and_store_mut(caller);
    match body(data, state) {
        Ok(()) => errno::SUCCESS,
        Err(Errno(code)) => code,
    }
}

pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    linker.func_wrap(
        MODULE,
        "fd_write",
        |mut caller: Caller<'_, HostState>, fd: u32, iovs: u32, iovs_len: u32, nwritten: u32| {
            with_memory(&mut caller, |memory, state| {
                fd_write(memory, state, fd, iovs, iovs_len, nwritten)
            })
        },
    )?;
    linker.func_wrap(MODULE, "proc_exit", |code: u32| -> wasmtime::Result<()> {
        Err(wasmtime::Error::new(GuestExit(code)))
    })?;
    linker.func_wrap(
        MODULE,
        "args_sizes_get",
        |mut caller: Caller<'_, HostState>, count: u32, size: u32| {
            with_memory(&mut caller, |memory, state| sizes_get(memory, &state.args, count, size))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "args_get",
        |mut caller: Caller<'_, HostState>, pointers: u32, buffer: u32| {
            with_memory(&mut caller, |memory, state| {
                strings_get(memory, &state.args, pointers, buffer)
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "environ_sizes_get",
        |mut caller: Caller<'_, HostState>, count: u32, size: u32| {
            with_memory(&mut caller, |memory, state| sizes_get(memory, &state.env, count, size))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "environ_get",
        |mut caller: Caller<'_, HostState>, pointers: u32, buffer: u32| {
            with_memory(&mut caller, |memory, state| {
                strings_get(memory, &state.env, pointers, buffer)
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "clock_time_get",
        |mut caller: Caller<'_, HostState>, id: u32, _precision: u64, out: u32| {
            with_memory(&mut caller, |memory, state| clock_time_get(memory, state, id, out))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "random_get",
        |mut caller: Caller<'_, HostState>, buf: u32, len: u32| {
            with_memory(&mut caller, |memory, _| random_get(memory, buf, len))
        },
    )?;
    linker.func_wrap(MODULE, "sched_yield", || {
        std::thread::yield_now();
        errno::SUCCESS
    })?;
    crate::refusals::add_to_linker(linker)
}

/// `fd_write(fd, iovs, iovs_len, nwritten) -> errno`: gathers the guest's
/// iovecs (8 bytes each: buf u32, buf_len u32) and writes them to stdout or
/// stderr. Every range is checked before a single byte is written.
fn fd_write(memory: &mut [u8], state: &mut HostState, fd: u32, iovs: u32, iovs_len: u32, nwritten: u32) -> WasiResult {
    let out: &mut dyn Write = match fd {
        1 => &mut state.stdout,
        2 => &mut state.stderr,
        0 => return Err(Errno(errno::NOTCAPABLE)), // stdin is not writable
        _ => return Err(Errno(errno::BADF)),       // host-min grants no other descriptors
    };
    memory::slice_mut(memory, nwritten, 4)?; // the result pointer, checked up front
    let table = memory::records(memory, iovs, iovs_len, 8)?;
    let mut pieces = Vec::with_capacity(table.len() / 8);
    let mut total: u32 = 0;
    for iovec in table.chunks_exact(8) {
        let buf = u32::from_le_bytes([iovec[0], iovec[1], iovec[2], iovec[3]]);
        let len = u32::from_le_bytes([iovec[4], iovec[5], iovec[6], iovec[7]]);
        pieces.push(memory::read(memory, buf, len)?);
        total = total.checked_add(len).ok_or(Errno(errno::INVAL))?;
    }
    for piece in pieces {
        out.write_all(piece).map_err(|_| Errno(errno::IO))?;
    }
    memory::write_u32(memory, nwritten, total)?;
    Ok(())
}

/// `args_sizes_get` / `environ_sizes_get`: how many strings, and how many
/// bytes they take with their NUL terminators.
fn sizes_get(memory: &mut [u8], strings: &[String], count: u32, size: u32) -> WasiResult {
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    memory::write_u32(memory, count, strings.len() as u32)?;
    memory::write_u32(memory, size, bytes as u32)?;
    Ok(())
}

/// `args_get` / `environ_get`: the NUL-terminated strings go one after the
/// other at `buffer`, and a pointer to each goes in the array at `pointers`.
/// Both areas are checked whole, up front, so nothing wraps past 4 GiB and
/// nothing is half-written.
fn strings_get(memory: &mut [u8], strings: &[String], pointers: u32, buffer: u32) -> WasiResult {
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    memory::records(memory, pointers, strings.len() as u32, 4)?;
    memory::records(memory, buffer, bytes as u32, 1)?;
    let mut at = buffer as usize;
    for (i, text) in strings.iter().enumerate() {
        // Every offset lies inside an area checked above, so below 4 GiB.
        memory::write_u32(memory, pointers + 4 * i as u32, at as u32)?;
        memory::write(memory, at as u32, text.as_bytes())?;
        memory::write(memory, (at + text.len()) as u32, &[0])?;
        at += text.len() + 1;
    }
    Ok(())
}

/// `clock_time_get(id, precision, out)`: realtime (0) and monotonic (1), in
/// nanoseconds. The CPU-time clocks (2, 3) are not provided.
fn clock_time_get(memory: &mut [u8], state: &HostState, id: u32, out: u32) -> WasiResult {
    let nanos = match id {
        0 => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
        1 => state.started.elapsed().as_nanos() as u64,
        2 | 3 => return Err(Errno(errno::NOSYS)),
        _ => return Err(Errno(errno::INVAL)),
    };
    memory::write_u64(memory, out, nanos)?;
    Ok(())
}

/// `random_get(buf, len)`: fills the buffer from the operating system.
fn random_get(memory: &mut [u8], buf: u32, len: u32) -> WasiResult {
    let target = memory::slice_mut(memory, buf, len)?;
    let mut source = std::fs::File::open("/dev/urandom").map_err(|_| Errno(errno::IO))?;
    source.read_exact(target).map_err(|_| Errno(errno::IO))
}
