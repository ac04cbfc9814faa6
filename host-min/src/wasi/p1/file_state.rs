//! Calls on an open descriptor's state rather than its data: its size and
//! times (`fd_filestat_*`), hints (`fd_advise`, `fd_allocate`), syncing,
//! and the flags that can change while it is open.

use super::fd_table::Handle;
use super::files::file;
use super::types::{errno, fdflags, fstflags, rights, write_filestat, WasiResult};
use super::WasiP1;
use crate::memory;
use rustix::fs::{Timespec, Timestamps};

pub fn fd_filestat_get(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, out: u32) -> WasiResult {
    let entry = state.fds.get(fd, rights::FD_FILESTAT_GET)?;
    let stat = match entry.handle {
        // The streams are not files of the host's that a guest may look at.
        Handle::Stdin | Handle::Stdout | Handle::Stderr => {
            let mut record = [0u8; 64];
            record[16] = entry.filetype;
            return Ok(memory::write(memory, out, &record)?);
        }
        _ => rustix::fs::fstat(entry.host_fd()?)?,
    };
    write_filestat(memory, out, &stat)
}

pub fn fd_filestat_set_size(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32, size: u64) -> WasiResult {
    let entry = state.fds.get(fd, 0)?;
    let host = file(entry, rights::FD_FILESTAT_SET_SIZE)?;
    Ok(rustix::fs::ftruncate(host, size)?)
}

/// The two times of `fd_filestat_set_times`/`path_filestat_set_times`, from
/// WASI's flags: each is a given time, "now", or left alone. Asking for a
/// time and "now" at once, or an unknown flag, is EINVAL.
pub fn timestamps(atim: u64, mtim: u64, flags: u32) -> WasiResult<Timestamps> {
    let known = fstflags::ATIM | fstflags::ATIM_NOW | fstflags::MTIM | fstflags::MTIM_NOW;
    let flags = u16::try_from(flags).map_err(|_| errno::INVAL)?;
    if flags & !known != 0 {
        return Err(errno::INVAL);
    }
    let one = |given: u16, now: u16, nanos: u64| -> WasiResult<Timespec> {
        let (sec, nsec) = match (flags & given != 0, flags & now != 0) {
            (true, true) => return Err(errno::INVAL),
            (true, false) => ((nanos / 1_000_000_000) as i64, (nanos % 1_000_000_000) as i64),
            (false, true) => (0, rustix::fs::UTIME_NOW),
            (false, false) => (0, rustix::fs::UTIME_OMIT),
        };
        Ok(Timespec {
            tv_sec: sec,
            tv_nsec: nsec,
        })
    };
    Ok(Timestamps {
        last_access: one(fstflags::ATIM, fstflags::ATIM_NOW, atim)?,
        last_modification: one(fstflags::MTIM, fstflags::MTIM_NOW, mtim)?,
    })
}

pub fn fd_filestat_set_times(
    _: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult {
    let times = timestamps(atim, mtim, flags)?;
    let entry = state.fds.get(fd, rights::FD_FILESTAT_SET_TIMES)?;
    Ok(rustix::fs::futimens(entry.host_fd()?, &times)?)
}

/// `fd_advise(fd, offset, len, advice)`: a hint, passed to the kernel.
pub fn fd_advise(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32, offset: u64, len: u64, advice: u32) -> WasiResult {
    use rustix::fs::Advice;
    let advice = match advice {
        0 => Advice::Normal,
        1 => Advice::Sequential,
        2 => Advice::Random,
        3 => Advice::WillNeed,
        4 => Advice::DontNeed,
        5 => Advice::NoReuse,
        _ => return Err(errno::INVAL),
    };
    let entry = state.fds.get(fd, 0)?;
    let host = file(entry, rights::FD_ADVISE)?;
    let len = std::num::NonZeroU64::new(len);
    Ok(rustix::fs::fadvise(host, offset, len, advice)?)
}

/// `fd_allocate(fd, offset, len)`: makes sure the range is backed by disk,
/// growing the file if it ends before `offset + len`.
pub fn fd_allocate(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32, offset: u64, len: u64) -> WasiResult {
    let entry = state.fds.get(fd, 0)?;
    let host = file(entry, rights::FD_ALLOCATE)?;
    offset
        .checked_add(len)
        .filter(|end| *end <= i64::MAX as u64)
        .ok_or(errno::FBIG)?;
    match rustix::fs::fallocate(host, rustix::fs::FallocateFlags::empty(), offset, len) {
        Err(rustix::io::Errno::OPNOTSUPP) => Err(errno::NOTSUP), // the filesystem cannot
        other => Ok(other?),
    }
}

pub fn fd_sync(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32) -> WasiResult {
    let entry = state.fds.get(fd, rights::FD_SYNC)?;
    Ok(rustix::fs::fsync(entry.host_fd()?)?)
}

pub fn fd_datasync(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32) -> WasiResult {
    let entry = state.fds.get(fd, 0)?;
    Ok(rustix::fs::fdatasync(file(entry, rights::FD_DATASYNC)?)?)
}

/// `fd_fdstat_set_flags(fd, flags)`: only APPEND and NONBLOCK can change
/// on an open descriptor; the sync flags are chosen at `path_open`. Both
/// live in the table only: the host descriptor stays without O_APPEND (see
/// `write`) and non-blocking, and blocking is the guest's view of it
/// (blocking.rs).
pub fn fd_fdstat_set_flags(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32, flags: u32) -> WasiResult {
    let flags = u16::try_from(flags).map_err(|_| errno::INVAL)?;
    let entry = state.fds.get_mut(fd, rights::FD_FDSTAT_SET_FLAGS)?;
    let changeable = fdflags::APPEND | fdflags::NONBLOCK;
    if (flags ^ entry.flags) & !changeable != 0 {
        return Err(errno::NOTSUP);
    }
    entry.flags = flags;
    Ok(())
}
