//! `poll_oneoff(in, out, nsubscriptions, nevents)`: waits until one of the
//! guest's subscriptions fires, a clock reaching its time or a descriptor
//! being ready to read or write.
//!
//! host-min's descriptors are the standard streams and regular files,
//! which never make a reader or writer wait for long: they are reported
//! ready at once (and a stream that fails says so when it is used). So a
//! poll with any descriptor subscription returns those events at once, and
//! only a poll of clocks alone sleeps, until the earliest clock is due.

use super::fd_table::Handle;
use super::types::{errno, rights, WasiResult};
use crate::memory;
use crate::state::HostState;
use std::time::{Duration, Instant};

const SUBSCRIPTION_SIZE: u32 = 48;
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

pub fn poll_oneoff(
    memory: &mut [u8],
    state: &mut HostState,
    input: u32,
    output: u32,
    count: u32,
    nevents: u32,
) -> WasiResult {
    if count == 0 {
        return Err(errno::INVAL); // nothing to wait for would wait forever
    }
    memory::slice_mut(memory, nevents, 4)?;
    memory::records(memory, output, count, EVENT_SIZE)?;
    let subscriptions = memory::records(memory, input, count, SUBSCRIPTION_SIZE)?.to_vec();

    let mut ready = Vec::new();
    let mut clocks = Vec::new(); // (due, userdata)
    for record in subscriptions.chunks_exact(SUBSCRIPTION_SIZE as usize) {
        let u64_at = |at: usize| u64::from_le_bytes(record[at..at + 8].try_into().unwrap_or_default());
        let userdata = u64_at(0);
        let fd = u32::from_le_bytes([record[16], record[17], record[18], record[19]]);
        match record[8] {
            CLOCK => {
                let flags = u16::from_le_bytes([record[40], record[41]]);
                match clock_due(state, fd, u64_at(24), flags) {
                    Ok(due) => clocks.push((due, userdata)),
                    Err(e) => ready.push(Event {
                        userdata,
                        error: e.0 as u16,
                        kind: CLOCK,
                        nbytes: 0,
                    }),
                }
            }
            kind @ (FD_READ | FD_WRITE) => {
                let (error, nbytes) = match descriptor_ready(state, fd, kind) {
                    Ok(nbytes) => (0, nbytes),
                    Err(e) => (e.0 as u16, 0),
                };
                ready.push(Event {
                    userdata,
                    error,
                    kind,
                    nbytes,
                });
            }
            _ => return Err(errno::INVAL),
        }
    }

    if ready.is_empty() {
        // Only clocks: sleep until the first is due. The sleep is cut at the
        // host's timeout, if it has one, so the guest's deadline still holds.
        let first = clocks.iter().map(|(due, _)| *due).min().unwrap_or_else(Instant::now);
        let mut wait = first.saturating_duration_since(Instant::now());
        if let Some(limit) = state.max_sleep {
            wait = wait.min(limit);
        }
        std::thread::sleep(wait);
        let now = Instant::now();
        for (due, userdata) in clocks {
            if due <= now {
                ready.push(Event {
                    userdata,
                    error: 0,
                    kind: CLOCK,
                    nbytes: 0,
                });
            }
        }
    }
    for (i, event) in ready.iter().enumerate() {
        memory::write(memory, output + i as u32 * EVENT_SIZE, &event.bytes())?;
    }
    Ok(memory::write_u32(memory, nevents, ready.len() as u32)?)
}

/// When a clock subscription fires: `timeout` nanoseconds from now, or at
/// `timeout` on the clock's own scale with ABSTIME.
fn clock_due(state: &HostState, id: u32, timeout: u64, flags: u16) -> WasiResult<Instant> {
    let now_on_clock = match id {
        0 => super::process::realtime_nanos(),
        1 => state.started.elapsed().as_nanos() as u64,
        _ => return Err(errno::INVAL),
    };
    let wait = match flags & ABSTIME != 0 {
        true => timeout.saturating_sub(now_on_clock),
        false => timeout,
    };
    // A wait past any real horizon (u64::MAX ns is 584 years) is kept finite.
    Ok(Instant::now() + Duration::from_nanos(wait.min(u64::MAX >> 2)))
}

/// Whether descriptor `fd` is ready to read (with how many bytes) or write.
fn descriptor_ready(state: &HostState, fd: u32, kind: u8) -> WasiResult<u64> {
    let entry = state.fds.get(fd, rights::POLL_FD_READWRITE)?;
    match (&entry.handle, kind) {
        (Handle::Stdin, FD_READ) | (Handle::Stdout | Handle::Stderr, FD_WRITE) => Ok(0),
        (Handle::File(host), FD_READ) => {
            let size = rustix::fs::fstat(host)?.st_size as u64;
            let position = rustix::fs::seek(host, rustix::fs::SeekFrom::Current(0))?;
            Ok(size.saturating_sub(position))
        }
        (Handle::File(_), _) => Ok(0),
        _ => Err(errno::BADF),
    }
}
