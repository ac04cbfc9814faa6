//! What a descriptor's status, identity and times look like in WASI 0.2:
//! the kernel's `stat` as a `descriptor-stat`, a (device, inode) pair as a
//! `metadata-hash`, and `new-timestamp` as utimensat takes it.

use super::wasi::filesystem::types::{Datetime, DescriptorStat, DescriptorType, MetadataHashValue, NewTimestamp};
use rustix::fs::{FileType, Stat, Timestamps};

/// What `stat` calls this kind of file.
pub fn descriptor_type(kind: FileType) -> DescriptorType {
    match kind {
        FileType::RegularFile => DescriptorType::RegularFile,
        FileType::Directory => DescriptorType::Directory,
        FileType::Symlink => DescriptorType::SymbolicLink,
        FileType::Fifo => DescriptorType::Fifo,
        FileType::Socket => DescriptorType::Socket,
        FileType::CharacterDevice => DescriptorType::CharacterDevice,
        FileType::BlockDevice => DescriptorType::BlockDevice,
        FileType::Unknown => DescriptorType::Unknown,
    }
}

fn datetime(seconds: i64, nanos: u64) -> Option<Datetime> {
    Some(Datetime {
        seconds: u64::try_from(seconds).ok()?,
        nanoseconds: u32::try_from(nanos).ok()?,
    })
}

pub fn descriptor_stat(stat: &Stat) -> DescriptorStat {
    DescriptorStat {
        type_: descriptor_type(FileType::from_raw_mode(stat.st_mode)),
        link_count: stat.st_nlink,
        size: stat.st_size as u64,
        data_access_timestamp: datetime(stat.st_atime, stat.st_atime_nsec),
        data_modification_timestamp: datetime(stat.st_mtime, stat.st_mtime_nsec),
        status_change_timestamp: datetime(stat.st_ctime, stat.st_ctime_nsec),
    }
}

/// A stable hash of the object a stat describes (its device and inode),
/// so a guest can tell whether two names reach the same file.
pub fn metadata_hash(stat: &Stat) -> MetadataHashValue {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        (salt, stat.st_dev, stat.st_ino).hash(&mut hasher);
        hasher.finish()
    };
    MetadataHashValue {
        lower: half(0),
        upper: half(1),
    }
}

/// `set-times`' arguments as utimensat takes them.
pub fn timestamps(atime: NewTimestamp, mtime: NewTimestamp) -> Timestamps {
    let one = |time: NewTimestamp| match time {
        NewTimestamp::NoChange => rustix::fs::Timespec {
            tv_sec: 0,
            tv_nsec: rustix::fs::UTIME_OMIT,
        },
        NewTimestamp::Now => rustix::fs::Timespec {
            tv_sec: 0,
            tv_nsec: rustix::fs::UTIME_NOW,
        },
        NewTimestamp::Timestamp(at) => rustix::fs::Timespec {
            tv_sec: at.seconds as i64,
            tv_nsec: at.nanoseconds.into(),
        },
    };
    Timestamps {
        last_access: one(atime),
        last_modification: one(mtime),
    }
}
