//! A descriptor's methods that take a path, `open-at` and the directory
//! listing, and `wasi:filesystem/preopens`. Each checks that its
//! descriptor is a directory, then hands the path to the shared core
//! (../paths.rs, ../resolve.rs), the one preview 1 uses: resolution by the
//! kernel beneath the directory, so a path never leaves its grant.

use super::errors::check;
use super::errors::FsResult;
use super::stat::{descriptor_stat, descriptor_type, metadata_hash, timestamps};
use super::table::{Descriptor as Open, Entry};
use super::wasi::filesystem::preopens;
use super::wasi::filesystem::types::Descriptor;
use super::wasi::filesystem::types::{
    DescriptorFlags, DescriptorStat, DirectoryEntry, DirectoryEntryStream, ErrorCode, MetadataHashValue, NewTimestamp,
    OpenFlags, PathFlags,
};
use super::WasiP2;
use crate::wasi::paths as core;
use crate::wasi::resolve::{open_beneath, path_text};
use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{FileType, Mode, OFlags};
use std::sync::Arc;
use wasmtime::component::Resource;

type Outcome<T> = wasmtime::Result<FsResult<T>>;

/// The flags that ask for synchronous writes, kept as asked (get-flags).
fn sync_flags() -> DescriptorFlags {
    DescriptorFlags::FILE_INTEGRITY_SYNC | DescriptorFlags::DATA_INTEGRITY_SYNC | DescriptorFlags::REQUESTED_WRITE_SYNC
}

/// The directory behind a descriptor (`not-directory` for a file), and
/// the path checked as the core wants it (no NUL bytes).
fn directory(state: &mut WasiP2<'_>, d: &Resource<Descriptor>, path: &str) -> wasmtime::Result<FsResult<Arc<OwnedFd>>> {
    let open = state.open_file(d)?;
    if !open.is_dir {
        return Ok(Err(ErrorCode::NotDirectory));
    }
    let fd = open.fd.clone();
    Ok(path_text(path.as_bytes()).map(|_| fd).map_err(Into::into))
}

fn follows(flags: PathFlags) -> bool {
    flags.contains(PathFlags::SYMLINK_FOLLOW)
}

pub fn create_directory_at(state: &mut WasiP2<'_>, d: &Resource<Descriptor>, path: &str) -> Outcome<()> {
    let dir = check!(directory(state, d, path)?);
    Ok(core::create_directory(dir.as_fd(), path).map_err(Into::into))
}

pub fn remove_directory_at(state: &mut WasiP2<'_>, d: &Resource<Descriptor>, path: &str) -> Outcome<()> {
    let dir = check!(directory(state, d, path)?);
    Ok(core::remove_directory(dir.as_fd(), path).map_err(Into::into))
}

pub fn unlink_file_at(state: &mut WasiP2<'_>, d: &Resource<Descriptor>, path: &str) -> Outcome<()> {
    let dir = check!(directory(state, d, path)?);
    Ok(core::unlink_file(dir.as_fd(), path).map_err(Into::into))
}

pub fn stat_at(
    state: &mut WasiP2<'_>,
    d: &Resource<Descriptor>,
    flags: PathFlags,
    path: &str,
) -> Outcome<DescriptorStat> {
    let dir = check!(directory(state, d, path)?);
    Ok(core::stat(dir.as_fd(), follows(flags), path)
        .map(|stat| descriptor_stat(&stat))
        .map_err(Into::into))
}

pub fn metadata_hash_at(
    state: &mut WasiP2<'_>,
    d: &Resource<Descriptor>,
    flags: PathFlags,
    path: &str,
) -> Outcome<MetadataHashValue> {
    let dir = check!(directory(state, d, path)?);
    Ok(core::stat(dir.as_fd(), follows(flags), path)
        .map(|stat| metadata_hash(&stat))
        .map_err(Into::into))
}

pub fn set_times_at(
    state: &mut WasiP2<'_>,
    d: &Resource<Descriptor>,
    flags: PathFlags,
    path: &str,
    atime: NewTimestamp,
    mtime: NewTimestamp,
) -> Outcome<()> {
    let dir = check!(directory(state, d, path)?);
    let times = timestamps(atime, mtime);
    Ok(core::set_times(dir.as_fd(), follows(flags), path, &times).map_err(Into::into))
}

pub fn link_at(
    state: &mut WasiP2<'_>,
    d: &Resource<Descriptor>,
    flags: PathFlags,
    old: &str,
    new_d: &Resource<Descriptor>,
    new: &str,
) -> Outcome<()> {
    let from = check!(directory(state, d, old)?);
    let to = check!(directory(state, new_d, new)?);
    Ok(core::link(from.as_fd(), follows(flags), old, to.as_fd(), new).map_err(Into::into))
}

pub fn rename_at(
    state: &mut WasiP2<'_>,
    d: &Resource<Descriptor>,
    old: &str,
    new_d: &Resource<Descriptor>,
    new: &str,
) -> Outcome<()> {
    let from = check!(directory(state, d, old)?);
    let to = check!(directory(state, new_d, new)?);
    Ok(core::rename(from.as_fd(), old, to.as_fd(), new).map_err(Into::into))
}

pub fn symlink_at(state: &mut WasiP2<'_>, d: &Resource<Descriptor>, target: &str, path: &str) -> Outcome<()> {
    let dir = check!(directory(state, d, path)?);
    check!(path_text(target.as_bytes()));
    Ok(core::symlink(target, dir.as_fd(), path).map_err(Into::into))
}

/// A link's text, which WIT carries as a string: one that is not UTF-8
/// cannot be given (`illegal-byte-sequence`).
pub fn readlink_at(state: &mut WasiP2<'_>, d: &Resource<Descriptor>, path: &str) -> Outcome<String> {
    let dir = check!(directory(state, d, path)?);
    let text = check!(core::readlink(dir.as_fd(), path));
    Ok(String::from_utf8(text).map_err(|_| ErrorCode::IllegalByteSequence))
}

/// `open-at`: the flags choose the host's open flags as the wasmtime CLI
/// does. Without `write` a file is opened for reading; `create` and
/// `truncate` imply writing. A directory may be mutated beneath if the
/// guest asked for `mutate-directory`. FIFOs open non-blocking, so one
/// cannot hang the host in open(2); reads wait in streams.rs instead.
pub fn open_at(
    state: &mut WasiP2<'_>,
    d: &Resource<Descriptor>,
    path_flags: PathFlags,
    path: &str,
    open_flags: OpenFlags,
    flags: DescriptorFlags,
) -> Outcome<Resource<Descriptor>> {
    let dir = check!(directory(state, d, path)?);
    let directory_only = open_flags.contains(OpenFlags::DIRECTORY);
    let changes = OpenFlags::CREATE | OpenFlags::EXCLUSIVE | OpenFlags::TRUNCATE;
    if directory_only && open_flags.intersects(changes) {
        return Ok(Err(ErrorCode::Invalid));
    }
    if !state.resources.has_room_for_fd() {
        return Ok(Err(ErrorCode::InsufficientMemory)); // host-min's descriptor cap (table.rs)
    }
    let asked_write = flags.contains(DescriptorFlags::WRITE);
    let write = asked_write || open_flags.intersects(OpenFlags::CREATE | OpenFlags::TRUNCATE);
    let read = flags.contains(DescriptorFlags::READ) || !asked_write;
    let mut host = match (read, write) {
        (_, false) => OFlags::RDONLY,
        (false, true) => OFlags::WRONLY,
        (true, true) => OFlags::RDWR,
    };
    host.set(OFlags::CREATE, open_flags.contains(OpenFlags::CREATE));
    host.set(OFlags::EXCL, open_flags.contains(OpenFlags::EXCLUSIVE));
    host.set(OFlags::TRUNC, open_flags.contains(OpenFlags::TRUNCATE));
    host.set(OFlags::DIRECTORY, directory_only);
    host.set(OFlags::NOFOLLOW, !follows(path_flags));
    // Only ever added: on Linux O_SYNC includes O_DSYNC's bit and O_RSYNC
    // is O_SYNC, so clearing one that was not asked for would clear another.
    let sync = flags & sync_flags();
    for (asked, host_flag) in [
        (DescriptorFlags::FILE_INTEGRITY_SYNC, OFlags::SYNC),
        (DescriptorFlags::DATA_INTEGRITY_SYNC, OFlags::DSYNC),
        (DescriptorFlags::REQUESTED_WRITE_SYNC, OFlags::RSYNC),
    ] {
        if sync.contains(asked) {
            host |= host_flag;
        }
    }
    host |= OFlags::NOCTTY | OFlags::NONBLOCK;
    let opened = check!(open_beneath(dir.as_fd(), path, host, Mode::from_bits_truncate(0o666)));
    let stat = check!(rustix::fs::fstat(&opened));
    let is_dir = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
    let open = Open {
        fd: Arc::new(opened),
        is_dir,
        read,
        sync,
        write: match is_dir {
            true => flags.contains(DescriptorFlags::MUTATE_DIRECTORY),
            false => write,
        },
    };
    Ok(Ok(Resource::new_own(
        state.resources.push(Entry::Descriptor(open), None)?,
    )))
}

/// A directory's entries, read from the kernel a buffer at a time as the
/// guest asks (a listing of any size costs the host one buffer), from a
/// descriptor of its own, so two listings never share a position.
pub fn read_directory(state: &mut WasiP2<'_>, d: &Resource<Descriptor>) -> Outcome<Resource<DirectoryEntryStream>> {
    let dir = check!(directory(state, d, ".")?);
    if !state.resources.has_room_for_fd() {
        return Ok(Err(ErrorCode::InsufficientMemory));
    }
    let listing = check!(rustix::fs::Dir::read_from(&*dir));
    Ok(Ok(Resource::new_own(
        state.resources.push(Entry::Listing(listing), None)?,
    )))
}

/// The next entry, without `.` and `..` (WASI 0.2 lists neither).
pub fn next_entry(state: &mut WasiP2<'_>, stream: &Resource<DirectoryEntryStream>) -> Outcome<Option<DirectoryEntry>> {
    let listing = state.resources.listing(stream.rep())?;
    loop {
        let entry = match listing.read() {
            None => return Ok(Ok(None)),
            Some(entry) => check!(entry),
        };
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let Ok(name) = std::str::from_utf8(name) else {
            return Ok(Err(ErrorCode::IllegalByteSequence));
        };
        let mut kind = entry.file_type();
        if kind == FileType::Unknown {
            // Some filesystems leave the type out of the listing; ask.
            let how = rustix::fs::AtFlags::SYMLINK_NOFOLLOW;
            let dir = check!(listing.fd());
            if let Ok(stat) = rustix::fs::statat(dir, name, how) {
                kind = FileType::from_raw_mode(stat.st_mode);
            }
        }
        let name = name.to_string();
        return Ok(Ok(Some(DirectoryEntry {
            type_: descriptor_type(kind),
            name,
        })));
    }
}

impl preopens::Host for WasiP2<'_> {
    /// The directories granted with `--dir`, in order, with their guest
    /// names: each a new descriptor (a duplicate of the grant's), readable
    /// and mutable beneath.
    fn get_directories(&mut self) -> wasmtime::Result<Vec<(Resource<Descriptor>, String)>> {
        let grants: Vec<(OwnedFd, String)> = self
            .fds
            .preopens()
            .map(|(fd, name)| Ok((rustix::io::fcntl_dupfd_cloexec(fd, 0)?, name.to_string())))
            .collect::<rustix::io::Result<_>>()?;
        let mut handed = Vec::with_capacity(grants.len());
        for (fd, name) in grants {
            let open = Open {
                fd: Arc::new(fd),
                is_dir: true,
                read: true,
                write: true,
                sync: DescriptorFlags::empty(),
            };
            handed.push((
                Resource::new_own(self.resources.push(Entry::Descriptor(open), None)?),
                name,
            ));
        }
        Ok(handed)
    }
}
