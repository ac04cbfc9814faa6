//! What the host keeps for one guest: the data behind `Store<HostState>`.
//! WASI's part is a `WasiState` (wasi/state.rs); the rest is the plugin
//! ABI's key-value store and the memory cap.

use crate::limits::{MemoryCap, DEFAULT_MAX_MEMORY};
pub use crate::wasi::state::{Input, WasiState};
use std::collections::BTreeMap;

pub struct HostState {
    /// Arguments, environment, descriptors, streams, clock, deadline.
    pub wasi: WasiState,
    /// The key-value store behind `env.kv_get` / `env.kv_set` (ABI.md).
    pub kv: BTreeMap<Vec<u8>, Vec<u8>>,
    /// The memory cap; `Host::new_store` sets it from the host's `Limits`.
    pub memory_cap: MemoryCap,
}

impl Default for HostState {
    /// Arguments and environment empty; output to the process's own stdio.
    fn default() -> Self {
        HostState {
            wasi: WasiState::default(),
            kv: BTreeMap::new(),
            memory_cap: MemoryCap::new(DEFAULT_MAX_MEMORY),
        }
    }
}

impl HostState {
    /// Where WASI finds its state in a store's data (`add_to_linker`).
    pub fn wasi(&mut self) -> &mut WasiState {
        &mut self.wasi
    }

    /// The default, with no input, and the guest's output thrown away: for tests and the
    /// benchmark, where a guest's prints are not what is being looked at.
    pub fn quiet() -> Self {
        HostState {
            wasi: WasiState::quiet(),
            ..HostState::default()
        }
    }
}
