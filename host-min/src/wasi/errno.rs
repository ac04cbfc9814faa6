//! Errors in WASI's own numbering, the vocabulary the shared core
//! (resolve.rs, blocking.rs) answers in. Preview 1 hands these numbers to
//! the guest as they are; WASI 0.2 turns each into its `error-code`
//! (p2/errors.rs).

use crate::memory::BadRange;

/// An errno as the guest receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Errno(pub i32);

pub type WasiResult<T = ()> = Result<T, Errno>;

/// A pointer the guest gave us was bad: WASI's answer is EFAULT.
impl From<BadRange> for Errno {
    fn from(_: BadRange) -> Self {
        errno::FAULT
    }
}

// Named so that every use reads `errno::BADF`, in both versions.
#[allow(clippy::module_inception)]
pub mod errno {
    use super::Errno;
    pub const SUCCESS: i32 = 0;
    pub const ACCES: Errno = Errno(2);
    pub const AGAIN: Errno = Errno(6);
    pub const BADF: Errno = Errno(8);
    pub const BUSY: Errno = Errno(10);
    pub const DQUOT: Errno = Errno(19);
    pub const EXIST: Errno = Errno(20);
    pub const FAULT: Errno = Errno(21);
    pub const FBIG: Errno = Errno(22);
    pub const ILSEQ: Errno = Errno(25);
    pub const INTR: Errno = Errno(27);
    pub const INVAL: Errno = Errno(28);
    pub const IO: Errno = Errno(29);
    pub const ISDIR: Errno = Errno(31);
    pub const LOOP: Errno = Errno(32);
    pub const MFILE: Errno = Errno(33);
    pub const MLINK: Errno = Errno(34);
    pub const NAMETOOLONG: Errno = Errno(37);
    pub const NFILE: Errno = Errno(41);
    pub const NOENT: Errno = Errno(44);
    pub const NOMEM: Errno = Errno(48);
    pub const NOSPC: Errno = Errno(51);
    pub const NOSYS: Errno = Errno(52);
    pub const NOTDIR: Errno = Errno(54);
    pub const NOTEMPTY: Errno = Errno(55);
    pub const NOTSOCK: Errno = Errno(57);
    pub const NOTSUP: Errno = Errno(58);
    pub const NXIO: Errno = Errno(60);
    pub const OVERFLOW: Errno = Errno(61);
    pub const PERM: Errno = Errno(63);
    pub const PIPE: Errno = Errno(64);
    pub const RANGE: Errno = Errno(68);
    pub const ROFS: Errno = Errno(69);
    pub const SPIPE: Errno = Errno(70);
    pub const TXTBSY: Errno = Errno(74);
    pub const XDEV: Errno = Errno(75);
    pub const NOTCAPABLE: Errno = Errno(76);
}

/// How a call that may wait ends when it does not succeed: with an errno
/// the guest receives, or at the guest's deadline. The deadline is no
/// answer to the guest: the call ends the guest there, as a timeout, with
/// the trap epoch interruption raises (p1/mod.rs, p2/streams.rs). Only the
/// calls that wait (blocking.rs, poll_oneoff, reads and writes) return it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Errno(Errno),
    Deadline,
}

pub type Waited<T = ()> = Result<T, Stop>;

impl From<Errno> for Stop {
    fn from(e: Errno) -> Self {
        Stop::Errno(e)
    }
}

impl From<rustix::io::Errno> for Stop {
    fn from(e: rustix::io::Errno) -> Self {
        Stop::Errno(e.into())
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Stop::Errno(e.into())
    }
}

impl From<BadRange> for Stop {
    fn from(e: BadRange) -> Self {
        Stop::Errno(e.into())
    }
}

/// The host's errno for a failed system call, in WASI's numbering.
impl From<rustix::io::Errno> for Errno {
    fn from(e: rustix::io::Errno) -> Self {
        use rustix::io::Errno as E;
        match e {
            E::ACCESS => errno::ACCES,
            E::AGAIN => errno::AGAIN,
            E::BADF => errno::BADF,
            E::BUSY => errno::BUSY,
            E::EXIST => errno::EXIST,
            E::FAULT => errno::FAULT,
            E::FBIG => errno::FBIG,
            E::ILSEQ => errno::ILSEQ,
            E::INTR => errno::INTR,
            E::INVAL => errno::INVAL,
            E::ISDIR => errno::ISDIR,
            E::LOOP => errno::LOOP,
            E::MFILE => errno::MFILE,
            E::NFILE => errno::NFILE,
            E::MLINK => errno::MLINK,
            E::NAMETOOLONG => errno::NAMETOOLONG,
            E::NOENT => errno::NOENT,
            E::NOMEM => errno::NOMEM,
            E::NOSPC => errno::NOSPC,
            E::DQUOT => errno::DQUOT,
            E::NOSYS => errno::NOSYS,
            E::NOTDIR => errno::NOTDIR,
            E::NOTEMPTY => errno::NOTEMPTY,
            E::NOTSUP => errno::NOTSUP,
            E::NXIO => errno::NXIO,
            E::OVERFLOW => errno::OVERFLOW,
            E::PERM => errno::PERM,
            E::PIPE => errno::PIPE,
            E::RANGE => errno::RANGE,
            E::ROFS => errno::ROFS,
            E::SPIPE => errno::SPIPE,
            E::TXTBSY => errno::TXTBSY,
            E::XDEV => errno::XDEV,
            _ => errno::IO,
        }
    }
}

impl From<std::io::Error> for Errno {
    fn from(e: std::io::Error) -> Self {
        e.raw_os_error()
            .map_or(errno::IO, |raw| rustix::io::Errno::from_raw_os_error(raw).into())
    }
}
