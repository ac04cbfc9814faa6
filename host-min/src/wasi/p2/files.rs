//! `wasi:filesystem/types`: the descriptor resource. Its own methods
//! (streams, stat, flags, read and write at an offset, sizes and times)
//! are here; the ones that take a path (`*-at`, `open-at`) live in
//! paths.rs, and this impl only points to them, since Rust wants one trait
//! in one block.
//!
//! Rights are simpler than preview 1's: a descriptor was opened for
//! reading, writing, or both, and the kernel refuses the other with EBADF
//! (`bad-descriptor`), as on the wasmtime CLI.

use super::errors::{check, FsResult};
use super::paths;
use super::stat::{descriptor_stat, descriptor_type, metadata_hash, timestamps};
use super::streams::{InputStream as Input, OutputStream as Output, MAX_READ};
use super::table::{Descriptor as Open, Entry};
use super::wasi::filesystem::types::{
    Advice, Descriptor, DescriptorFlags, DescriptorStat, DescriptorType, DirectoryEntry, DirectoryEntryStream, Error,
    ErrorCode, Filesize, Host, HostDescriptor, HostDirectoryEntryStream, MetadataHashValue, NewTimestamp, OpenFlags,
    PathFlags,
};
use super::wasi::io::streams::{InputStream, OutputStream};
use super::WasiP2;
use rustix::fs::FileType;
use wasmtime::component::Resource;

type Outcome<T> = wasmtime::Result<FsResult<T>>;

impl WasiP2<'_> {
    /// The open descriptor behind a handle.
    pub(super) fn open_file(&mut self, descriptor: &Resource<Descriptor>) -> wasmtime::Result<&mut Open> {
        self.resources.descriptor(descriptor.rep())
    }

    /// The descriptor as a file: `bad-descriptor` for a directory. Whether
    /// it was opened to read or to write is left to the kernel, which
    /// answers EBADF (a stream made on it fails at its first use), as on
    /// the wasmtime CLI.
    fn file(&mut self, descriptor: &Resource<Descriptor>) -> wasmtime::Result<FsResult<Open>> {
        let open = self.open_file(descriptor)?;
        if open.is_dir {
            return Ok(Err(ErrorCode::BadDescriptor));
        }
        Ok(Ok(Open {
            fd: open.fd.clone(),
            ..*open
        }))
    }

    fn stream_of(&mut self, descriptor: &Resource<Descriptor>, write: bool, at: Option<u64>) -> Outcome<u32> {
        if !write && self.open_file(descriptor)?.is_dir {
            return Ok(Err(ErrorCode::IsDirectory)); // reading a directory, as read(2) answers
        }
        let open = match self.file(descriptor)? {
            Ok(open) => open,
            Err(e) => return Ok(Err(e)),
        };
        let stat = match rustix::fs::fstat(&*open.fd) {
            Ok(stat) => stat,
            Err(e) => return Ok(Err(e.into())),
        };
        let pipe = FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile;
        let entry = match (write, pipe) {
            (false, false) => Entry::Input(Input::File {
                fd: open.fd,
                at: at.unwrap_or(0),
            }),
            (false, true) => Entry::Input(Input::Pipe(open.fd)),
            (true, false) => Entry::Output(Output::File { fd: open.fd, at }),
            (true, true) => Entry::Output(Output::Pipe(open.fd)),
        };
        Ok(Ok(self.resources.push(entry, None)?))
    }
}

impl Host for WasiP2<'_> {
    fn filesystem_error_code(&mut self, error: Resource<Error>) -> wasmtime::Result<Option<ErrorCode>> {
        Ok(self.resources.failure(error.rep())?.code)
    }
}

impl HostDescriptor for WasiP2<'_> {
    fn read_via_stream(&mut self, d: Resource<Descriptor>, offset: Filesize) -> Outcome<Resource<InputStream>> {
        Ok(self.stream_of(&d, false, Some(offset))?.map(Resource::new_own))
    }

    fn write_via_stream(&mut self, d: Resource<Descriptor>, offset: Filesize) -> Outcome<Resource<OutputStream>> {
        Ok(self.stream_of(&d, true, Some(offset))?.map(Resource::new_own))
    }

    fn append_via_stream(&mut self, d: Resource<Descriptor>) -> Outcome<Resource<OutputStream>> {
        Ok(self.stream_of(&d, true, None)?.map(Resource::new_own))
    }

    fn advise(&mut self, d: Resource<Descriptor>, offset: Filesize, length: Filesize, advice: Advice) -> Outcome<()> {
        use rustix::fs::Advice as A;
        let open = check!(self.file(&d)?);
        let advice = match advice {
            Advice::Normal => A::Normal,
            Advice::Sequential => A::Sequential,
            Advice::Random => A::Random,
            Advice::WillNeed => A::WillNeed,
            Advice::DontNeed => A::DontNeed,
            Advice::NoReuse => A::NoReuse,
        };
        let length = std::num::NonZeroU64::new(length);
        Ok(rustix::fs::fadvise(&*open.fd, offset, length, advice).map_err(Into::into))
    }

    fn sync_data(&mut self, d: Resource<Descriptor>) -> Outcome<()> {
        Ok(rustix::fs::fdatasync(&*self.open_file(&d)?.fd).map_err(Into::into))
    }

    fn sync(&mut self, d: Resource<Descriptor>) -> Outcome<()> {
        Ok(rustix::fs::fsync(&*self.open_file(&d)?.fd).map_err(Into::into))
    }

    fn get_flags(&mut self, d: Resource<Descriptor>) -> Outcome<DescriptorFlags> {
        use rustix::fs::OFlags;
        let open = self.open_file(&d)?;
        let host = check!(rustix::fs::fcntl_getfl(&*open.fd));
        let pairs = [
            (DescriptorFlags::READ, open.read),
            (DescriptorFlags::WRITE, open.write && !open.is_dir),
            (DescriptorFlags::MUTATE_DIRECTORY, open.write && open.is_dir),
            (DescriptorFlags::FILE_INTEGRITY_SYNC, host.contains(OFlags::SYNC)),
            (DescriptorFlags::DATA_INTEGRITY_SYNC, host.contains(OFlags::DSYNC)),
            (DescriptorFlags::REQUESTED_WRITE_SYNC, host.contains(OFlags::RSYNC)),
        ];
        let flags = pairs
            .into_iter()
            .filter(|(_, on)| *on)
            .fold(DescriptorFlags::empty(), |all, (flag, _)| all | flag);
        Ok(Ok(flags))
    }

    fn get_type(&mut self, d: Resource<Descriptor>) -> Outcome<DescriptorType> {
        let stat = check!(rustix::fs::fstat(&*self.open_file(&d)?.fd));
        Ok(Ok(descriptor_type(FileType::from_raw_mode(stat.st_mode))))
    }

    fn set_size(&mut self, d: Resource<Descriptor>, size: Filesize) -> Outcome<()> {
        let open = check!(self.file(&d)?);
        Ok(rustix::fs::ftruncate(&*open.fd, size).map_err(Into::into))
    }

    fn set_times(&mut self, d: Resource<Descriptor>, atime: NewTimestamp, mtime: NewTimestamp) -> Outcome<()> {
        let fd = self.open_file(&d)?.fd.clone();
        Ok(rustix::fs::futimens(&*fd, &timestamps(atime, mtime)).map_err(Into::into))
    }

    fn read(&mut self, d: Resource<Descriptor>, length: Filesize, offset: Filesize) -> Outcome<(Vec<u8>, bool)> {
        let open = check!(self.file(&d)?);
        let mut buffer = vec![0; (length as usize).min(MAX_READ)];
        let got = check!(rustix::io::pread(&*open.fd, &mut buffer, offset));
        buffer.truncate(got);
        Ok(Ok((buffer, got == 0))) // as the wasmtime CLI: no bytes is the end
    }

    fn write(&mut self, d: Resource<Descriptor>, buffer: Vec<u8>, offset: Filesize) -> Outcome<Filesize> {
        let open = check!(self.file(&d)?);
        Ok(rustix::io::pwrite(&*open.fd, &buffer, offset)
            .map(|n| n as u64)
            .map_err(Into::into))
    }

    fn read_directory(&mut self, d: Resource<Descriptor>) -> Outcome<Resource<DirectoryEntryStream>> {
        paths::read_directory(self, &d)
    }

    fn stat(&mut self, d: Resource<Descriptor>) -> Outcome<DescriptorStat> {
        let stat = check!(rustix::fs::fstat(&*self.open_file(&d)?.fd));
        Ok(Ok(descriptor_stat(&stat)))
    }

    fn is_same_object(&mut self, d: Resource<Descriptor>, other: Resource<Descriptor>) -> wasmtime::Result<bool> {
        let one = rustix::fs::fstat(&*self.open_file(&d)?.fd);
        let two = rustix::fs::fstat(&*self.open_file(&other)?.fd);
        Ok(matches!((one, two), (Ok(a), Ok(b)) if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)))
    }

    fn metadata_hash(&mut self, d: Resource<Descriptor>) -> Outcome<MetadataHashValue> {
        let stat = check!(rustix::fs::fstat(&*self.open_file(&d)?.fd));
        Ok(Ok(metadata_hash(&stat)))
    }

    // By name, beneath this descriptor: paths.rs.
    fn create_directory_at(&mut self, d: Resource<Descriptor>, path: String) -> Outcome<()> {
        paths::create_directory_at(self, &d, &path)
    }
    fn stat_at(&mut self, d: Resource<Descriptor>, flags: PathFlags, path: String) -> Outcome<DescriptorStat> {
        paths::stat_at(self, &d, flags, &path)
    }
    fn set_times_at(
        &mut self,
        d: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
        atime: NewTimestamp,
        mtime: NewTimestamp,
    ) -> Outcome<()> {
        paths::set_times_at(self, &d, flags, &path, atime, mtime)
    }
    fn link_at(
        &mut self,
        d: Resource<Descriptor>,
        flags: PathFlags,
        old: String,
        new_d: Resource<Descriptor>,
        new: String,
    ) -> Outcome<()> {
        paths::link_at(self, &d, flags, &old, &new_d, &new)
    }
    fn open_at(
        &mut self,
        d: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
        open_flags: OpenFlags,
        flags: DescriptorFlags,
    ) -> Outcome<Resource<Descriptor>> {
        paths::open_at(self, &d, path_flags, &path, open_flags, flags)
    }
    fn readlink_at(&mut self, d: Resource<Descriptor>, path: String) -> Outcome<String> {
        paths::readlink_at(self, &d, &path)
    }
    fn remove_directory_at(&mut self, d: Resource<Descriptor>, path: String) -> Outcome<()> {
        paths::remove_directory_at(self, &d, &path)
    }
    fn rename_at(
        &mut self,
        d: Resource<Descriptor>,
        old: String,
        new_d: Resource<Descriptor>,
        new: String,
    ) -> Outcome<()> {
        paths::rename_at(self, &d, &old, &new_d, &new)
    }
    fn symlink_at(&mut self, d: Resource<Descriptor>, target: String, path: String) -> Outcome<()> {
        paths::symlink_at(self, &d, &target, &path)
    }
    fn unlink_file_at(&mut self, d: Resource<Descriptor>, path: String) -> Outcome<()> {
        paths::unlink_file_at(self, &d, &path)
    }
    fn metadata_hash_at(
        &mut self,
        d: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
    ) -> Outcome<MetadataHashValue> {
        paths::metadata_hash_at(self, &d, flags, &path)
    }

    fn drop(&mut self, d: Resource<Descriptor>) -> wasmtime::Result<()> {
        self.open_file(&d)?;
        self.resources.delete(d.rep()).map(|_| ())
    }
}

impl HostDirectoryEntryStream for WasiP2<'_> {
    fn read_directory_entry(&mut self, stream: Resource<DirectoryEntryStream>) -> Outcome<Option<DirectoryEntry>> {
        paths::next_entry(self, &stream)
    }

    fn drop(&mut self, stream: Resource<DirectoryEntryStream>) -> wasmtime::Result<()> {
        self.resources.listing(stream.rep())?;
        self.resources.delete(stream.rep()).map(|_| ())
    }
}
