//! What the host keeps for one guest: the data behind `Store<HostState>`.
//! WASI's part is a context both versions share (`WasiCtx`, wasi/state.rs)
//! and each version's table of what the guest holds; the rest is the
//! plugin ABI's key-value store and the memory cap.

use crate::limits::{MemoryCap, DEFAULT_MAX_MEMORY};
use crate::wasi::p1::{fd_table::FdTable, WasiP1};
use crate::wasi::p2::{table::Table, WasiP2};
pub use crate::wasi::state::{Input, WasiCtx};
use std::collections::BTreeMap;

pub struct HostState {
    /// Arguments, environment, standard streams, clock, deadline.
    pub wasi: WasiCtx,
    /// Preview 1's numbered descriptors, with the directories granted to
    /// the guest (`FdTable::preopen`); WASI 0.2 reads its grants here too.
    pub fds: FdTable,
    /// The WASI 0.2 resources the guest holds.
    pub resources: Table,
    /// The key-value store behind `env.kv_get` / `env.kv_set` (ABI.md).
    pub kv: BTreeMap<Vec<u8>, Vec<u8>>,
    /// The memory cap; `Host::new_store` sets it from the host's `Limits`.
    pub memory_cap: MemoryCap,
}

impl Default for HostState {
    /// Arguments and environment empty; output to the process's own stdio.
    fn default() -> Self {
        HostState {
            wasi: WasiCtx::default(),
            fds: FdTable::default(),
            resources: Table::default(),
            kv: BTreeMap::new(),
            memory_cap: MemoryCap::new(DEFAULT_MAX_MEMORY),
        }
    }
}

impl HostState {
    /// Where preview 1 finds its state in a store's data (`add_to_linker`).
    pub fn p1(&mut self) -> WasiP1<'_> {
        WasiP1 {
            ctx: &mut self.wasi,
            fds: &mut self.fds,
        }
    }

    /// Where WASI 0.2 finds its state in a store's data (`add_to_linker`).
    pub fn p2(&mut self) -> WasiP2<'_> {
        WasiP2 {
            ctx: &mut self.wasi,
            fds: &mut self.fds,
            resources: &mut self.resources,
        }
    }

    /// The default, with no input, and the guest's output thrown away: for tests and the
    /// benchmark, where a guest's prints are not what is being looked at.
    pub fn quiet() -> Self {
        HostState {
            wasi: WasiCtx::quiet(),
            ..HostState::default()
        }
    }
}
