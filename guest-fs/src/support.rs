//! What every check leans on: thin wrappers over the raw `wasi` calls (so
//! an errno arrives exactly as the host gave it), an fd that closes itself,
//! a directory reader, and the `expect_*` helpers that turn an outcome into
//! the "what was expected / what happened" text of a FAIL line.

use std::sync::atomic::{AtomicBool, Ordering};
use wasi::{Errno, Fd, Filestat};

/// `--strict`: the runtime is host-min, which implements what the wasmtime
/// CLI answers "not supported" or "invalid" to (fd_allocate, changing
/// rights, link with SYMLINK_FOLLOW, rmdir of "d/"). Under it those answers
/// fail their check, and the checks of what host-min promises beyond the
/// wasmtime CLI run too.
static STRICT: AtomicBool = AtomicBool::new(false);

pub fn set_strict() {
    STRICT.store(true, Ordering::Relaxed);
}

/// Whether a runtime may answer "not supported" where host-min acts.
pub fn lenient() -> bool {
    !STRICT.load(Ordering::Relaxed)
}

/// The outcome of one check, or of one step of it.
pub type Outcome<T = ()> = Result<T, String>;

pub const FOLLOW: wasi::Lookupflags = wasi::LOOKUPFLAGS_SYMLINK_FOLLOW;
pub const NOFOLLOW: wasi::Lookupflags = 0;

/// How an attempt to leave the granted directory is refused. host-min
/// answers ENOTCAPABLE; the wasmtime CLI (cap-std) answers EPERM.
pub const REFUSED: &[Errno] = &[wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_PERM];

/// What an open regular file is asked for, beyond reading and writing.
pub const FILE_EXTRA: u64 = wasi::RIGHTS_FD_SEEK
    | wasi::RIGHTS_FD_TELL
    | wasi::RIGHTS_FD_FDSTAT_SET_FLAGS
    | wasi::RIGHTS_FD_SYNC
    | wasi::RIGHTS_FD_DATASYNC
    | wasi::RIGHTS_FD_ADVISE
    | wasi::RIGHTS_FD_ALLOCATE
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_FD_FILESTAT_SET_SIZE
    | wasi::RIGHTS_FD_FILESTAT_SET_TIMES
    | wasi::RIGHTS_POLL_FD_READWRITE;
pub const READ: u64 = wasi::RIGHTS_FD_READ | FILE_EXTRA;
pub const WRITE: u64 = wasi::RIGHTS_FD_WRITE | FILE_EXTRA;
pub const RW: u64 = READ | WRITE;

/// What a directory is asked for: everything but the rights that mean
/// writing, which a directory cannot be opened for (EISDIR). node:wasi
/// counts datasync, allocate and set-size among those.
pub const DIR: u64 = ALL
    & !(wasi::RIGHTS_FD_WRITE
        | wasi::RIGHTS_FD_DATASYNC
        | wasi::RIGHTS_FD_ALLOCATE
        | wasi::RIGHTS_FD_FILESTAT_SET_SIZE);

/// Every right preview 1 defines for files and directories, the socket
/// rights left out: what `path_open` asks its new descriptor may pass on.
/// (node:wasi refuses a request for rights the parent cannot pass on, and a
/// directory cannot pass on socket rights.)
pub const ALL: u64 = (1 << 28) - 1;

/// An open descriptor, closed when dropped.
pub struct Owned(pub Fd);

impl Drop for Owned {
    fn drop(&mut self) {
        let _ = unsafe { wasi::fd_close(self.0) };
    }
}

impl Owned {
    /// Gives the number up without closing it (after a renumber or a close
    /// the check made itself).
    pub fn release(self) -> Fd {
        let fd = self.0;
        std::mem::forget(self);
        fd
    }
}

pub fn open(dir: Fd, lookup: u32, path: &str, oflags: u16, base: u64, fdflags: u16) -> Result<Owned, Errno> {
    unsafe { wasi::path_open(dir, lookup, path, oflags, base, ALL, fdflags) }.map(Owned)
}

pub fn open_dir(dir: Fd, path: &str) -> Result<Owned, Errno> {
    open(dir, FOLLOW, path, wasi::OFLAGS_DIRECTORY, DIR, 0)
}

/// Creates (or truncates) `path` and writes `bytes` into it.
pub fn put(dir: Fd, path: &str, bytes: &[u8]) -> Outcome {
    let fd = ok(
        &format!("create {path}"),
        open(dir, FOLLOW, path, wasi::OFLAGS_CREAT | wasi::OFLAGS_TRUNC, RW, 0),
    )?;
    let wrote = ok(&format!("write {path}"), write(fd.0, bytes))?;
    expect_eq(&format!("bytes written to {path}"), bytes.len(), wrote)
}

pub fn write(fd: Fd, bytes: &[u8]) -> Result<usize, Errno> {
    let iov = wasi::Ciovec {
        buf: bytes.as_ptr(),
        buf_len: bytes.len(),
    };
    unsafe { wasi::fd_write(fd, &[iov]) }
}

pub fn pwrite(fd: Fd, bytes: &[u8], at: u64) -> Result<usize, Errno> {
    let iov = wasi::Ciovec {
        buf: bytes.as_ptr(),
        buf_len: bytes.len(),
    };
    unsafe { wasi::fd_pwrite(fd, &[iov], at) }
}

/// Up to `n` bytes from the position, or from `at` with `Some`.
pub fn read_at(fd: Fd, n: usize, at: Option<u64>) -> Result<Vec<u8>, Errno> {
    let mut buf = vec![0u8; n];
    let iov = wasi::Iovec {
        buf: buf.as_mut_ptr(),
        buf_len: n,
    };
    let got = match at {
        None => unsafe { wasi::fd_read(fd, &[iov]) }?,
        Some(offset) => unsafe { wasi::fd_pread(fd, &[iov], offset) }?,
    };
    buf.truncate(got);
    Ok(buf)
}

pub fn read(fd: Fd, n: usize) -> Result<Vec<u8>, Errno> {
    read_at(fd, n, None)
}

/// The whole content of `path`, read from offset 0.
pub fn slurp(dir: Fd, path: &str) -> Outcome<Vec<u8>> {
    let fd = ok(&format!("open {path}"), open(dir, FOLLOW, path, 0, READ, 0))?;
    let mut all = Vec::new();
    loop {
        let chunk = ok(&format!("read {path}"), read_at(fd.0, 4096, Some(all.len() as u64)))?;
        if chunk.is_empty() {
            return Ok(all);
        }
        all.extend_from_slice(&chunk);
    }
}

pub fn stat(dir: Fd, lookup: u32, path: &str) -> Result<Filestat, Errno> {
    unsafe { wasi::path_filestat_get(dir, lookup, path) }
}

pub fn fstat(fd: Fd) -> Result<Filestat, Errno> {
    unsafe { wasi::fd_filestat_get(fd) }
}

pub fn mkdir(dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_create_directory(dir, path) }
}

pub fn symlink(target: &str, dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_symlink(target, dir, path) }
}

pub fn unlink(dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_unlink_file(dir, path) }
}

pub fn rmdir(dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_remove_directory(dir, path) }
}

pub fn rename(dir: Fd, from: &str, to_dir: Fd, to: &str) -> Result<(), Errno> {
    unsafe { wasi::path_rename(dir, from, to_dir, to) }
}

pub fn link(dir: Fd, lookup: u32, from: &str, to_dir: Fd, to: &str) -> Result<(), Errno> {
    unsafe { wasi::path_link(dir, lookup, from, to_dir, to) }
}

/// `path_readlink` into a buffer of `len` bytes pre-filled with `fill`:
/// the count it reports, and the whole buffer.
pub fn readlink(dir: Fd, path: &str, len: usize, fill: u8) -> Result<(usize, Vec<u8>), Errno> {
    let mut buf = vec![fill; len];
    let used = unsafe { wasi::path_readlink(dir, path, buf.as_mut_ptr(), len) }?;
    Ok((used, buf))
}

/// One entry of `fd_readdir`.
pub struct Entry {
    pub next: u64,
    pub ino: u64,
    pub kind: wasi::Filetype,
    pub name: String,
}

/// Every entry of directory `fd` from `cookie` on, through a buffer of
/// `buf_len` bytes: a full buffer means "more to come", and the reader
/// resumes at the last whole entry's `d_next`. An entry too large for the
/// buffer makes the buffer grow.
pub fn list_from(fd: Fd, mut buf_len: usize, mut cookie: u64) -> Result<Vec<Entry>, Errno> {
    let mut entries = Vec::new();
    for _ in 0..100_000 {
        let mut buf = vec![0u8; buf_len];
        let used = unsafe { wasi::fd_readdir(fd, buf.as_mut_ptr(), buf_len, cookie) }?;
        let mut at = 0;
        let mut whole = 0;
        while at + 24 <= used.min(buf_len) {
            let u64_at = |i: usize| u64::from_le_bytes(buf[i..i + 8].try_into().unwrap());
            let namlen = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + namlen > used {
                break; // cut off: read again from the last whole entry
            }
            let kind = match buf[at + 20] {
                3 => wasi::FILETYPE_DIRECTORY,
                4 => wasi::FILETYPE_REGULAR_FILE,
                7 => wasi::FILETYPE_SYMBOLIC_LINK,
                _ => wasi::FILETYPE_UNKNOWN,
            };
            let name = String::from_utf8_lossy(&buf[at + 24..at + 24 + namlen]).into_owned();
            entries.push(Entry {
                next: u64_at(at),
                ino: u64_at(at + 8),
                kind,
                name,
            });
            cookie = u64_at(at);
            at += 24 + namlen;
            whole += 1;
        }
        if used < buf_len {
            return Ok(entries);
        }
        if whole == 0 {
            buf_len *= 2;
        }
    }
    Err(wasi::ERRNO_OVERFLOW) // a directory that never ends
}

pub fn list(fd: Fd, buf_len: usize) -> Result<Vec<Entry>, Errno> {
    list_from(fd, buf_len, 0)
}

/// Removes `path` beneath `dir` and everything in it, without following
/// symlinks. A missing `path` is fine.
pub fn remove_tree(dir: Fd, path: &str) -> Result<(), Errno> {
    let found = match stat(dir, NOFOLLOW, path) {
        Err(wasi::ERRNO_NOENT) => return Ok(()),
        other => other?,
    };
    if found.filetype != wasi::FILETYPE_DIRECTORY {
        return unlink(dir, path);
    }
    let sub = open(dir, NOFOLLOW, path, wasi::OFLAGS_DIRECTORY, DIR, 0)?;
    for entry in list(sub.0, 4096)? {
        if entry.name != "." && entry.name != ".." {
            remove_tree(sub.0, &entry.name)?;
        }
    }
    drop(sub);
    rmdir(dir, path)
}

/// Errno sets the checks often expect.
pub const NOENT: &[Errno] = &[wasi::ERRNO_NOENT];
pub const NOTDIR: &[Errno] = &[wasi::ERRNO_NOTDIR];
pub const LOOP: &[Errno] = &[wasi::ERRNO_LOOP];
pub const EXIST: &[Errno] = &[wasi::ERRNO_EXIST];

/// Errno names joined by `|`, as the FAIL lines print them.
pub fn names(set: &[Errno]) -> String {
    set.iter().map(|e| e.name()).collect::<Vec<_>>().join("|")
}

/// A step that must succeed.
pub fn ok<T>(what: &str, got: Result<T, Errno>) -> Outcome<T> {
    got.map_err(|e| format!("{what}: expected success / got {}", e.name()))
}

/// A step that must fail with one of `set`.
pub fn fails<T>(what: &str, got: Result<T, Errno>, set: &[Errno]) -> Outcome {
    match got {
        Err(e) if set.contains(&e) => Ok(()),
        Err(e) => Err(format!("{what}: expected {} / got {}", names(set), e.name())),
        Ok(_) => Err(format!("{what}: expected {} / got success", names(set))),
    }
}

pub fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, expected: T, got: T) -> Outcome {
    match expected == got {
        true => Ok(()),
        false => Err(format!("{what}: expected {expected:?} / got {got:?}")),
    }
}

pub fn expect(what: &str, holds: bool, got: impl std::fmt::Debug) -> Outcome {
    match holds {
        true => Ok(()),
        false => Err(format!("{what} / got {got:?}")),
    }
}

/// Whether `path` names anything (a dangling symlink counts).
pub fn exists(dir: Fd, path: &str) -> bool {
    stat(dir, NOFOLLOW, path).is_ok()
}
