//! The `path_*` calls but `path_open` (open.rs): everything else a guest
//! does by name, always relative to a directory descriptor it holds. Every name goes through resolve.rs, so
//! nothing here can reach outside the directory the guest was granted.

// The functions take WASI's own parameter lists, up to nine long.
#![allow(clippy::too_many_arguments)]

use super::fd_table::Descriptor;
use super::resolve::{open_beneath, parent_beneath, path_text, Parent};
use super::types::{errno, rights, write_filestat, Errno, WasiResult, LOOKUP_SYMLINK_FOLLOW};
use crate::memory;
use crate::state::HostState;
use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};

/// The path argument at `ptr`/`len`, copied out of guest memory.
pub(super) fn guest_path(memory: &[u8], ptr: u32, len: u32) -> WasiResult<String> {
    Ok(path_text(memory::read(memory, ptr, len)?)?.to_string())
}

/// The directory behind `fd`, if it holds `needed`: ENOTDIR for a file,
/// ENOTCAPABLE for a right it lacks.
pub(super) fn directory(state: &HostState, fd: u32, needed: u64) -> WasiResult<&Descriptor> {
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

/// The answer to a call that cannot act on "name/" (link's source,
/// readlink). The kernel would follow `name` to see what the slash names,
/// so it is resolved beneath the directory instead: `if_dir` for a
/// directory, ENOTDIR for anything else, or why it cannot be reached.
fn slash_refusal(state: &HostState, fd: u32, needed: u64, path: &str, if_dir: Errno) -> Errno {
    let found = match locate(state, fd, needed, LOOKUP_SYMLINK_FOLLOW, path) {
        Ok(found) => found,
        Err(e) => return e,
    };
    match rustix::fs::fstat(&found).map(|stat| FileType::from_raw_mode(stat.st_mode)) {
        Ok(FileType::Directory) => if_dir,
        Ok(_) => errno::NOTDIR,
        Err(e) => e.into(),
    }
}

pub fn path_create_directory(memory: &mut [u8], state: &mut HostState, fd: u32, path: u32, len: u32) -> WasiResult {
    let path = guest_path(memory, path, len)?;
    let at = parent(state, fd, rights::PATH_CREATE_DIRECTORY, &path)?;
    Ok(rustix::fs::mkdirat(
        &at.dir,
        at.name_as_given(),
        Mode::from_bits_truncate(0o777),
    )?)
}

pub fn path_remove_directory(memory: &mut [u8], state: &mut HostState, fd: u32, path: u32, len: u32) -> WasiResult {
    let path = guest_path(memory, path, len)?;
    let at = parent(state, fd, rights::PATH_REMOVE_DIRECTORY, &path)?;
    Ok(rustix::fs::unlinkat(&at.dir, at.name_as_given(), AtFlags::REMOVEDIR)?)
}

pub fn path_unlink_file(memory: &mut [u8], state: &mut HostState, fd: u32, path: u32, len: u32) -> WasiResult {
    let path = guest_path(memory, path, len)?;
    let at = parent(state, fd, rights::PATH_UNLINK_FILE, &path)?;
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
    let (old, new) = (guest_path(memory, old, old_len)?, guest_path(memory, new, new_len)?);
    let from = parent(state, fd, rights::PATH_RENAME_SOURCE, &old)?;
    let to = parent(state, new_fd, rights::PATH_RENAME_TARGET, &new)?;
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
        // "name/" names a directory, and a directory cannot be hard-linked.
        return Err(slash_refusal(state, fd, rights::PATH_LINK_SOURCE, &old, errno::PERM));
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
        return Err(slash_refusal(state, fd, rights::PATH_READLINK, &path, errno::INVAL));
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
    let times = super::file_state::timestamps(atim, mtim, flags)?; // checked before anything changes
    let path = guest_path(memory, path, len)?;
    let found = locate(state, fd, rights::PATH_FILESTAT_SET_TIMES, lookup, &path)?;
    let how = AtFlags::EMPTY_PATH | AtFlags::SYMLINK_NOFOLLOW;
    Ok(rustix::fs::utimensat(found.as_fd(), "", &times, how)?)
}
