//! `path_open`: a name beneath a directory the guest holds becomes a new
//! descriptor, a file or a directory, with the rights that follow from it.
//! The name goes to the kernel only through resolve.rs.

// path_open takes WASI's own nine parameters.
#![allow(clippy::too_many_arguments)]

use super::fd_table::{require, Descriptor, Directory, Handle};
use super::paths::{directory, guest_path};
use super::resolve::open_beneath;
use super::types::{errno, fdflags, filetype, filetype_of, oflags, rights, WasiResult, LOOKUP_SYMLINK_FOLLOW};
use super::WasiP1;
use crate::memory;
use rustix::fs::{FileType, Mode, OFlags};

/// `path_open(fd, lookupflags, path, oflags, rights_base, rights_inheriting,
/// fdflags, out)`. The rights asked for choose the access: FD_READ reads,
/// FD_WRITE writes, neither opens read-only. What the new descriptor may do
/// then follows from what it is (a file or a directory), limited by what
/// `fd` lets its children inherit.
pub fn path_open(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    lookup: u32,
    path: u32,
    path_len: u32,
    open: u32,
    base: u64,
    _inheriting: u64,
    flags: u32,
    out: u32,
) -> WasiResult {
    memory::slice_mut(memory, out, 4)?;
    let path = guest_path(memory, path, path_len)?;
    let (open, flags) = (u16::try_from(open), u16::try_from(flags));
    let (Ok(open), Ok(flags)) = (open, flags) else {
        return Err(errno::INVAL);
    };
    let creating = open & oflags::CREAT != 0;
    let parent = directory(
        state,
        fd,
        rights::PATH_OPEN | if creating { rights::PATH_CREATE_FILE } else { 0 },
    )?;
    let (read, write) = (base & rights::FD_READ != 0, base & rights::FD_WRITE != 0);
    let truncating = open & oflags::TRUNC != 0;
    // Reading, writing and truncating each need the right to be passed on.
    let allowed = parent.inheriting;
    let passed_on = |wanted: bool, right: u64| if wanted { right } else { 0 };
    require(
        allowed,
        passed_on(read, rights::FD_READ)
            | passed_on(write, rights::FD_WRITE)
            | passed_on(truncating, rights::FD_FILESTAT_SET_SIZE),
    )?;
    let mut host = match (read, write) {
        (_, false) => OFlags::RDONLY,
        (false, true) => OFlags::WRONLY,
        (true, true) => OFlags::RDWR,
    };
    host.set(OFlags::CREATE, creating);
    host.set(OFlags::EXCL, open & oflags::EXCL != 0);
    host.set(OFlags::TRUNC, truncating);
    host.set(OFlags::DIRECTORY, open & oflags::DIRECTORY != 0);
    host.set(OFlags::NOFOLLOW, lookup & LOOKUP_SYMLINK_FOLLOW == 0);
    // Only ever added: on Linux O_SYNC includes O_DSYNC's bit and O_RSYNC
    // is O_SYNC, so clearing one that was not asked for would clear another.
    for (asked, host_flag) in [
        (fdflags::DSYNC, OFlags::DSYNC),
        (fdflags::SYNC, OFlags::SYNC),
        (fdflags::RSYNC, OFlags::RSYNC),
    ] {
        if flags & asked != 0 {
            host |= host_flag;
        }
    }
    // Non-blocking, so a FIFO in the grant cannot hang the host in open(2);
    // kept so, as reads and writes wait in blocking.rs, which keeps to the
    // guest's deadline. The guest sees NONBLOCK only if it asked for it.
    host |= OFlags::NOCTTY | OFlags::NONBLOCK;
    let opened = open_beneath(&parent.dir()?.fd, &path, host, Mode::from_bits_truncate(0o666))?;
    let kind = FileType::from_raw_mode(rustix::fs::fstat(&opened)?.st_mode);
    let entry = if kind == FileType::Directory {
        let dir = Directory {
            fd: opened,
            preopen: None,
        };
        Descriptor {
            handle: Handle::Dir(dir),
            filetype: filetype::DIRECTORY,
            base: rights::DIRECTORY & allowed,
            inheriting: (rights::DIRECTORY | rights::FILE) & allowed,
            flags: 0,
        }
    } else {
        // What only writing makes possible goes with FD_WRITE.
        let writing = rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE;
        let mut file_rights = rights::FILE & allowed;
        file_rights &= !(if read { 0 } else { rights::FD_READ } | if write { 0 } else { writing });
        Descriptor {
            handle: Handle::File(opened),
            filetype: filetype_of(kind),
            base: file_rights,
            inheriting: file_rights,
            flags,
        }
    };
    let new_fd = state.fds.insert(entry)?;
    Ok(memory::write_u32(memory, out, new_fd)?)
}
