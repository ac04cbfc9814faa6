//! The resources a WASI 0.2 guest holds, on the host side.
//!
//! When the host returns a resource, wasmtime gives the guest a handle and
//! remembers the `rep` (a u32) the host chose; when the guest passes the
//! handle back, the host receives that rep, type-checked by wasmtime
//! against the resource type. The rep indexes this table.
//!
//! Two rules are kept here rather than trusted to the guest:
//! - **A cap.** A guest that makes pollables or streams in a loop without
//!   dropping them meets `MAX_RESOURCES` and is stopped there, so host
//!   memory stays bounded. Host descriptors have their own, lower cap.
//! - **Children.** A pollable borrows its stream; WASI says it must be
//!   dropped first. Dropping a parent that still has children traps.

use super::pollable::Pollable;
use super::streams::{InputStream, OutputStream};
use crate::wasi::p2::wasi::filesystem::types::{DescriptorFlags, ErrorCode};
use rustix::fd::OwnedFd;
use std::sync::Arc;

/// How many resources a guest may hold at once.
pub const MAX_RESOURCES: usize = 16_384;

/// How many of them may hold a host descriptor (open files, directories,
/// directory listings), as preview 1's table allows (p1/fd_table.rs).
pub const MAX_HOST_FDS: usize = 256;

/// A descriptor: an open file or directory.
pub struct Descriptor {
    pub fd: Arc<OwnedFd>,
    pub is_dir: bool,
    /// Opened for reading, for writing (files; for a directory, writing
    /// means the guest asked for `mutate-directory`).
    pub read: bool,
    pub write: bool,
    /// The synchronous-write flags it was opened with, as asked.
    pub sync: DescriptorFlags,
}

/// `wasi:io/error`: what failed, and its error-code if a file was behind it.
pub struct Failure {
    pub message: String,
    pub code: Option<ErrorCode>,
}

pub enum Entry {
    Pollable(Pollable),
    Input(InputStream),
    Output(OutputStream),
    Descriptor(Descriptor),
    /// The entries of a directory, read from the kernel as they are asked for.
    Listing(rustix::fs::Dir),
    Error(Failure),
    /// `wasi:sockets/instance-network`: a network that allows nothing.
    Network,
}

impl Entry {
    fn kind(&self) -> &'static str {
        match self {
            Entry::Pollable(_) => "pollable",
            Entry::Input(_) => "input-stream",
            Entry::Output(_) => "output-stream",
            Entry::Descriptor(_) => "descriptor",
            Entry::Listing(_) => "directory-entry-stream",
            Entry::Error(_) => "error",
            Entry::Network => "network",
        }
    }

    fn holds_host_fd(&self) -> bool {
        matches!(self, Entry::Descriptor(_) | Entry::Listing(_))
    }
}

struct Slot {
    entry: Entry,
    parent: Option<u32>,
    children: u32,
}

#[derive(Default)]
pub struct Table {
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
    live: usize,
    host_fds: usize,
}

/// A trap for a broken rule: one line, and the guest ends.
pub fn trap(message: impl Into<String>) -> wasmtime::Error {
    wasmtime::Error::msg(message.into())
}

impl Table {
    /// How many resources the guest holds, and how many of them hold a
    /// host descriptor.
    pub fn held(&self) -> (usize, usize) {
        (self.live, self.host_fds)
    }

    /// Whether one more host descriptor fits.
    pub fn has_room_for_fd(&self) -> bool {
        self.host_fds < MAX_HOST_FDS && self.live < MAX_RESOURCES
    }

    /// Adds `entry` (a child of `parent`, if given) and returns its rep.
    pub fn push(&mut self, entry: Entry, parent: Option<u32>) -> wasmtime::Result<u32> {
        if self.live >= MAX_RESOURCES {
            let message = format!("the guest holds {MAX_RESOURCES} WASI resources, host-min's limit; drop some first");
            return Err(trap(message));
        }
        if let Some(parent) = parent {
            self.slot_mut(parent)?.children += 1;
        }
        self.live += 1;
        self.host_fds += entry.holds_host_fd() as usize;
        let slot = Some(Slot {
            entry,
            parent,
            children: 0,
        });
        match self.free.pop() {
            Some(rep) => {
                self.slots[rep as usize] = slot;
                Ok(rep)
            }
            None => {
                self.slots.push(slot);
                Ok(self.slots.len() as u32 - 1)
            }
        }
    }

    fn slot_mut(&mut self, rep: u32) -> wasmtime::Result<&mut Slot> {
        let slot = self.slots.get_mut(rep as usize).and_then(Option::as_mut);
        slot.ok_or_else(|| trap(format!("resource {rep} does not exist (dropped already?)")))
    }

    pub fn get_mut(&mut self, rep: u32) -> wasmtime::Result<&mut Entry> {
        Ok(&mut self.slot_mut(rep)?.entry)
    }

    /// Removes the resource `rep` when the guest drops it. Its children
    /// must be gone first.
    pub fn delete(&mut self, rep: u32) -> wasmtime::Result<Entry> {
        let slot = self.slot_mut(rep)?;
        if slot.children > 0 {
            let (kind, n) = (slot.entry.kind(), slot.children);
            return Err(trap(format!(
                "the {kind} was dropped while {n} of its child resources (pollables) are alive"
            )));
        }
        let slot = self.slots[rep as usize].take().expect("checked above");
        if let Some(parent) = slot.parent {
            if let Ok(parent) = self.slot_mut(parent) {
                parent.children -= 1;
            }
        }
        self.live -= 1;
        self.host_fds -= slot.entry.holds_host_fd() as usize;
        self.free.push(rep);
        Ok(slot.entry)
    }
}

/// Typed access: `table.pollable(rep)` is the pollable `rep`, or a trap
/// that names what it is instead.
macro_rules! typed {
    ($($name:ident => $variant:ident($ty:ty);)*) => {
        impl Table {$(
            pub fn $name(&mut self, rep: u32) -> wasmtime::Result<&mut $ty> {
                match self.get_mut(rep)? {
                    Entry::$variant(inner) => Ok(inner),
                    other => Err(trap(format!(
                        "resource {rep} is a {}, not a {}", other.kind(), stringify!($variant).to_lowercase()
                    ))),
                }
            }
        )*}
    };
}

typed! {
    pollable => Pollable(Pollable);
    input => Input(InputStream);
    output => Output(OutputStream);
    descriptor => Descriptor(Descriptor);
    listing => Listing(rustix::fs::Dir);
    failure => Error(Failure);
}
