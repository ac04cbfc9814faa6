//! What a guest does by name beneath a directory it holds, for both WASI
//! versions: preview 1's `path_*` calls (p1/paths.rs) and 0.2's `*-at`
//! methods of a descriptor (p2/paths.rs) check their own rights and
//! arguments, then come here. Every name goes through resolve.rs, so
//! nothing here can reach outside the directory the guest was granted.

use super::errno::{errno, Errno, WasiResult};
use super::resolve::{open_beneath, parent_beneath};
use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, Mode, OFlags, Stat, Timestamps};

/// `path` opened beneath `dir` as an `O_PATH` handle: a place to stat or
/// touch, not to read. The last component is followed only if asked.
pub fn locate(dir: BorrowedFd<'_>, follow: bool, path: &str) -> WasiResult<OwnedFd> {
    let mut flags = OFlags::PATH;
    flags.set(OFlags::NOFOLLOW, !follow);
    open_beneath(dir, path, flags, Mode::empty())
}

/// The answer to a call that cannot act on "name/" (link's source,
/// readlink). The kernel would follow `name` to see what the slash names,
/// so it is resolved beneath the directory instead: `if_dir` for a
/// directory, ENOTDIR for anything else, or why it cannot be reached.
fn slash_refusal(dir: BorrowedFd<'_>, path: &str, if_dir: Errno) -> Errno {
    let found = match locate(dir, true, path) {
        Ok(found) => found,
        Err(e) => return e,
    };
    match rustix::fs::fstat(&found).map(|stat| FileType::from_raw_mode(stat.st_mode)) {
        Ok(FileType::Directory) => if_dir,
        Ok(_) => errno::NOTDIR,
        Err(e) => e.into(),
    }
}

pub fn create_directory(dir: BorrowedFd<'_>, path: &str) -> WasiResult {
    let at = parent_beneath(dir, path)?;
    Ok(rustix::fs::mkdirat(
        &at.dir,
        at.name_as_given(),
        Mode::from_bits_truncate(0o777),
    )?)
}

pub fn remove_directory(dir: BorrowedFd<'_>, path: &str) -> WasiResult {
    let at = parent_beneath(dir, path)?;
    Ok(rustix::fs::unlinkat(&at.dir, at.name_as_given(), AtFlags::REMOVEDIR)?)
}

pub fn unlink_file(dir: BorrowedFd<'_>, path: &str) -> WasiResult {
    let at = parent_beneath(dir, path)?;
    Ok(rustix::fs::unlinkat(&at.dir, at.name_as_given(), AtFlags::empty())?)
}

pub fn rename(dir: BorrowedFd<'_>, old: &str, new_dir: BorrowedFd<'_>, new: &str) -> WasiResult {
    let from = parent_beneath(dir, old)?;
    let to = parent_beneath(new_dir, new)?;
    Ok(rustix::fs::renameat(
        &from.dir,
        from.name_as_given(),
        &to.dir,
        to.name_as_given(),
    )?)
}

/// A hard link. Without `follow` a symlink is linked itself (linkat never
/// follows a last component). With it, the source is first resolved
/// beneath its directory, and the link is made to the descriptor that
/// resolution found (`AT_EMPTY_PATH`), so following cannot lead outside.
pub fn link(dir: BorrowedFd<'_>, follow: bool, old: &str, new_dir: BorrowedFd<'_>, new: &str) -> WasiResult {
    let to = parent_beneath(new_dir, new)?;
    if follow {
        let source = locate(dir, true, old)?;
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
    let from = parent_beneath(dir, old)?;
    if from.trailing_slash {
        // "name/" names a directory, and a directory cannot be hard-linked.
        return Err(slash_refusal(dir, old, errno::PERM));
    }
    Ok(rustix::fs::linkat(
        &from.dir,
        &from.name,
        &to.dir,
        to.name_as_given(),
        AtFlags::empty(),
    )?)
}

/// A symlink at `path` whose text is `target`, stored as given and never
/// resolved here. An absolute target is refused: it could only ever point
/// outside the grant.
pub fn symlink(target: &str, dir: BorrowedFd<'_>, path: &str) -> WasiResult {
    if target.starts_with('/') {
        return Err(errno::NOTCAPABLE);
    }
    let at = parent_beneath(dir, path)?;
    Ok(rustix::fs::symlinkat(target, &at.dir, at.name_as_given())?)
}

/// The text of the symlink at `path`, as bytes (it need not be UTF-8).
pub fn readlink(dir: BorrowedFd<'_>, path: &str) -> WasiResult<Vec<u8>> {
    let at = parent_beneath(dir, path)?;
    if at.trailing_slash {
        // "link/" names what the link points to, which is not a link.
        return Err(slash_refusal(dir, path, errno::INVAL));
    }
    Ok(rustix::fs::readlinkat(&at.dir, &at.name, Vec::new())?.into_bytes())
}

/// The status of what `path` names: the link itself without `follow`.
pub fn stat(dir: BorrowedFd<'_>, follow: bool, path: &str) -> WasiResult<Stat> {
    Ok(rustix::fs::fstat(locate(dir, follow, path)?)?)
}

/// Sets times on what `path` names: the link itself without `follow`,
/// what it points to with it.
pub fn set_times(dir: BorrowedFd<'_>, follow: bool, path: &str, times: &Timestamps) -> WasiResult {
    let found = locate(dir, follow, path)?;
    let how = AtFlags::EMPTY_PATH | AtFlags::SYMLINK_NOFOLLOW;
    Ok(rustix::fs::utimensat(found.as_fd(), "", times, how)?)
}
