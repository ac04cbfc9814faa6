//! Path resolution that never leaves a granted directory.
//!
//! Every path a guest names is relative to a directory descriptor it holds.
//! host-min does not check paths by looking at their text: the kernel
//! resolves them, beneath the directory, in one system call.
//!
//! `openat2(dir, path, how)` with `RESOLVE_BENEATH` (Linux 5.6) makes the
//! kernel refuse, with EXDEV, any step that would leave `dir`: an absolute
//! path, a `..` above `dir`, or a symlink (relative or absolute, direct or
//! chained, made by the guest or already there) that leads above it. The
//! check happens during the walk itself, on the objects the walk reaches,
//! so there is no window between checking and using: a directory swapped
//! for a symlink halfway is resolved as a symlink, beneath `dir`, or refused.
//! A walk that a concurrent rename could have confused is answered EAGAIN,
//! and retried. `RESOLVE_NO_MAGICLINKS` also refuses `/proc/self/fd/N`-style
//! links, which jump without a path.
//!
//! Calls that act on a name rather than open it (mkdir, rmdir, unlink,
//! rename, link, symlink, readlink) first open the name's parent this way, then
//! hand the kernel one last component, which those calls never follow.
//!
//! Refusals are ENOTCAPABLE, and are decided before anything outside the
//! directory is looked at: whether an outside path exists is not revealed.

use super::errno::{errno, Errno, WasiResult};
use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{Mode, OFlags, ResolveFlags};

const BENEATH: ResolveFlags = ResolveFlags::BENEATH.union(ResolveFlags::NO_MAGICLINKS);

/// How often a walk the kernel answered EAGAIN (a rename raced it) is tried.
const RETRIES: usize = 16;

/// Reads a path argument: UTF-8, as in every WASI implementation, and
/// without NUL bytes, which no system call could take.
pub fn path_text(bytes: &[u8]) -> WasiResult<&str> {
    let text = std::str::from_utf8(bytes).map_err(|_| errno::ILSEQ)?;
    match text.contains('\0') {
        true => Err(errno::INVAL),
        false => Ok(text),
    }
}

/// Opens `path` beneath `dir` with `flags`: the one place where a guest's
/// path reaches the kernel's resolver.
pub fn open_beneath(dir: impl AsFd, path: &str, flags: OFlags, mode: Mode) -> WasiResult<OwnedFd> {
    if path.is_empty() {
        return Err(errno::NOENT);
    }
    // openat2, unlike openat, refuses a mode that nothing will be created with.
    let mode = if flags.contains(OFlags::CREATE) {
        mode
    } else {
        Mode::empty()
    };
    for _ in 0..RETRIES {
        match rustix::fs::openat2(dir.as_fd(), path, flags | OFlags::CLOEXEC, mode, BENEATH) {
            Ok(fd) => return Ok(fd),
            Err(rustix::io::Errno::AGAIN) => continue,
            // The walk tried to leave the directory: not this guest's to see.
            Err(rustix::io::Errno::XDEV) => return Err(errno::NOTCAPABLE),
            Err(other) => return Err(Errno::from(other)),
        }
    }
    Err(errno::AGAIN)
}

/// A path's location without following its last component: its parent,
/// opened beneath the directory, and the last component's name.
pub struct Parent {
    pub dir: OwnedFd,
    /// One component: never empty, never containing `/`, never `..`.
    pub name: String,
    /// The path ended in `/`: its target must be a directory.
    pub trailing_slash: bool,
}

impl Parent {
    /// The name as the system calls that accept a trailing slash take it
    /// (unlink, rmdir, mkdir, rename, symlink's new name): those calls look
    /// the last component up in its parent and never follow it, so the
    /// slash only adds the kernel's own "must be a directory" checks.
    pub fn name_as_given(&self) -> String {
        match self.trailing_slash {
            true => format!("{}/", self.name),
            false => self.name.clone(),
        }
    }
}

/// Splits `path` into its parent (opened beneath `dir`) and last component.
/// A last component of `.` or `..` names a directory, not an entry in one:
/// that directory is opened (beneath `dir`, so `..` cannot climb out) and
/// the name becomes `.`.
pub fn parent_beneath(dir: impl AsFd, path: &str) -> WasiResult<Parent> {
    if path.is_empty() {
        return Err(errno::NOENT);
    }
    if path.starts_with('/') {
        return Err(errno::NOTCAPABLE); // absolute: never beneath anything
    }
    let trimmed = path.trim_end_matches('/');
    let trailing_slash = trimmed.len() != path.len();
    let (parent, name) = match trimmed.rsplit_once('/') {
        Some((parent, name)) => (parent.trim_end_matches('/'), name),
        None => (".", trimmed),
    };
    let parent = if parent.is_empty() { "." } else { parent };
    let directory = OFlags::PATH | OFlags::DIRECTORY;
    let (opened, name) = match name {
        "." | ".." => (open_beneath(&dir, trimmed, directory, Mode::empty())?, "."),
        _ => (open_beneath(&dir, parent, directory, Mode::empty())?, name),
    };
    Ok(Parent {
        dir: opened,
        name: name.to_string(),
        trailing_slash,
    })
}
