//! The numbers and record layouts of WASI preview 1, from
//! `wasi_snapshot_preview1.witx`: errnos, rights, flags, and the byte layout
//! of each struct the host writes into guest memory. Little-endian, with the
//! C alignment rules the witx types imply (a u64 field sits at a multiple of 8).

use crate::memory;

pub use crate::wasi::errno::{errno, Errno, Stop, Waited, WasiResult};

/// What a descriptor may be used for: a bit per operation. A descriptor
/// carries `base` (for itself) and `inheriting` (for what `path_open`
/// opens through it); rights only ever shrink.
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;

    /// What an open regular file can do.
    pub const FILE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;
    /// What an open directory can do: look things up beneath it. No
    /// seeking and no sizes; this is the set the wasmtime CLI gives.
    pub const DIRECTORY: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES;
    /// What the standard streams can do: no seeking, so `isatty` can tell.
    pub const STDIO: u64 = FD_READ | FD_WRITE | FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE;
}

pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// The file type WASI names for a host file type.
pub fn filetype_of(kind: rustix::fs::FileType) -> u8 {
    use rustix::fs::FileType as T;
    match kind {
        T::RegularFile => filetype::REGULAR_FILE,
        T::Directory => filetype::DIRECTORY,
        T::Symlink => filetype::SYMBOLIC_LINK,
        T::CharacterDevice => filetype::CHARACTER_DEVICE,
        T::BlockDevice => filetype::BLOCK_DEVICE,
        T::Socket => filetype::SOCKET_STREAM,
        _ => filetype::UNKNOWN, // a FIFO has no WASI type
    }
}

pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
}

pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
}

pub const LOOKUP_SYMLINK_FOLLOW: u32 = 1 << 0;

pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
}

/// `filestat`, 64 bytes: dev, ino, filetype, nlink, size, atim, mtim, ctim.
// `stat`'s field widths differ between Linux architectures; the casts are
// no-ops only on some.
#[allow(clippy::unnecessary_cast)]
pub fn write_filestat(memory: &mut [u8], at: u32, stat: &rustix::fs::Stat) -> WasiResult {
    let kind = filetype_of(rustix::fs::FileType::from_raw_mode(stat.st_mode));
    let nanos = |secs: i64, nsec: u64| (secs as u64).wrapping_mul(1_000_000_000).wrapping_add(nsec);
    let mut record = [0u8; 64];
    record[0..8].copy_from_slice(&stat.st_dev.to_le_bytes());
    record[8..16].copy_from_slice(&stat.st_ino.to_le_bytes());
    record[16] = kind;
    record[24..32].copy_from_slice(&(stat.st_nlink as u64).to_le_bytes());
    record[32..40].copy_from_slice(&(stat.st_size as u64).to_le_bytes());
    record[40..48].copy_from_slice(&nanos(stat.st_atime, stat.st_atime_nsec as u64).to_le_bytes());
    record[48..56].copy_from_slice(&nanos(stat.st_mtime, stat.st_mtime_nsec as u64).to_le_bytes());
    record[56..64].copy_from_slice(&nanos(stat.st_ctime, stat.st_ctime_nsec as u64).to_le_bytes());
    Ok(memory::write(memory, at, &record)?)
}

/// `fdstat`, 24 bytes: filetype, flags, rights base, rights inheriting.
pub fn write_fdstat(memory: &mut [u8], at: u32, kind: u8, flags: u16, base: u64, inheriting: u64) -> WasiResult {
    let mut record = [0u8; 24];
    record[0] = kind;
    record[2..4].copy_from_slice(&flags.to_le_bytes());
    record[8..16].copy_from_slice(&base.to_le_bytes());
    record[16..24].copy_from_slice(&inheriting.to_le_bytes());
    Ok(memory::write(memory, at, &record)?)
}

/// `dirent`, 24 bytes, which the name follows: next cookie, inode, name
/// length, type.
pub fn dirent(next: u64, ino: u64, name_len: u32, kind: u8) -> [u8; 24] {
    let mut record = [0u8; 24];
    record[0..8].copy_from_slice(&next.to_le_bytes());
    record[8..16].copy_from_slice(&ino.to_le_bytes());
    record[16..20].copy_from_slice(&name_len.to_le_bytes());
    record[20] = kind;
    record
}
