//! Calls on an open descriptor's data: reading, writing and seeking.
//! Standard streams go to the host's stdin, stdout and stderr; files go to
//! the kernel through their host descriptor.
//!
//! The iovec tables and buffers are checked whole before any byte moves
//! (memory.rs), so a bad pointer is EFAULT with nothing half-done.

use super::blocking;
use super::fd_table::{require, Descriptor, Handle};
use super::types::{errno, fdflags, rights, Waited, WasiResult};
use super::WasiP1;
use crate::memory;
use crate::wasi::state::Input;
use rustix::event::PollFlags;
use rustix::fd::BorrowedFd;
use std::io::{Read, Write};

/// The host descriptor of an open regular file with the `needed` rights:
/// EBADF for a directory or a stream, ENOTCAPABLE for a right it lacks.
pub fn file(entry: &Descriptor, needed: u64) -> WasiResult<BorrowedFd<'_>> {
    let Handle::File(_) = entry.handle else {
        return Err(errno::BADF);
    };
    require(entry.base, needed)?;
    entry.host_fd()
}

/// The guest's iovecs (8 bytes each: pointer, length), every one checked.
fn iovecs(memory: &[u8], iovs: u32, count: u32) -> WasiResult<Vec<(u32, u32)>> {
    let table = memory::records(memory, iovs, count, 8)?;
    let mut list = Vec::with_capacity(table.len() / 8);
    for iovec in table.chunks_exact(8) {
        let ptr = u32::from_le_bytes([iovec[0], iovec[1], iovec[2], iovec[3]]);
        let len = u32::from_le_bytes([iovec[4], iovec[5], iovec[6], iovec[7]]);
        memory::read(memory, ptr, len)?;
        list.push((ptr, len));
    }
    Ok(list)
}

/// `fd_read` and `fd_pread` fill the first non-empty iovec: a read may
/// always return less than asked, and one buffer keeps it one system call.
/// A read that would wait (stdin, a FIFO) waits no longer than the
/// guest's deadline (blocking.rs).
fn read_into(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    at: Option<u64>,
) -> Waited<u32> {
    let list = iovecs(memory, iovs, count)?;
    let entry = state.fds.get(fd, 0)?;
    let Some(&(ptr, len)) = list.iter().find(|(_, len)| *len > 0) else {
        return Ok(0); // nothing to read into
    };
    let target = memory::slice_mut(memory, ptr, len)?;
    let (deadline, nonblocking) = (state.ctx.deadline, entry.flags & fdflags::NONBLOCK != 0);
    let got = match (&entry.handle, at) {
        (Handle::Stdin, None) => match &mut state.ctx.stdin {
            Input::Bytes(bytes) => bytes.read(target)?,
            Input::Host => {
                let stdin = std::io::stdin();
                if deadline.is_some() {
                    blocking::wait(&stdin, PollFlags::IN, deadline)?;
                }
                rustix::io::read(&stdin, target)?
            }
        },
        (Handle::Stdin | Handle::Stdout | Handle::Stderr, Some(_)) => return Err(errno::SPIPE.into()),
        (Handle::Stdout | Handle::Stderr, None) => return Err(errno::BADF.into()),
        (_, None) => {
            let host = file(entry, rights::FD_READ)?;
            blocking::retry(host, PollFlags::IN, nonblocking, deadline, || {
                rustix::io::read(host, &mut *target)
            })?
        }
        (_, Some(offset)) => rustix::io::pread(file(entry, rights::FD_READ | rights::FD_SEEK)?, target, offset)?,
    };
    Ok(got as u32)
}

pub fn fd_read(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, iovs: u32, count: u32, nread: u32) -> Waited {
    memory::slice_mut(memory, nread, 4)?;
    let got = read_into(memory, state, fd, iovs, count, None)?;
    Ok(memory::write_u32(memory, nread, got)?)
}

pub fn fd_pread(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    nread: u32,
) -> Waited {
    memory::slice_mut(memory, nread, 4)?;
    let got = read_into(memory, state, fd, iovs, count, Some(offset))?;
    Ok(memory::write_u32(memory, nread, got)?)
}

/// The most one `fd_write` or `fd_pwrite` moves. iovecs may overlap, so
/// their lengths can add up to far more than the guest's memory (65,536
/// iovecs of 2 MiB each name 128 GiB). Past this, the write is short, as a
/// write may always be, and the guest calls again.
pub const MAX_WRITE: usize = 16 << 20;

/// The kernel's limit on iovecs per `writev` (IOV_MAX).
const MAX_PIECES: usize = 1024;

/// The guest's iovecs as slices of its own memory, no copy made, up to
/// MAX_WRITE bytes and MAX_PIECES slices.
fn pieces<'m>(memory: &'m [u8], list: &[(u32, u32)]) -> WasiResult<Vec<std::io::IoSlice<'m>>> {
    let (mut pieces, mut total) = (Vec::new(), 0usize);
    for &(ptr, len) in list.iter().filter(|(_, len)| *len > 0) {
        if pieces.len() == MAX_PIECES || total == MAX_WRITE {
            break;
        }
        let take = (len as usize).min(MAX_WRITE - total);
        pieces.push(std::io::IoSlice::new(memory::read(memory, ptr, take as u32)?));
        total += take;
    }
    Ok(pieces)
}

/// `fd_write` and `fd_pwrite` hand the guest's iovecs to one `writev`. A
/// stream takes all of them; a file may take less, and says how much.
fn write_from(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    at: Option<u64>,
) -> Waited<u32> {
    let list = iovecs(memory, iovs, count)?;
    let entry = state.fds.get(fd, 0)?;
    let pieces = pieces(memory, &list)?;
    let total: usize = pieces.iter().map(|piece| piece.len()).sum();
    let stream: &mut dyn Write = match (&entry.handle, at) {
        (Handle::Stdout, None) => &mut state.ctx.stdout,
        (Handle::Stderr, None) => &mut state.ctx.stderr,
        (Handle::Stdin | Handle::Stdout | Handle::Stderr, Some(_)) => return Err(errno::SPIPE.into()),
        (Handle::Stdin, None) => return Err(errno::BADF.into()),
        (_, None) => {
            let host = file(entry, rights::FD_WRITE)?;
            let nonblocking = entry.flags & fdflags::NONBLOCK != 0;
            let write = || write(host, entry.flags, &pieces);
            return Ok(blocking::retry(host, PollFlags::OUT, nonblocking, state.ctx.deadline, write)? as u32);
        }
        (_, Some(offset)) => {
            let host = file(entry, rights::FD_WRITE | rights::FD_SEEK)?;
            return Ok(rustix::io::pwritev(host, &pieces, offset)? as u32);
        }
    };
    for piece in &pieces {
        stream.write_all(piece)?;
    }
    Ok(total as u32)
}

/// A write at the file's position, or at its end in append mode.
///
/// Append mode is WASI's flag, not the host descriptor's O_APPEND: on
/// Linux, `pwrite` on an O_APPEND descriptor ignores its offset and
/// appends, where WASI (like POSIX) writes at the offset. So each write in
/// append mode asks for appending itself (`RWF_APPEND`; the offset -1 means
/// "and move the position past it"), atomically, as O_APPEND would.
fn write(host: BorrowedFd<'_>, flags: u16, pieces: &[std::io::IoSlice<'_>]) -> rustix::io::Result<usize> {
    if flags & fdflags::APPEND == 0 {
        return rustix::io::writev(host, pieces);
    }
    rustix::io::pwritev2(host, pieces, u64::MAX, rustix::io::ReadWriteFlags::APPEND)
}

pub fn fd_write(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, iovs: u32, count: u32, nwritten: u32) -> Waited {
    memory::slice_mut(memory, nwritten, 4)?; // the result pointer, checked up front
    let wrote = write_from(memory, state, fd, iovs, count, None)?;
    Ok(memory::write_u32(memory, nwritten, wrote)?)
}

pub fn fd_pwrite(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    nwritten: u32,
) -> Waited {
    memory::slice_mut(memory, nwritten, 4)?;
    let wrote = write_from(memory, state, fd, iovs, count, Some(offset))?;
    Ok(memory::write_u32(memory, nwritten, wrote)?)
}

/// `fd_seek(fd, offset, whence, newoffset)`: whence 0 = set, 1 = current, 2 = end.
pub fn fd_seek(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, offset: i64, whence: u32, out: u32) -> WasiResult {
    use rustix::fs::SeekFrom;
    memory::slice_mut(memory, out, 8)?;
    let entry = state.fds.get(fd, 0)?;
    if matches!(entry.handle, Handle::Stdin | Handle::Stdout | Handle::Stderr) {
        return Err(errno::SPIPE);
    }
    // Asking only where we are needs FD_TELL; moving needs FD_SEEK.
    let needed = match (offset, whence) {
        (0, 1) => rights::FD_TELL,
        _ => rights::FD_SEEK,
    };
    let host = file(entry, needed)?;
    let position = match whence {
        0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| errno::INVAL)?),
        1 => SeekFrom::Current(offset),
        2 => SeekFrom::End(offset),
        _ => return Err(errno::INVAL),
    };
    let now = rustix::fs::seek(host, position)?;
    Ok(memory::write_u64(memory, out, now)?)
}

pub fn fd_tell(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, out: u32) -> WasiResult {
    fd_seek(memory, state, fd, 0, 1, out)
}
