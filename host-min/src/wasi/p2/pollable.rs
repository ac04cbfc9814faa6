//! What a WASI 0.2 pollable waits for. A pollable is a resource of its
//! own (table.rs keeps it, a child of the stream it came from, if any);
//! `poll` (io.rs) waits on many at once, through the kernel where a
//! descriptor is involved and the clock where an instant is.

use rustix::fd::OwnedFd;
use std::sync::Arc;
use std::time::Instant;

/// What a pollable waits for.
pub enum Pollable {
    /// Ready at once: files, and output that is written whole.
    Always,
    /// Ready at this instant of the monotonic clock.
    Until(Instant),
    /// Ready when host-min's own stdin has input (or given bytes remain).
    Stdin,
    /// Ready when the descriptor is (a FIFO): readable, or writable.
    Readable(Arc<OwnedFd>),
    Writable(Arc<OwnedFd>),
}
