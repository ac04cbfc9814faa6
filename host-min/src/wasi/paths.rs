//! The `path_*` calls: everything a guest does by name, always relative to
//! a directory descriptor it holds. Every name goes through resolve.rs, so
//! nothing here can reach outside the directory the guest was granted.

// The functions take WASI's own parameter lists, up to nine long.
#![allow(clippy::too_many_arguments)]

use super::fd_table::{Descriptor, Directory, Handle};
use super::resolve::{open_beneath, parent_beneath, path_text, Parent};
use super::types::{
    errno, fdflags, filetype, filetype_of, oflags, rights, write_filestat, WasiResult, LOOKUP_SYMLINK_FOLLOW,
};
use crate::memory;
use crate::state::HostState;
use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};

/// The path argument at `ptr`/`len`, copied out of guest memory.
fn guest_path(memory: &[u8], ptr: u32, len: u32) -> WasiResult<String> {
    Ok(path_text(memory::read(memory, ptr, len)?)?.to_string())
}

/// The directory behind `fd`, if it holds `needed`: ENOTDIR for a file,
/// ENOTCAPABLE for a right it lacks.
fn directory(state: &HostState, fd: u32, needed: u64) -> WasiResult<&Descriptor> {
    let entry = state.fds.get(fd, 0)?;
    entry.dir()?;
    match entry.base & needed == needed {
        true => Ok(entry),
        false => Err(errno::NOTCAPABLE),
    }
}

/// `path` split into its parent (opened beneath `fd`) and last name.
fn parent(state: &HostState, fd: u32, needed: u64, path: &str) -> WasiResult<Parent> {
    parent_beneath(&directory(state, fd, needed)?.dir()?.fd, path)
}

/// `path` opened beneath `fd` as an `O_PATH` handle: a place to stat or
/// touch, not to read. The last component is followed only if asked.
fn locate(state: &HostState, fd: u32, needed: u64, lookup: u32, path: &str) -> WasiResult<OwnedFd> {
    let dir = &directory(state, fd, needed)?.dir()?.fd;
    let mut flags = OFlags::PATH;
    flags.set(OFlags::NOFOLLOW, lookup & LOOKUP_SYMLINK_FOLLOW == 0);
    open_beneath(dir, path, flags, Mode::empty())
}

/// `path_open(fd, lookupflags, path, oflags, rights_base, rights_inheriting,
/// fdflags, out)`. The rights asked for choose the access: FD_READ reads,
/// FD_WRITE writes, neither opens read-only. What the new descriptor may do
/// then follows from what it is (a file or a directory), limited by what
/// `fd` lets its children inherit.
pub fn path_open(
    memory: &mut [u8],
    state: &mut HostState,
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
    let allowed = parent.inheriting;
    let lacks = |right: u64| allowed & right == 0;
    // Reading, writing and truncating each need the right to be passed on.
    if (read && lacks(rights::FD_READ))
        || (write && lacks(rights::FD_WRITE))
        || (truncating && lacks(rights::FD_FILESTAT_SET_SIZE))
    {
        return Err(errno::NOTCAPABLE);
    }
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
    host.set(OFlags::DSYNC, flags & fdflags::DSYNC != 0);
    host.set(OFlags::SYNC, flags & fdflags::SYNC != 0);
    host.set(OFlags::RSYNC, flags & fdflags::RSYNC != 0);
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

pub fn path_create_directory(memory: &mut [u8], state: &mut HostState, fd: u32, path: u32, len: u32) -> WasiResult {
    let at = parent(
        state,
        fd,
        rights::PATH_CREATE_DIRECTORY,
        &guest_path(memory, path, len)?,
    )?;
    Ok(rustix::fs::mkdirat(
        &at.dir,
        at.name_as_given(),
        Mode::from_bits_truncate(0o777),
    )?)
}

pub fn path_remove_directory(memory: &mut [u8], state: &mut HostState, fd: u32, path: u32, len: u32) -> WasiResult {
    let at = parent(
        state,
        fd,
        rights::PATH_REMOVE_DIRECTORY,
        &guest_path(memory, path, len)?,
    )?;
    Ok(rustix::fs::unlinkat(&at.dir, at.name_as_given(), AtFlags::REMOVEDIR)?)
}

pub fn path_unlink_file(memory: &mut [u8], state: &mut HostState, fd: u32, path: u32, len: u32) -> WasiResult {
    let at = parent(state, fd, rights::PATH_UNLINK_FILE, &guest_path(memory, path, len)?)?;
    Ok(rustix::fs::unlinkat(&at.dir, at.name_as_given(), AtFlags::empty())?)
}

pub fn path_rename(
    memory: &mut [u8],
    state: &mut HostState,
    fd: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let from = parent(
        state,
        fd,
        rights::PATH_RENAME_SOURCE,
        &guest_path(memory, old, old_len)?,
    )?;
    let to = parent(
        state,
        new_fd,
        rights::PATH_RENAME_TARGET,
        &guest_path(memory, new, new_len)?,
    )?;
    Ok(rustix::fs::renameat(
        &from.dir,
        from.name_as_given(),
        &to.dir,
        to.name_as_given(),
    )?)
}

/// `path_link`: a hard link. Without SYMLINK_FOLLOW a symlink is linked
/// itself (linkat never follows a last component). With it, the source is
/// first resolved beneath its directory, and the link is made to the
/// descriptor that resolution found (`AT_EMPTY_PATH`), so following cannot
/// lead outside.
pub fn path_link(
    memory: &mut [u8],
    state: &mut HostState,
    fd: u32,
    lookup: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let (old, new) = (guest_path(memory, old, old_len)?, guest_path(memory, new, new_len)?);
    let to = parent(state, new_fd, rights::PATH_LINK_TARGET, &new)?;
    if lookup & LOOKUP_SYMLINK_FOLLOW != 0 {
        let source = locate(state, fd, rights::PATH_LINK_SOURCE, lookup, &old)?;
        let linked = rustix::fs::linkat(&source, "", &to.dir, to.name_as_given(), AtFlags::EMPTY_PATH);
        return match linked {
            // Before Linux 6.10, AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH,
            // and the kernel answers ENOENT without it. The descriptor's
            // entry in /proc names the same object, already resolved.
            Err(rustix::io::Errno::NOENT) => {
                use rustix::fd::AsRawFd;
                let by_proc = format!("/proc/self/fd/{}", source.as_raw_fd());
                let follow = AtFlags::SYMLINK_FOLLOW;
                Ok(rustix::fs::linkat(
                    rustix::fs::CWD,
                    by_proc.as_str(),
                    &to.dir,
                    to.name_as_given(),
                    follow,
                )?)
            }
            other => Ok(other?),
        };
    }
    let from = parent(state, fd, rights::PATH_LINK_SOURCE, &old)?;
    if from.trailing_slash {
        // "name/" would make linkat follow `name`; it must be a directory,
        // and a directory cannot be hard-linked. Resolve it beneath instead.
        let found = locate(state, fd, rights::PATH_LINK_SOURCE, LOOKUP_SYMLINK_FOLLOW, &old)?;
        return match FileType::from_raw_mode(rustix::fs::fstat(&found)?.st_mode) {
            FileType::Directory => Err(errno::PERM),
            _ => Err(errno::NOTDIR),
        };
    }
    Ok(rustix::fs::linkat(
        &from.dir,
        &from.name,
        &to.dir,
        to.name_as_given(),
        AtFlags::empty(),
    )?)
}

/// `path_symlink(target, fd, path)`: the link's text is stored as given,
/// never resolved here. An absolute target is refused: it could only ever
/// point outside the grant.
pub fn path_symlink(
    memory: &mut [u8],
    state: &mut HostState,
    target: u32,
    target_len: u32,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let target = guest_path(memory, target, target_len)?;
    if target.starts_with('/') {
        return Err(errno::NOTCAPABLE);
    }
    let at = parent(state, fd, rights::PATH_SYMLINK, &guest_path(memory, path, len)?)?;
    Ok(rustix::fs::symlinkat(target.as_str(), &at.dir, at.name_as_given())?)
}

/// `path_readlink(fd, path, buf, buf_len, bufused)`: the link's text, cut
/// to the buffer if longer, with no NUL added.
pub fn path_readlink(
    memory: &mut [u8],
    state: &mut HostState,
    fd: u32,
    path: u32,
    len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> WasiResult {
    memory::slice_mut(memory, bufused, 4)?;
    memory::slice_mut(memory, buf, buf_len)?;
    let path = guest_path(memory, path, len)?;
    let at = parent(state, fd, rights::PATH_READLINK, &path)?;
    if at.trailing_slash {
        // "link/" names what the link points to, which is not a link.
        let found = locate(state, fd, rights::PATH_READLINK, LOOKUP_SYMLINK_FOLLOW, &path)?;
        return match FileType::from_raw_mode(rustix::fs::fstat(&found)?.st_mode) {
            FileType::Directory => Err(errno::INVAL),
            _ => Err(errno::NOTDIR),
        };
    }
    let text = rustix::fs::readlinkat(&at.dir, &at.name, Vec::new())?;
    let bytes = text.as_bytes();
    let n = bytes.len().min(buf_len as usize);
    memory::write(memory, buf, &bytes[..n])?;
    Ok(memory::write_u32(memory, bufused, n as u32)?)
}

pub fn path_filestat_get(
    memory: &mut [u8],
    state: &mut HostState,
    fd: u32,
    lookup: u32,
    path: u32,
    len: u32,
    out: u32,
) -> WasiResult {
    memory::slice_mut(memory, out, 64)?;
    let path = guest_path(memory, path, len)?;
    let found = locate(state, fd, rights::PATH_FILESTAT_GET, lookup, &path)?;
    write_filestat(memory, out, &rustix::fs::fstat(&found)?)
}

/// Sets times on what `path` names: the link itself without
/// SYMLINK_FOLLOW, what it points to with it.
pub fn path_filestat_set_times(
    memory: &mut [u8],
    state: &mut HostState,
    fd: u32,
    lookup: u32,
    path: u32,
    len: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult {
    let times = super::files::timestamps(atim, mtim, flags)?; // checked before anything changes
    let path = guest_path(memory, path, len)?;
    let found = locate(state, fd, rights::PATH_FILESTAT_SET_TIMES, lookup, &path)?;
    let how = AtFlags::EMPTY_PATH | AtFlags::SYMLINK_NOFOLLOW;
    Ok(rustix::fs::utimensat(found.as_fd(), "", &times, how)?)
}
