//! The calls about the process rather than files: arguments, environment,
//! clocks and random bytes.

use super::types::{errno, WasiResult};
use super::WasiP1;
use crate::memory;

/// `args_sizes_get` / `environ_sizes_get`: how many strings, and how many
/// bytes they take with their NUL terminators.
fn sizes_get(memory: &mut [u8], strings: &[String], count: u32, size: u32) -> WasiResult {
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    memory::slice_mut(memory, size, 4)?; // both checked before either is written
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

/// `clock_time_get(id, precision, out)`, in nanoseconds: realtime (0),
/// monotonic (1, from the guest's start), and the CPU time of the process
/// (2) and of the calling thread (3).
pub fn clock_time_get(memory: &mut [u8], state: &mut WasiP1<'_>, id: u32, _precision: u64, out: u32) -> WasiResult {
    use rustix::time::{clock_gettime, ClockId};
    let nanos = |t: rustix::time::Timespec| (t.tv_sec as u64) * 1_000_000_000 + t.tv_nsec as u64;
    let now = match id {
        0 => realtime_nanos(),
        1 => state.ctx.started.elapsed().as_nanos() as u64,
        2 => nanos(clock_gettime(ClockId::ProcessCPUTime)),
        3 => nanos(clock_gettime(ClockId::ThreadCPUTime)),
        _ => return Err(errno::INVAL),
    };
    Ok(memory::write_u64(memory, out, now)?)
}

/// `clock_res_get(id, out)`: the clocks above all count in nanoseconds.
pub fn clock_res_get(memory: &mut [u8], _: &mut WasiP1<'_>, id: u32, out: u32) -> WasiResult {
    match id {
        0..=3 => Ok(memory::write_u64(memory, out, 1)?),
        _ => Err(errno::INVAL),
    }
}

pub fn realtime_nanos() -> u64 {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since_epoch.map_or(0, |d| d.as_nanos() as u64)
}

/// `random_get(buf, len)`: fills the buffer from the kernel's generator
/// (getrandom(2), which needs no `/dev` and may fill less per call).
pub fn random_get(memory: &mut [u8], _: &mut WasiP1<'_>, buf: u32, len: u32) -> WasiResult {
    let mut target = memory::slice_mut(memory, buf, len)?;
    while !target.is_empty() {
        let filled = rustix::rand::getrandom(&mut *target, rustix::rand::GetRandomFlags::empty())?;
        target = &mut target[filled..];
    }
    Ok(())
}

pub fn sched_yield(_: &mut [u8], _: &mut WasiP1<'_>) -> WasiResult {
    std::thread::yield_now();
    Ok(())
}

pub fn args_sizes_get(memory: &mut [u8], state: &mut WasiP1<'_>, count: u32, size: u32) -> WasiResult {
    sizes_get(memory, &state.ctx.args, count, size)
}

pub fn args_get(memory: &mut [u8], state: &mut WasiP1<'_>, pointers: u32, buffer: u32) -> WasiResult {
    strings_get(memory, &state.ctx.args, pointers, buffer)
}

pub fn environ_sizes_get(memory: &mut [u8], state: &mut WasiP1<'_>, count: u32, size: u32) -> WasiResult {
    sizes_get(memory, &state.ctx.env, count, size)
}

pub fn environ_get(memory: &mut [u8], state: &mut WasiP1<'_>, pointers: u32, buffer: u32) -> WasiResult {
    strings_get(memory, &state.ctx.env, pointers, buffer)
}
