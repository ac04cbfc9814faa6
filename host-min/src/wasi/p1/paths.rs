//! The `path_*` calls but `path_open` (open.rs): everything else a guest
//! does by name, always relative to a directory descriptor it holds. Each
//! checks its rights and reads its arguments from guest memory, then hands
//! the work to the shared core (../paths.rs), where every name goes through
//! resolve.rs, so nothing here can reach outside the granted directory.

// The functions take WASI's own parameter lists, up to nine long.
#![allow(clippy::too_many_arguments)]

use super::fd_table::{require, Descriptor};
use super::resolve::path_text;
use super::types::{rights, write_filestat, WasiResult, LOOKUP_SYMLINK_FOLLOW};
use super::WasiP1;
use crate::memory;
use crate::wasi::paths as core;
use rustix::fd::{AsFd, BorrowedFd};

/// The path argument at `ptr`/`len`, copied out of guest memory.
pub(super) fn guest_path(memory: &[u8], ptr: u32, len: u32) -> WasiResult<String> {
    Ok(path_text(memory::read(memory, ptr, len)?)?.to_string())
}

/// The directory behind `fd`, if it holds `needed`: ENOTDIR for a file,
/// ENOTCAPABLE for a right it lacks.
pub(super) fn directory<'s>(state: &'s WasiP1<'_>, fd: u32, needed: u64) -> WasiResult<&'s Descriptor> {
    let entry = state.fds.get(fd, 0)?;
    entry.dir()?;
    require(entry.base, needed)?;
    Ok(entry)
}

/// The host descriptor of the directory `fd`, if it holds `needed`.
fn dir_fd<'s>(state: &'s WasiP1<'_>, fd: u32, needed: u64) -> WasiResult<BorrowedFd<'s>> {
    Ok(directory(state, fd, needed)?.dir()?.fd.as_fd())
}

fn follows(lookup: u32) -> bool {
    lookup & LOOKUP_SYMLINK_FOLLOW != 0
}

pub fn path_create_directory(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
    let path = guest_path(memory, path, len)?;
    core::create_directory(dir_fd(state, fd, rights::PATH_CREATE_DIRECTORY)?, &path)
}

pub fn path_remove_directory(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
    let path = guest_path(memory, path, len)?;
    core::remove_directory(dir_fd(state, fd, rights::PATH_REMOVE_DIRECTORY)?, &path)
}

pub fn path_unlink_file(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
    let path = guest_path(memory, path, len)?;
    core::unlink_file(dir_fd(state, fd, rights::PATH_UNLINK_FILE)?, &path)
}

pub fn path_rename(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let (old, new) = (guest_path(memory, old, old_len)?, guest_path(memory, new, new_len)?);
    let from = dir_fd(state, fd, rights::PATH_RENAME_SOURCE)?;
    let to = dir_fd(state, new_fd, rights::PATH_RENAME_TARGET)?;
    core::rename(from, &old, to, &new)
}

/// `path_link`: a hard link; with SYMLINK_FOLLOW, to what a symlink
/// source points to (resolved beneath its directory, ../paths.rs).
pub fn path_link(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    lookup: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let (old, new) = (guest_path(memory, old, old_len)?, guest_path(memory, new, new_len)?);
    let to = dir_fd(state, new_fd, rights::PATH_LINK_TARGET)?;
    let from = dir_fd(state, fd, rights::PATH_LINK_SOURCE)?;
    core::link(from, follows(lookup), &old, to, &new)
}

/// `path_symlink(target, fd, path)`: the link's text is stored as given;
/// an absolute target is refused.
pub fn path_symlink(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    target: u32,
    target_len: u32,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let target = guest_path(memory, target, target_len)?;
    let path = guest_path(memory, path, len)?;
    core::symlink(&target, dir_fd(state, fd, rights::PATH_SYMLINK)?, &path)
}

/// `path_readlink(fd, path, buf, buf_len, bufused)`: the link's text, cut
/// to the buffer if longer, with no NUL added.
pub fn path_readlink(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
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
    let text = core::readlink(dir_fd(state, fd, rights::PATH_READLINK)?, &path)?;
    let n = text.len().min(buf_len as usize);
    memory::write(memory, buf, &text[..n])?;
    Ok(memory::write_u32(memory, bufused, n as u32)?)
}

pub fn path_filestat_get(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    lookup: u32,
    path: u32,
    len: u32,
    out: u32,
) -> WasiResult {
    memory::slice_mut(memory, out, 64)?;
    let path = guest_path(memory, path, len)?;
    let stat = core::stat(dir_fd(state, fd, rights::PATH_FILESTAT_GET)?, follows(lookup), &path)?;
    write_filestat(memory, out, &stat)
}

/// Sets times on what `path` names: the link itself without
/// SYMLINK_FOLLOW, what it points to with it.
pub fn path_filestat_set_times(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
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
    let dir = dir_fd(state, fd, rights::PATH_FILESTAT_SET_TIMES)?;
    core::set_times(dir, follows(lookup), &path, &times)
}
