//! Waiting for a descriptor without outliving the guest's deadline.
//!
//! A guest that is stuck in a host call runs no wasm, so epoch
//! interruption (limits.rs) cannot stop it. A read or write that would
//! wait (stdin, a FIFO) waits here instead, in `poll(2)`, and gives up at
//! the deadline `arm` set, with `Stop::Deadline`: the call then ends the
//! guest as a timeout (p1/mod.rs, p2/streams.rs). `poll_oneoff` keeps to the same deadline
//! in poll.rs.

use super::errno::{errno, Stop, Waited};
use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fd::AsFd;
use std::time::Instant;

/// Waits until `fd` is ready for `events`, or the deadline passes.
/// With no deadline, waits as long as it takes.
pub fn wait(fd: impl AsFd, events: PollFlags, deadline: Option<Instant>) -> Waited {
    let timeout = match deadline {
        None => None,
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Stop::Deadline);
            }
            Some(Timespec::try_from(left).map_err(|_| errno::INVAL)?)
        }
    };
    let mut fds = [PollFd::new(&fd, events)];
    match rustix::event::poll(&mut fds, timeout.as_ref()) {
        Ok(0) => Err(Stop::Deadline), // the deadline came first
        Ok(_) | Err(rustix::io::Errno::INTR) => Ok(()),
        Err(other) => Err(other.into()),
    }
}

/// Runs `op` on a descriptor the host keeps non-blocking, and, if it would
/// block (EAGAIN) and the guest did not ask for non-blocking I/O, waits for
/// the descriptor and tries again, until the deadline.
pub fn retry<T>(
    fd: impl AsFd,
    events: PollFlags,
    guest_nonblocking: bool,
    deadline: Option<Instant>,
    mut op: impl FnMut() -> rustix::io::Result<T>,
) -> Waited<T> {
    loop {
        match op() {
            Err(rustix::io::Errno::AGAIN) if !guest_nonblocking => wait(&fd, events, deadline)?,
            other => return Ok(other?),
        }
    }
}
