//! WASI 0.2's `error-code` for what the shared core answers in WASI's
//! errno numbering (../errno.rs). The codes are the same POSIX errors under
//! new names, with two changes worth knowing:
//! - preview 1's ENOTCAPABLE (a path that would leave the grant) has no
//!   0.2 code; it becomes `not-permitted`, as on the wasmtime CLI;
//! - EMFILE (host-min's descriptor cap) has none either; it becomes
//!   `insufficient-memory`, the nearest "a limit of this host" code.

use super::wasi::filesystem::types::ErrorCode;
use crate::wasi::errno::{errno, Errno};

/// Results of filesystem calls: the WIT error, never a trap.
pub type FsResult<T> = Result<T, ErrorCode>;

/// `?` for the inner result: returns the error code as the call's answer.
macro_rules! check {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(e) => return Ok(Err(e.into())),
        }
    };
}
pub(super) use check;

impl From<Errno> for ErrorCode {
    fn from(e: Errno) -> Self {
        use ErrorCode as C;
        match e {
            errno::ACCES => C::Access,
            errno::AGAIN => C::WouldBlock,
            errno::BADF => C::BadDescriptor,
            errno::BUSY => C::Busy,
            errno::EXIST => C::Exist,
            errno::FBIG => C::FileTooLarge,
            errno::ILSEQ => C::IllegalByteSequence,
            errno::INTR => C::Interrupted,
            errno::INVAL => C::Invalid,
            errno::ISDIR => C::IsDirectory,
            errno::LOOP => C::Loop,
            errno::MLINK => C::TooManyLinks,
            errno::NAMETOOLONG => C::NameTooLong,
            errno::NOENT => C::NoEntry,
            errno::NOMEM | errno::MFILE | errno::NFILE => C::InsufficientMemory,
            errno::DQUOT => C::Quota,
            errno::NOSPC => C::InsufficientSpace,
            errno::NOTDIR => C::NotDirectory,
            errno::NOTEMPTY => C::NotEmpty,
            errno::NOTSUP | errno::NOSYS => C::Unsupported,
            errno::NXIO => C::NoSuchDevice,
            errno::OVERFLOW => C::Overflow,
            errno::PERM | errno::NOTCAPABLE => C::NotPermitted,
            errno::PIPE => C::Pipe,
            errno::ROFS => C::ReadOnly,
            errno::SPIPE => C::InvalidSeek,
            errno::TXTBSY => C::TextFileBusy,
            errno::XDEV => C::CrossDevice,
            _ => C::Io,
        }
    }
}

impl From<rustix::io::Errno> for ErrorCode {
    fn from(e: rustix::io::Errno) -> Self {
        Errno::from(e).into()
    }
}
