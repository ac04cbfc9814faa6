//! Every WASI preview-1 number host-min types by hand (src/wasi/errno.rs,
//! src/wasi/p1/types.rs), pinned to the `wasi` crate, which is generated
//! from the witx that defines them. Five errnos were once wrong until
//! guest-fs caught them; now a typo fails here first.
//!
//! Run: `cargo test -p host-min --test wasi_constants`

use host_min::wasi::errno::errno;
use host_min::wasi::p1::types::{fdflags, filetype, fstflags, oflags, rights, LOOKUP_SYMLINK_FOLLOW};

/// Pairs each of host-min's constants with the `wasi` crate's of the same name.
macro_rules! pinned {
    ($what:literal, $($ours:expr => $theirs:expr),* $(,)?) => {{
        let pairs = [$((stringify!($ours), ($ours) as u64, ($theirs) as u64)),*];
        for (name, ours, theirs) in pairs {
            assert_eq!(ours, theirs, "{} {name}: host-min says {ours}, the witx says {theirs}", $what);
        }
        pairs.len()
    }};
}

#[test]
fn every_errno_is_the_witx_number() {
    let n = pinned!("errno",
        errno::ACCES.0 => wasi::ERRNO_ACCES.raw(),
        errno::AGAIN.0 => wasi::ERRNO_AGAIN.raw(),
        errno::BADF.0 => wasi::ERRNO_BADF.raw(),
        errno::BUSY.0 => wasi::ERRNO_BUSY.raw(),
        errno::DQUOT.0 => wasi::ERRNO_DQUOT.raw(),
        errno::EXIST.0 => wasi::ERRNO_EXIST.raw(),
        errno::FAULT.0 => wasi::ERRNO_FAULT.raw(),
        errno::FBIG.0 => wasi::ERRNO_FBIG.raw(),
        errno::ILSEQ.0 => wasi::ERRNO_ILSEQ.raw(),
        errno::INTR.0 => wasi::ERRNO_INTR.raw(),
        errno::INVAL.0 => wasi::ERRNO_INVAL.raw(),
        errno::IO.0 => wasi::ERRNO_IO.raw(),
        errno::ISDIR.0 => wasi::ERRNO_ISDIR.raw(),
        errno::LOOP.0 => wasi::ERRNO_LOOP.raw(),
        errno::MFILE.0 => wasi::ERRNO_MFILE.raw(),
        errno::MLINK.0 => wasi::ERRNO_MLINK.raw(),
        errno::NAMETOOLONG.0 => wasi::ERRNO_NAMETOOLONG.raw(),
        errno::NFILE.0 => wasi::ERRNO_NFILE.raw(),
        errno::NOENT.0 => wasi::ERRNO_NOENT.raw(),
        errno::NOMEM.0 => wasi::ERRNO_NOMEM.raw(),
        errno::NOSPC.0 => wasi::ERRNO_NOSPC.raw(),
        errno::NOSYS.0 => wasi::ERRNO_NOSYS.raw(),
        errno::NOTDIR.0 => wasi::ERRNO_NOTDIR.raw(),
        errno::NOTEMPTY.0 => wasi::ERRNO_NOTEMPTY.raw(),
        errno::NOTSOCK.0 => wasi::ERRNO_NOTSOCK.raw(),
        errno::NOTSUP.0 => wasi::ERRNO_NOTSUP.raw(),
        errno::NXIO.0 => wasi::ERRNO_NXIO.raw(),
        errno::OVERFLOW.0 => wasi::ERRNO_OVERFLOW.raw(),
        errno::PERM.0 => wasi::ERRNO_PERM.raw(),
        errno::PIPE.0 => wasi::ERRNO_PIPE.raw(),
        errno::RANGE.0 => wasi::ERRNO_RANGE.raw(),
        errno::ROFS.0 => wasi::ERRNO_ROFS.raw(),
        errno::SPIPE.0 => wasi::ERRNO_SPIPE.raw(),
        errno::TXTBSY.0 => wasi::ERRNO_TXTBSY.raw(),
        errno::XDEV.0 => wasi::ERRNO_XDEV.raw(),
        errno::NOTCAPABLE.0 => wasi::ERRNO_NOTCAPABLE.raw(),
    );
    assert_eq!(n, 36);
    assert_eq!(errno::SUCCESS as u64, wasi::ERRNO_SUCCESS.raw() as u64);
}

#[test]
fn every_rights_bit_and_flag_is_the_witx_bit() {
    let mut n = pinned!("rights",
        rights::FD_DATASYNC => wasi::RIGHTS_FD_DATASYNC,
        rights::FD_READ => wasi::RIGHTS_FD_READ,
        rights::FD_SEEK => wasi::RIGHTS_FD_SEEK,
        rights::FD_FDSTAT_SET_FLAGS => wasi::RIGHTS_FD_FDSTAT_SET_FLAGS,
        rights::FD_SYNC => wasi::RIGHTS_FD_SYNC,
        rights::FD_TELL => wasi::RIGHTS_FD_TELL,
        rights::FD_WRITE => wasi::RIGHTS_FD_WRITE,
        rights::FD_ADVISE => wasi::RIGHTS_FD_ADVISE,
        rights::FD_ALLOCATE => wasi::RIGHTS_FD_ALLOCATE,
        rights::PATH_CREATE_DIRECTORY => wasi::RIGHTS_PATH_CREATE_DIRECTORY,
        rights::PATH_CREATE_FILE => wasi::RIGHTS_PATH_CREATE_FILE,
        rights::PATH_LINK_SOURCE => wasi::RIGHTS_PATH_LINK_SOURCE,
        rights::PATH_LINK_TARGET => wasi::RIGHTS_PATH_LINK_TARGET,
        rights::PATH_OPEN => wasi::RIGHTS_PATH_OPEN,
        rights::FD_READDIR => wasi::RIGHTS_FD_READDIR,
        rights::PATH_READLINK => wasi::RIGHTS_PATH_READLINK,
        rights::PATH_RENAME_SOURCE => wasi::RIGHTS_PATH_RENAME_SOURCE,
        rights::PATH_RENAME_TARGET => wasi::RIGHTS_PATH_RENAME_TARGET,
        rights::PATH_FILESTAT_GET => wasi::RIGHTS_PATH_FILESTAT_GET,
        rights::PATH_FILESTAT_SET_SIZE => wasi::RIGHTS_PATH_FILESTAT_SET_SIZE,
        rights::PATH_FILESTAT_SET_TIMES => wasi::RIGHTS_PATH_FILESTAT_SET_TIMES,
        rights::FD_FILESTAT_GET => wasi::RIGHTS_FD_FILESTAT_GET,
        rights::FD_FILESTAT_SET_SIZE => wasi::RIGHTS_FD_FILESTAT_SET_SIZE,
        rights::FD_FILESTAT_SET_TIMES => wasi::RIGHTS_FD_FILESTAT_SET_TIMES,
        rights::PATH_SYMLINK => wasi::RIGHTS_PATH_SYMLINK,
        rights::PATH_REMOVE_DIRECTORY => wasi::RIGHTS_PATH_REMOVE_DIRECTORY,
        rights::PATH_UNLINK_FILE => wasi::RIGHTS_PATH_UNLINK_FILE,
        rights::POLL_FD_READWRITE => wasi::RIGHTS_POLL_FD_READWRITE,
    );
    n += pinned!("filetype",
        filetype::UNKNOWN => wasi::FILETYPE_UNKNOWN.raw(),
        filetype::BLOCK_DEVICE => wasi::FILETYPE_BLOCK_DEVICE.raw(),
        filetype::CHARACTER_DEVICE => wasi::FILETYPE_CHARACTER_DEVICE.raw(),
        filetype::DIRECTORY => wasi::FILETYPE_DIRECTORY.raw(),
        filetype::REGULAR_FILE => wasi::FILETYPE_REGULAR_FILE.raw(),
        filetype::SOCKET_STREAM => wasi::FILETYPE_SOCKET_STREAM.raw(),
        filetype::SYMBOLIC_LINK => wasi::FILETYPE_SYMBOLIC_LINK.raw(),
    );
    n += pinned!("fdflags",
        fdflags::APPEND => wasi::FDFLAGS_APPEND,
        fdflags::DSYNC => wasi::FDFLAGS_DSYNC,
        fdflags::NONBLOCK => wasi::FDFLAGS_NONBLOCK,
        fdflags::RSYNC => wasi::FDFLAGS_RSYNC,
        fdflags::SYNC => wasi::FDFLAGS_SYNC,
    );
    n += pinned!("oflags",
        oflags::CREAT => wasi::OFLAGS_CREAT,
        oflags::DIRECTORY => wasi::OFLAGS_DIRECTORY,
        oflags::EXCL => wasi::OFLAGS_EXCL,
        oflags::TRUNC => wasi::OFLAGS_TRUNC,
    );
    n += pinned!("fstflags",
        fstflags::ATIM => wasi::FSTFLAGS_ATIM,
        fstflags::ATIM_NOW => wasi::FSTFLAGS_ATIM_NOW,
        fstflags::MTIM => wasi::FSTFLAGS_MTIM,
        fstflags::MTIM_NOW => wasi::FSTFLAGS_MTIM_NOW,
    );
    n += pinned!("lookupflags", LOOKUP_SYMLINK_FOLLOW => wasi::LOOKUPFLAGS_SYMLINK_FOLLOW);
    assert_eq!(n, 28 + 7 + 5 + 4 + 4 + 1);
}
