//! Calls on descriptors themselves: what they are (`fd_fdstat_get`,
//! `fd_prestat_*`), their rights, closing and renumbering them, and listing
//! a directory (`fd_readdir`).

use super::fd_table::{require, Handle};
use super::types::{dirent, errno, filetype, filetype_of, rights, write_fdstat, WasiResult};
use super::WasiP1;
use crate::memory;
use rustix::fs::{Mode, OFlags};

pub fn fd_close(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32) -> WasiResult {
    state.fds.remove(fd).map(drop) // dropping the entry closes the host descriptor
}

pub fn fd_renumber(_: &mut [u8], state: &mut WasiP1<'_>, from: u32, to: u32) -> WasiResult {
    state.fds.renumber(from, to)
}

pub fn fd_fdstat_get(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, out: u32) -> WasiResult {
    let entry = state.fds.get(fd, 0)?;
    write_fdstat(memory, out, entry.filetype, entry.flags, entry.base, entry.inheriting)
}

/// Rights can be dropped, never gained: asking for one the descriptor does
/// not hold is ENOTCAPABLE.
pub fn fd_fdstat_set_rights(_: &mut [u8], state: &mut WasiP1<'_>, fd: u32, base: u64, inheriting: u64) -> WasiResult {
    let entry = state.fds.get_mut(fd, 0)?;
    require(entry.base, base)?;
    require(entry.inheriting, inheriting)?;
    entry.base = base;
    entry.inheriting = inheriting;
    Ok(())
}

/// `fd_prestat_get(fd, out)`: for a pre-opened directory, tag 0 (a
/// directory) and the length of its name; EBADF for any other descriptor,
/// which is how a guest finds where its grants end.
pub fn fd_prestat_get(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, out: u32) -> WasiResult {
    let name = preopen_name(state, fd)?;
    let mut record = [0u8; 8];
    record[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
    Ok(memory::write(memory, out, &record)?)
}

pub fn fd_prestat_dir_name(memory: &mut [u8], state: &mut WasiP1<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
    let name = preopen_name(state, fd)?;
    let target = memory::slice_mut(memory, path, len)?;
    let n = name.len().min(target.len());
    target[..n].copy_from_slice(&name.as_bytes()[..n]);
    match len as usize >= name.len() {
        true => Ok(()),
        false => Err(errno::NAMETOOLONG),
    }
}

fn preopen_name<'s>(state: &'s WasiP1<'_>, fd: u32) -> WasiResult<&'s str> {
    match &state.fds.get(fd, 0)?.handle {
        Handle::Dir(dir) => dir.preopen.as_deref().ok_or(errno::BADF),
        _ => Err(errno::BADF),
    }
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused)`: fills the buffer with
/// entries from `cookie` on, each a 24-byte dirent and its name. The last
/// one may be cut off; a full buffer tells the guest to call again with the
/// last whole entry's `d_next`.
///
/// A cookie is the kernel's own position in the directory (getdents64's
/// `d_off`), 0 being the start. Each call opens the directory afresh, so
/// the guest's descriptor keeps no hidden position, seeks to the cookie,
/// and reads only the entries that fill the buffer: a listing costs the
/// host memory in proportion to the guest's buffer, not to the directory.
///
/// `.` and `..` are listed, as the kernel lists them. In a granted
/// directory itself, `..` is the directory above the grant: its inode
/// number is not the guest's to learn, so `..` gets the grant's own, as
/// `/..` is `/`.
pub fn fd_readdir(
    memory: &mut [u8],
    state: &mut WasiP1<'_>,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    bufused: u32,
) -> WasiResult {
    memory::slice_mut(memory, bufused, 4)?;
    memory::slice_mut(memory, buf, buf_len)?;
    let entry = state.fds.get(fd, 0)?;
    let Handle::Dir(dir) = &entry.handle else {
        return Err(errno::NOTDIR);
    };
    require(entry.base, rights::FD_READDIR)?;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fresh = rustix::fs::openat(&dir.fd, ".", flags, Mode::empty())?;
    let here = rustix::fs::fstat(&fresh)?;
    let at_root = state.fds.roots().contains(&(here.st_dev, here.st_ino));
    if cookie != 0 {
        let cookie = i64::try_from(cookie).map_err(|_| errno::INVAL)?;
        rustix::fs::seek(&fresh, rustix::fs::SeekFrom::Start(cookie as u64))?;
    }

    let wanted = buf_len as usize;
    let mut bytes = Vec::with_capacity(wanted.min(64 << 10));
    let mut buffer = vec![std::mem::MaybeUninit::uninit(); 16 << 10];
    let mut reader = rustix::fs::RawDir::new(&fresh, &mut buffer);
    while bytes.len() < wanted {
        let Some(item) = reader.next() else {
            break; // the end of the directory
        };
        let item = item?;
        let name = item.file_name().to_bytes();
        let mut kind = filetype_of(item.file_type());
        if kind == filetype::UNKNOWN {
            // Some filesystems leave the type out of the listing; ask for it.
            let stat = rustix::fs::statat(&fresh, item.file_name(), rustix::fs::AtFlags::SYMLINK_NOFOLLOW);
            kind = stat.map_or(kind, |s| filetype_of(rustix::fs::FileType::from_raw_mode(s.st_mode)));
        }
        let ino = match at_root && name == b".." {
            true => here.st_ino,
            false => item.ino(),
        };
        bytes.extend_from_slice(&dirent(item.next_entry_cookie(), ino, name.len() as u32, kind));
        bytes.extend_from_slice(name);
    }
    bytes.truncate(wanted);
    memory::write(memory, buf, &bytes)?;
    Ok(memory::write_u32(memory, bufused, bytes.len() as u32)?)
}
