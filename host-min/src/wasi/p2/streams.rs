//! What a WASI 0.2 stream reads from or writes to, and how.
//!
//! A file stream is a descriptor and a position: each read is a `pread`,
//! each write a `pwrite` (or an append), so a stream never moves another
//! stream's position. Standard streams go to the host state's stdin,
//! stdout and stderr, as preview 1's fds 0, 1 and 2 do. A FIFO in the
//! grant is read and written as a pipe, without ever blocking past the
//! guest's deadline (../blocking.rs).
//!
//! The same bounds as preview 1: a write moves at most `MAX_WRITE` bytes,
//! and a read allocates at most `MAX_READ`, whatever length the guest asks.

use super::pollable::Pollable;
use crate::wasi::blocking;
use crate::wasi::errno::{errno, Errno, Stop, Waited, WasiResult};
use crate::wasi::state::Input;
use rustix::event::PollFlags;
use rustix::fd::{AsFd, OwnedFd};
use std::io::{Read as _, Write};
use std::sync::Arc;

/// The most one write moves: `check-write` grants this much.
pub const MAX_WRITE: usize = 16 << 20; // as one preview-1 fd_write (p1/files.rs)

/// The most one read returns (the guest may ask for up to 2^64 bytes).
pub const MAX_READ: usize = 1 << 20;

/// The parts of the host state a stream reads and writes, borrowed
/// beside the table that holds the stream itself.
pub struct Stdio<'a> {
    pub stdin: &'a mut Input,
    pub stdout: &'a mut Box<dyn Write + Send>,
    pub stderr: &'a mut Box<dyn Write + Send>,
    pub deadline: Option<std::time::Instant>,
}

pub enum InputStream {
    Stdin,
    /// A regular file, read from `at` onwards.
    File {
        fd: Arc<OwnedFd>,
        at: u64,
    },
    /// A FIFO or other stream-like file: read where the kernel says.
    Pipe(Arc<OwnedFd>),
}

pub enum OutputStream {
    Stdout,
    Stderr,
    /// A regular file, written at `at` (None: always at its end).
    File {
        fd: Arc<OwnedFd>,
        at: Option<u64>,
    },
    Pipe(Arc<OwnedFd>),
}

/// The outcome of a read: bytes (possibly none yet), or the end.
pub enum Read {
    Bytes(Vec<u8>),
    End,
}

impl InputStream {
    /// What a pollable of this stream waits for.
    pub fn pollable(&self) -> Pollable {
        match self {
            InputStream::Stdin => Pollable::Stdin,
            InputStream::File { .. } => Pollable::Always,
            InputStream::Pipe(fd) => Pollable::Readable(fd.clone()),
        }
    }

    /// Reads up to `len` bytes (at most MAX_READ). Without `wait`, a
    /// stream with nothing yet gives no bytes; with it, waits for some,
    /// never past the guest's deadline (then: `Stop::Deadline`).
    pub fn read(&mut self, state: &mut Stdio<'_>, len: u64, wait: bool) -> Waited<Read> {
        let mut buffer = vec![0; (len as usize).min(MAX_READ)];
        if buffer.is_empty() {
            return Ok(Read::Bytes(buffer));
        }
        let got = match self {
            InputStream::File { fd, at } => {
                let got = rustix::io::pread(&**fd, &mut buffer, *at)?;
                *at += got as u64;
                got
            }
            InputStream::Pipe(fd) => {
                let fd = fd.as_fd();
                match rustix::io::read(fd, &mut buffer) {
                    Err(rustix::io::Errno::AGAIN) if !wait => return Ok(Read::Bytes(Vec::new())),
                    Err(rustix::io::Errno::AGAIN) => blocking::retry(fd, PollFlags::IN, false, state.deadline, || {
                        rustix::io::read(fd, &mut buffer)
                    })?,
                    other => other?,
                }
            }
            InputStream::Stdin => match state.stdin {
                Input::Bytes(bytes) => bytes.read(&mut buffer)?,
                Input::Host => {
                    let stdin = std::io::stdin();
                    if wait {
                        if state.deadline.is_some() {
                            blocking::wait(&stdin, PollFlags::IN, state.deadline)?;
                        }
                    } else if !ready(stdin.as_fd(), PollFlags::IN) {
                        return Ok(Read::Bytes(Vec::new()));
                    }
                    rustix::io::read(&stdin, &mut buffer)?
                }
            },
        };
        if got == 0 {
            return Ok(Read::End);
        }
        buffer.truncate(got);
        Ok(Read::Bytes(buffer))
    }
}

/// Whether `fd` is ready for `events` right now.
pub fn ready(fd: impl AsFd, events: PollFlags) -> bool {
    let mut fds = [rustix::event::PollFd::new(&fd, events)];
    let zero = rustix::event::Timespec { tv_sec: 0, tv_nsec: 0 };
    matches!(rustix::event::poll(&mut fds, Some(&zero)), Ok(n) if n > 0)
}

impl OutputStream {
    pub fn pollable(&self) -> Pollable {
        match self {
            OutputStream::Pipe(fd) => Pollable::Writable(fd.clone()),
            _ => Pollable::Always,
        }
    }

    /// Writes all of `bytes` (at most MAX_WRITE, checked by the caller).
    pub fn write(&mut self, state: &mut Stdio<'_>, bytes: &[u8]) -> Waited {
        match self {
            OutputStream::Stdout => Ok(state.stdout.write_all(bytes)?),
            OutputStream::Stderr => Ok(state.stderr.write_all(bytes)?),
            OutputStream::File { fd, at } => {
                let mut done = 0;
                while done < bytes.len() {
                    let rest = &bytes[done..];
                    let wrote = match at {
                        Some(at) => rustix::io::pwrite(&**fd, rest, *at)?,
                        // Appending: RWF_APPEND writes at the end, atomically,
                        // as preview 1's APPEND does (p1/files.rs).
                        None => {
                            let piece = [std::io::IoSlice::new(rest)];
                            let append = rustix::io::ReadWriteFlags::APPEND;
                            rustix::io::pwritev2(&**fd, &piece, u64::MAX, append)?
                        }
                    };
                    if wrote == 0 {
                        return Err(errno::IO.into());
                    }
                    done += wrote;
                    if let Some(at) = at {
                        *at += wrote as u64;
                    }
                }
                Ok(())
            }
            OutputStream::Pipe(fd) => {
                let fd = fd.as_fd();
                let mut done = 0;
                while done < bytes.len() {
                    let rest = &bytes[done..];
                    done += blocking::retry(fd, PollFlags::OUT, false, state.deadline, || {
                        rustix::io::write(fd, rest)
                    })?;
                }
                Ok(())
            }
        }
    }

    pub fn flush(&mut self, state: &mut Stdio<'_>) -> WasiResult {
        match self {
            OutputStream::Stdout => Ok(state.stdout.flush()?),
            OutputStream::Stderr => Ok(state.stderr.flush()?),
            _ => Ok(()),
        }
    }
}

/// Splits a core result into a trap (the guest's deadline passed while
/// the host waited: the same trap epoch interruption raises, so it is
/// reported as a timeout) and the error the guest is told.
pub fn or_deadline<T>(result: Waited<T>) -> wasmtime::Result<Result<T, Errno>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(Stop::Errno(e)) => Ok(Err(e)),
        Err(Stop::Deadline) => Err(wasmtime::Trap::Interrupt.into()),
    }
}
