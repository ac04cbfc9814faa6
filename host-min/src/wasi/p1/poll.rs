//! `poll_oneoff(in, out, nsubscriptions, nevents)`: waits until one of the
//! guest's subscriptions fires, a clock reaching its time or a descriptor
//! being ready to read or write, and reports every one that has.
//!
//! Regular files, stdout, stderr and input given as bytes never make a
//! reader or writer wait: they are ready at once. The host's stdin and
//! FIFOs can make one wait, so they are asked with `poll(2)`. When nothing
//! is ready, the wait lasts until the first clock is due or a descriptor
//! becomes ready, and never past the guest's deadline: reaching it ends
//! the guest as a timeout (`Stop::Deadline`, see mod.rs).

use super::fd_table::{require, Handle};
use super::types::{errno, filetype, rights, Errno, Stop, Waited, WasiResult};
use super::WasiP1;
use crate::memory;
use crate::wasi::state::Input;
use rustix::event::{PollFd, PollFlags};
use rustix::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant};

/// `subscription`, 48 bytes: userdata u64 at 0, the tag u8 at 8 (clock,
/// fd_read or fd_write), then the union at 16. For a clock: its id u32 at
/// 16, timeout u64 at 24, precision u64 at 32, flags u16 at 40. For a
/// descriptor: the fd u32 at 16.
const SUBSCRIPTION_SIZE: u32 = 48;
/// `event`, 32 bytes: userdata u64 at 0, errno u16 at 8, type u8 at 10,
/// and for descriptors nbytes u64 at 16 and flags u16 at 24.
const EVENT_SIZE: u32 = 32;
const CLOCK: u8 = 0;
const FD_READ: u8 = 1;
const FD_WRITE: u8 = 2;
const ABSTIME: u16 = 1;

/// One event: userdata, errno, type, and for descriptors the bytes ready.
struct Event {
    userdata: u64,
    error: u16,
    kind: u8,
    nbytes: u64,
}

impl Event {
    fn bytes(&self) -> [u8; EVENT_SIZE as usize] {
        let mut record = [0u8; EVENT_SIZE as usize];
        record[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        record[8..10].copy_from_slice(&self.error.to_le_bytes());
        record[10] = self.kind;
        record[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        record
    }
}

/// How a descriptor subscription is answered.
enum Readiness<'a> {
    /// Now, with this many bytes (or this errno).
    Now(Result<u64, Errno>),
    /// When `poll(2)` says so.
    Wait(BorrowedFd<'a>),
}

pub fn poll_oneoff(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    input: u32,
    output: u32,
    count: u32,
    nevents: u32,
) -> Waited {
    if count == 0 {
        return Err(errno::INVAL.into()); // nothing to wait for would wait forever
    }
    memory::slice_mut(memory, nevents, 4)?;
    memory::records(memory, output, count, EVENT_SIZE)?;
    let subscriptions = memory::records(memory, input, count, SUBSCRIPTION_SIZE)?.to_vec();

    let stdin = std::io::stdin();
    let mut ready = Vec::new();
    let mut clocks = Vec::new(); // (due, userdata)
    let mut waiting = Vec::new(); // (userdata, kind, fd)
    for record in subscriptions.chunks_exact(SUBSCRIPTION_SIZE as usize) {
        let u64_at = |at: usize| u64::from_le_bytes(record[at..at + 8].try_into().unwrap_or_default());
        let userdata = u64_at(0);
        let fd = u32::from_le_bytes([record[16], record[17], record[18], record[19]]);
        match record[8] {
            CLOCK => {
                let flags = u16::from_le_bytes([record[40], record[41]]);
                clocks.push((clock_due(state, fd, u64_at(24), flags)?, userdata));
            }
            kind @ (FD_READ | FD_WRITE) => match readiness(state, &stdin, fd, kind) {
                Readiness::Now(Ok(nbytes)) => ready.push(Event {
                    userdata,
                    error: 0,
                    kind,
                    nbytes,
                }),
                Readiness::Now(Err(e)) => ready.push(Event {
                    userdata,
                    error: e.0 as u16,
                    kind,
                    nbytes: 0,
                }),
                Readiness::Wait(host) => waiting.push((userdata, kind, host)),
            },
            _ => return Err(errno::INVAL.into()),
        }
    }

    loop {
        // Wait for nothing if something is ready, else for the first clock
        // or the deadline, whichever is sooner (neither: for a descriptor).
        let now = Instant::now();
        let until = clocks.iter().map(|(due, _)| *due).chain(state.ctx.deadline).min();
        let wait = match ready.is_empty() {
            true => until.map(|t| t.saturating_duration_since(now)),
            false => Some(Duration::ZERO),
        };
        for (userdata, kind) in wait_for(&waiting, wait)? {
            ready.push(Event {
                userdata,
                error: 0,
                kind,
                nbytes: 0,
            });
        }
        let now = Instant::now();
        for &(_, userdata) in clocks.iter().filter(|(due, _)| *due <= now) {
            ready.push(Event {
                userdata,
                error: 0,
                kind: CLOCK,
                nbytes: 0,
            });
        }
        if !ready.is_empty() {
            break;
        }
        if state.ctx.deadline.is_some_and(|deadline| deadline <= now) {
            return Err(Stop::Deadline);
        }
    }
    for (i, event) in ready.iter().enumerate() {
        memory::write(memory, output + i as u32 * EVENT_SIZE, &event.bytes())?;
    }
    Ok(memory::write_u32(memory, nevents, ready.len() as u32)?)
}

/// The descriptors among `waiting` that are ready, after waiting at most
/// `wait` (None: as long as it takes) for one to be.
fn wait_for(waiting: &[(u64, u8, BorrowedFd<'_>)], wait: Option<Duration>) -> WasiResult<Vec<(u64, u8)>> {
    if waiting.is_empty() {
        // Only clocks (a poll with nothing to wait for was refused): sleep.
        std::thread::sleep(wait.unwrap_or_default());
        return Ok(Vec::new());
    }
    let events = |kind: u8| if kind == FD_READ { PollFlags::IN } else { PollFlags::OUT };
    let mut fds: Vec<PollFd> = waiting
        .iter()
        .map(|(_, kind, fd)| PollFd::new(fd, events(*kind)))
        .collect();
    let timeout = wait.and_then(|w| rustix::event::Timespec::try_from(w).ok());
    match rustix::event::poll(&mut fds, timeout.as_ref()) {
        Ok(_) | Err(rustix::io::Errno::INTR) => {}
        Err(other) => return Err(other.into()),
    }
    let fired = fds.iter().zip(waiting).filter(|(fd, _)| !fd.revents().is_empty());
    Ok(fired.map(|(_, (userdata, kind, _))| (*userdata, *kind)).collect())
}

/// When a clock subscription fires: `timeout` nanoseconds from now, or at
/// `timeout` on the clock's own scale with ABSTIME. Clocks 0 (realtime)
/// and 1 (monotonic) only; another id fails the call with EINVAL.
fn clock_due(state: &WasiP1<'_>, id: u32, timeout: u64, flags: u16) -> WasiResult<Instant> {
    let now_on_clock = match id {
        0 => super::process::realtime_nanos(),
        1 => state.ctx.started.elapsed().as_nanos() as u64,
        _ => return Err(errno::INVAL),
    };
    let wait = match flags & ABSTIME != 0 {
        true => timeout.saturating_sub(now_on_clock),
        false => timeout,
    };
    // A wait past any real horizon (u64::MAX ns is 584 years) is kept finite.
    Ok(Instant::now() + Duration::from_nanos(wait.min(u64::MAX >> 2)))
}

/// Whether descriptor `fd` is ready to read (with how many bytes) or
/// write, or must be asked of the kernel.
fn readiness<'a>(state: &'a WasiP1<'_>, stdin: &'a std::io::Stdin, fd: u32, kind: u8) -> Readiness<'a> {
    let entry = match state.fds.get(fd, 0) {
        Ok(entry) => entry,
        Err(e) => return Readiness::Now(Err(e)),
    };
    if let (Err(e), false) = (
        require(entry.base, rights::POLL_FD_READWRITE),
        matches!(entry.handle, Handle::Dir(_)),
    ) {
        return Readiness::Now(Err(e));
    }
    match (&entry.handle, kind) {
        (Handle::Stdin, FD_READ) => match &state.ctx.stdin {
            Input::Host => Readiness::Wait(stdin.as_fd()),
            Input::Bytes(bytes) => {
                let left = bytes.get_ref().len() as u64 - bytes.position().min(bytes.get_ref().len() as u64);
                Readiness::Now(Ok(left))
            }
        },
        (Handle::Stdout | Handle::Stderr, FD_WRITE) => Readiness::Now(Ok(0)),
        (Handle::File(host), _) if entry.filetype != filetype::REGULAR_FILE => Readiness::Wait(host.as_fd()),
        (Handle::File(host), FD_READ) => Readiness::Now(bytes_left(host.as_fd())),
        (Handle::File(_), _) => Readiness::Now(Ok(0)),
        _ => Readiness::Now(Err(errno::BADF)),
    }
}

/// The bytes between a file's position and its end.
fn bytes_left(host: BorrowedFd<'_>) -> Result<u64, Errno> {
    let size = rustix::fs::fstat(host)?.st_size as u64;
    let position = rustix::fs::seek(host, rustix::fs::SeekFrom::Current(0))?;
    Ok(size.saturating_sub(position))
}
