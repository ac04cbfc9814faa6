//! The guest's descriptor table: what each WASI fd number stands for.
//!
//! A guest never sees a host descriptor. Its fd numbers index this table,
//! and each entry holds what the number may reach: a standard stream, an
//! open file, or an open directory beneath which paths may be resolved
//! (resolve.rs). Each entry carries its rights, so an operation a
//! descriptor was not opened for is refused with ENOTCAPABLE before any
//! system call is made.

use super::types::{errno, filetype, rights, WasiResult};
use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use std::collections::BTreeMap;
use std::path::Path;

/// How many descriptors a guest may hold open at once (stdio included),
/// so a guest that opens files in a loop runs out of its own table (EMFILE)
/// before it runs the host out of descriptors.
pub const MAX_OPEN: usize = 256;

/// The one rights check: `held` must include every right in `needed`, or
/// the call is refused with ENOTCAPABLE. Every call that needs a right (or
/// hands one on, as `path_open` and `fd_fdstat_set_rights` do) asks here.
pub fn require(held: u64, needed: u64) -> WasiResult {
    match held & needed == needed {
        true => Ok(()),
        false => Err(errno::NOTCAPABLE),
    }
}

pub enum Handle {
    Stdin,
    Stdout,
    Stderr,
    File(OwnedFd),
    Dir(Directory),
}

pub struct Directory {
    pub fd: OwnedFd,
    /// The name the guest knows a pre-opened directory by (`fd_prestat_*`).
    pub preopen: Option<String>,
}

pub struct Descriptor {
    pub handle: Handle,
    /// What it is, in WASI's numbering: taken from the host when opened.
    pub filetype: u8,
    /// What this descriptor may do, and what `path_open` may give what it opens.
    pub base: u64,
    pub inheriting: u64,
    /// The fdflags the guest asked for (APPEND, NONBLOCK, SYNC, ...).
    pub flags: u16,
}

impl Descriptor {
    /// The host descriptor behind a file or a directory; EBADF for stdio,
    /// which the host does not hand to system calls.
    pub fn host_fd(&self) -> WasiResult<BorrowedFd<'_>> {
        match &self.handle {
            Handle::File(fd) => Ok(fd.as_fd()),
            Handle::Dir(dir) => Ok(dir.fd.as_fd()),
            _ => Err(errno::BADF),
        }
    }

    /// The directory behind this descriptor; ENOTDIR if it is not one.
    pub fn dir(&self) -> WasiResult<&Directory> {
        match &self.handle {
            Handle::Dir(dir) => Ok(dir),
            _ => Err(errno::NOTDIR),
        }
    }
}

pub struct FdTable {
    slots: BTreeMap<u32, Descriptor>,
    /// (device, inode) of every granted directory, kept after its fd is
    /// closed: at these, `..` lies outside (see `fd_readdir`).
    roots: Vec<(u64, u64)>,
}

impl Default for FdTable {
    /// Standard input, output and error as fds 0, 1 and 2; nothing else.
    fn default() -> Self {
        let stdio = |handle| Descriptor {
            handle,
            filetype: filetype::CHARACTER_DEVICE,
            base: rights::STDIO,
            inheriting: 0,
            flags: 0,
        };
        let slots = BTreeMap::from([
            (0, stdio(Handle::Stdin)),
            (1, stdio(Handle::Stdout)),
            (2, stdio(Handle::Stderr)),
        ]);
        FdTable {
            slots,
            roots: Vec::new(),
        }
    }
}

impl FdTable {
    /// How many descriptors are open, stdio included (at most MAX_OPEN).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Opens `host_dir` and grants it to the guest as `guest_name`: the next
    /// fd, whose paths resolve beneath it and nowhere else.
    pub fn preopen(&mut self, host_dir: &Path, guest_name: &str) -> std::io::Result<u32> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = rustix::fs::open(host_dir, flags, Mode::empty())?;
        let stat = rustix::fs::fstat(&fd)?;
        self.roots.push((stat.st_dev, stat.st_ino));
        let dir = Directory {
            fd,
            preopen: Some(guest_name.to_string()),
        };
        let granted = Descriptor {
            handle: Handle::Dir(dir),
            filetype: filetype::DIRECTORY,
            base: rights::DIRECTORY,
            inheriting: rights::DIRECTORY | rights::FILE,
            flags: 0,
        };
        self.insert(granted)
            .map_err(|_| std::io::Error::other("too many directories"))
    }

    /// The granted directories still open, with their guest names, in fd
    /// order: WASI 0.2's `get-directories` hands out duplicates of these.
    pub fn preopens(&self) -> impl Iterator<Item = (BorrowedFd<'_>, &str)> {
        self.slots.values().filter_map(|entry| match &entry.handle {
            Handle::Dir(Directory {
                fd,
                preopen: Some(name),
            }) => Some((fd.as_fd(), name.as_str())),
            _ => None,
        })
    }

    /// (device, inode) of each granted directory.
    pub fn roots(&self) -> &[(u64, u64)] {
        &self.roots
    }

    /// The descriptor `fd`, if it holds every right in `needed`: EBADF for a
    /// number that is not open, ENOTCAPABLE for a right it lacks.
    pub fn get(&self, fd: u32, needed: u64) -> WasiResult<&Descriptor> {
        let entry = self.slots.get(&fd).ok_or(errno::BADF)?;
        require(entry.base, needed)?;
        Ok(entry)
    }

    pub fn get_mut(&mut self, fd: u32, needed: u64) -> WasiResult<&mut Descriptor> {
        let entry = self.slots.get_mut(&fd).ok_or(errno::BADF)?;
        require(entry.base, needed)?;
        Ok(entry)
    }

    /// Puts `entry` at the lowest free number, as POSIX `open` does.
    pub fn insert(&mut self, entry: Descriptor) -> WasiResult<u32> {
        if self.slots.len() >= MAX_OPEN {
            return Err(errno::MFILE);
        }
        let free = (0..).zip(self.slots.keys()).find(|(want, have)| want != *have);
        let fd = free.map_or(self.slots.len() as u32, |(want, _)| want);
        self.slots.insert(fd, entry);
        Ok(fd)
    }

    pub fn remove(&mut self, fd: u32) -> WasiResult<Descriptor> {
        self.slots.remove(&fd).ok_or(errno::BADF)
    }

    /// `fd_renumber(from, to)`: `to` is closed and `from` moves to it. Both
    /// must be open.
    pub fn renumber(&mut self, from: u32, to: u32) -> WasiResult {
        if !self.slots.contains_key(&from) || !self.slots.contains_key(&to) {
            return Err(errno::BADF);
        }
        let moved = self.slots.remove(&from).ok_or(errno::BADF)?;
        self.slots.insert(to, moved); // the old `to` is dropped: closed
        Ok(())
    }
}
