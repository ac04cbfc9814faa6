//! `wasi:io`: errors, pollables, and the stream methods.
//!
//! One call at the canonical-ABI level, `output-stream.blocking-write-and-flush`:
//! the guest passes its handle (an i32 index into its handle table) and the
//! list as (pointer, length) into its memory, plus a pointer to a return
//! area. wasmtime checks the handle's type, copies the bytes out
//! (bounds-checked), and calls `blocking_write_and_flush` below with the
//! rep this host chose and a `Vec<u8>`; the `Result` it returns is written
//! into the return area as a tag byte and a payload.

use super::pollable::Pollable;
use super::streams::{or_deadline, Read, MAX_WRITE};
use super::table::{trap, Entry, Failure};
use super::wasi::io::error::{Error, Host as ErrorHost, HostError};
use super::wasi::io::poll::{Host as PollHost, HostPollable, Pollable as PollableHandle};
use super::wasi::io::streams::{
    Host as StreamsHost, HostInputStream, HostOutputStream, InputStream, OutputStream, StreamError,
};
use super::WasiP2;
use crate::wasi::errno::Errno;
use crate::wasi::state::Input;
use rustix::event::{PollFd, PollFlags, Timespec};
use std::time::Instant;
use wasmtime::component::Resource;

/// The most pollables one `poll` takes (a list may repeat one).
const MAX_POLL: usize = 65_536;

/// `blocking-write-and-flush` and its zeroes twin take at most this many
/// bytes, as WASI says; more is a broken contract, and traps.
const BLOCKING_WRITE_LIMIT: usize = 4096;

type StreamResult<T> = wasmtime::Result<Result<T, StreamError>>;

impl WasiP2<'_> {
    /// A failed stream operation, as the guest sees it: an `error` resource
    /// that says what failed (and its filesystem error-code).
    fn stream_failed(&mut self, what: &str, e: Errno) -> wasmtime::Result<StreamError> {
        let code = super::wasi::filesystem::types::ErrorCode::from(e);
        let message = format!("{what} failed: {code:?}");
        let rep = self.resources.push(
            Entry::Error(Failure {
                message,
                code: Some(code),
            }),
            None,
        )?;
        Ok(StreamError::LastOperationFailed(Resource::new_own(rep)))
    }

    /// Makes a pollable, a child of the stream or resource `parent`.
    pub(super) fn subscribe(
        &mut self,
        pollable: Pollable,
        parent: Option<u32>,
    ) -> wasmtime::Result<Resource<PollableHandle>> {
        Ok(Resource::new_own(
            self.resources.push(Entry::Pollable(pollable), parent)?,
        ))
    }

    fn read_stream(&mut self, stream: &Resource<InputStream>, len: u64, wait: bool) -> StreamResult<Vec<u8>> {
        let (table, mut stdio) = self.split();
        let outcome = table.input(stream.rep())?.read(&mut stdio, len, wait);
        match or_deadline(outcome)? {
            Ok(Read::Bytes(bytes)) => Ok(Ok(bytes)),
            Ok(Read::End) => Ok(Err(StreamError::Closed)),
            Err(e) => Ok(Err(self.stream_failed("read", e)?)),
        }
    }

    fn write_stream(&mut self, stream: &Resource<OutputStream>, bytes: &[u8], flush: bool) -> StreamResult<()> {
        if bytes.len() > MAX_WRITE {
            let n = bytes.len();
            return Err(trap(format!(
                "a write of {n} bytes is more than check-write allowed ({MAX_WRITE})"
            )));
        }
        let (table, mut stdio) = self.split();
        let output = table.output(stream.rep())?;
        let mut outcome = output.write(&mut stdio, bytes);
        if flush && outcome.is_ok() {
            outcome = output.flush(&mut stdio).map_err(Into::into);
        }
        match or_deadline(outcome)? {
            Ok(()) => Ok(Ok(())),
            Err(e) => Ok(Err(self.stream_failed("write", e)?)),
        }
    }

    /// Whether each pollable is ready; waits (until the earliest clock,
    /// never past the guest's deadline) only if none is.
    fn poll_list(&mut self, reps: &[u32]) -> wasmtime::Result<Vec<u32>> {
        if reps.is_empty() {
            return Err(trap("poll was given no pollables, so it would wait forever"));
        }
        if reps.len() > MAX_POLL {
            return Err(trap(format!(
                "poll of {} pollables, more than host-min's {MAX_POLL}",
                reps.len()
            )));
        }
        let stdin = std::io::stdin();
        loop {
            let now = Instant::now();
            let (mut ready, mut waiting, mut earliest) = (Vec::new(), Vec::new(), self.ctx.deadline);
            for (index, &rep) in (0u32..).zip(reps) {
                match self.resources.pollable(rep)? {
                    Pollable::Always => ready.push(index),
                    Pollable::Until(when) if *when <= now => ready.push(index),
                    Pollable::Until(when) => earliest = Some(earliest.map_or(*when, |e| e.min(*when))),
                    Pollable::Stdin if matches!(self.ctx.stdin, Input::Bytes(_)) => ready.push(index),
                    Pollable::Stdin => waiting.push((index, None, PollFlags::IN)),
                    Pollable::Readable(fd) => waiting.push((index, Some(fd.clone()), PollFlags::IN)),
                    Pollable::Writable(fd) => waiting.push((index, Some(fd.clone()), PollFlags::OUT)),
                }
            }
            let timeout = match ready.is_empty() {
                false => Some(Timespec { tv_sec: 0, tv_nsec: 0 }),
                true => earliest
                    .map(|e| e.saturating_duration_since(now).try_into())
                    .transpose()?,
            };
            if !waiting.is_empty() || timeout.is_some_and(|t| t.tv_sec > 0 || t.tv_nsec > 0) {
                let mut fds: Vec<PollFd<'_>> = waiting
                    .iter()
                    .map(|(_, fd, events)| match fd {
                        Some(fd) => PollFd::new(&**fd, *events),
                        None => PollFd::new(&stdin, *events),
                    })
                    .collect();
                match rustix::event::poll(&mut fds, timeout.as_ref()) {
                    Ok(_) | Err(rustix::io::Errno::INTR) => {}
                    Err(e) => return Err(trap(format!("poll failed: {e}"))),
                }
                let woken = fds.iter().zip(&waiting).filter(|(fd, _)| !fd.revents().is_empty());
                ready.extend(woken.map(|(_, (index, _, _))| *index));
            }
            if !ready.is_empty() {
                ready.sort_unstable();
                return Ok(ready);
            }
            if self.ctx.deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                return Err(wasmtime::Trap::Interrupt.into());
            }
        }
    }
}

impl ErrorHost for WasiP2<'_> {}

impl HostError for WasiP2<'_> {
    fn to_debug_string(&mut self, error: Resource<Error>) -> wasmtime::Result<String> {
        Ok(self.resources.failure(error.rep())?.message.clone())
    }

    fn drop(&mut self, error: Resource<Error>) -> wasmtime::Result<()> {
        self.resources.failure(error.rep())?;
        self.resources.delete(error.rep()).map(|_| ())
    }
}

impl PollHost for WasiP2<'_> {
    fn poll(&mut self, list: Vec<Resource<PollableHandle>>) -> wasmtime::Result<Vec<u32>> {
        let reps: Vec<u32> = list.iter().map(Resource::rep).collect();
        self.poll_list(&reps)
    }
}

impl HostPollable for WasiP2<'_> {
    fn ready(&mut self, pollable: Resource<PollableHandle>) -> wasmtime::Result<bool> {
        let now = Instant::now();
        Ok(match self.resources.pollable(pollable.rep())? {
            Pollable::Always => true,
            Pollable::Until(when) => *when <= now,
            Pollable::Stdin => match self.ctx.stdin {
                Input::Bytes(_) => true,
                Input::Host => super::streams::ready(std::io::stdin(), PollFlags::IN),
            },
            Pollable::Readable(fd) => super::streams::ready(&**fd, PollFlags::IN),
            Pollable::Writable(fd) => super::streams::ready(&**fd, PollFlags::OUT),
        })
    }

    fn block(&mut self, pollable: Resource<PollableHandle>) -> wasmtime::Result<()> {
        self.poll_list(&[pollable.rep()]).map(|_| ())
    }

    fn drop(&mut self, pollable: Resource<PollableHandle>) -> wasmtime::Result<()> {
        self.resources.pollable(pollable.rep())?;
        self.resources.delete(pollable.rep()).map(|_| ())
    }
}

impl StreamsHost for WasiP2<'_> {}

impl HostInputStream for WasiP2<'_> {
    fn read(&mut self, stream: Resource<InputStream>, len: u64) -> StreamResult<Vec<u8>> {
        self.read_stream(&stream, len, false)
    }

    fn blocking_read(&mut self, stream: Resource<InputStream>, len: u64) -> StreamResult<Vec<u8>> {
        self.read_stream(&stream, len, true)
    }

    fn skip(&mut self, stream: Resource<InputStream>, len: u64) -> StreamResult<u64> {
        Ok(self.read_stream(&stream, len, false)?.map(|bytes| bytes.len() as u64))
    }

    fn blocking_skip(&mut self, stream: Resource<InputStream>, len: u64) -> StreamResult<u64> {
        Ok(self.read_stream(&stream, len, true)?.map(|bytes| bytes.len() as u64))
    }

    fn subscribe(&mut self, stream: Resource<InputStream>) -> wasmtime::Result<Resource<PollableHandle>> {
        let pollable = self.resources.input(stream.rep())?.pollable();
        self.subscribe(pollable, Some(stream.rep()))
    }

    fn drop(&mut self, stream: Resource<InputStream>) -> wasmtime::Result<()> {
        self.resources.input(stream.rep())?;
        self.resources.delete(stream.rep()).map(|_| ())
    }
}

impl HostOutputStream for WasiP2<'_> {
    fn check_write(&mut self, stream: Resource<OutputStream>) -> StreamResult<u64> {
        self.resources.output(stream.rep())?;
        Ok(Ok(MAX_WRITE as u64))
    }

    fn write(&mut self, stream: Resource<OutputStream>, contents: Vec<u8>) -> StreamResult<()> {
        self.write_stream(&stream, &contents, false)
    }

    fn blocking_write_and_flush(&mut self, stream: Resource<OutputStream>, contents: Vec<u8>) -> StreamResult<()> {
        if contents.len() > BLOCKING_WRITE_LIMIT {
            let n = contents.len();
            return Err(trap(format!(
                "blocking-write-and-flush of {n} bytes; WASI allows at most {BLOCKING_WRITE_LIMIT}"
            )));
        }
        self.write_stream(&stream, &contents, true)
    }

    fn flush(&mut self, stream: Resource<OutputStream>) -> StreamResult<()> {
        let (table, mut stdio) = self.split();
        match table.output(stream.rep())?.flush(&mut stdio) {
            Ok(()) => Ok(Ok(())),
            Err(e) => Ok(Err(self.stream_failed("flush", e)?)),
        }
    }

    fn blocking_flush(&mut self, stream: Resource<OutputStream>) -> StreamResult<()> {
        HostOutputStream::flush(self, stream)
    }

    fn subscribe(&mut self, stream: Resource<OutputStream>) -> wasmtime::Result<Resource<PollableHandle>> {
        let pollable = self.resources.output(stream.rep())?.pollable();
        self.subscribe(pollable, Some(stream.rep()))
    }

    fn write_zeroes(&mut self, stream: Resource<OutputStream>, len: u64) -> StreamResult<()> {
        if len > MAX_WRITE as u64 {
            return Err(trap(format!(
                "write-zeroes of {len} bytes is more than check-write allowed ({MAX_WRITE})"
            )));
        }
        self.write_stream(&stream, &vec![0; len as usize], false)
    }

    fn blocking_write_zeroes_and_flush(&mut self, stream: Resource<OutputStream>, len: u64) -> StreamResult<()> {
        if len > BLOCKING_WRITE_LIMIT as u64 {
            return Err(trap(format!(
                "blocking-write-zeroes-and-flush of {len} bytes; WASI allows at most {BLOCKING_WRITE_LIMIT}"
            )));
        }
        self.write_stream(&stream, &vec![0; len as usize], true)
    }

    fn splice(&mut self, stream: Resource<OutputStream>, src: Resource<InputStream>, len: u64) -> StreamResult<u64> {
        self.splice_from(&stream, &src, len, false)
    }

    fn blocking_splice(
        &mut self,
        stream: Resource<OutputStream>,
        src: Resource<InputStream>,
        len: u64,
    ) -> StreamResult<u64> {
        self.splice_from(&stream, &src, len, true)
    }

    fn drop(&mut self, stream: Resource<OutputStream>) -> wasmtime::Result<()> {
        self.resources.output(stream.rep())?;
        self.resources.delete(stream.rep()).map(|_| ())
    }
}

impl WasiP2<'_> {
    /// Reads up to `len` bytes from `src` and writes them to `stream`.
    fn splice_from(
        &mut self,
        stream: &Resource<OutputStream>,
        src: &Resource<InputStream>,
        len: u64,
        wait: bool,
    ) -> StreamResult<u64> {
        self.resources.output(stream.rep())?;
        let bytes = match self.read_stream(src, len.min(MAX_WRITE as u64), wait)? {
            Ok(bytes) => bytes,
            Err(e) => return Ok(Err(e)),
        };
        Ok(self.write_stream(stream, &bytes, false)?.map(|()| bytes.len() as u64))
    }
}
