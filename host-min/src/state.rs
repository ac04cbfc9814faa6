//! What the host keeps for one guest: the data behind `Store<HostState>`.

use crate::limits::{MemoryCap, DEFAULT_MAX_MEMORY};
use crate::wasi::p1::fd_table::FdTable;
use crate::wasi::p2::table::Table;
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

/// What the guest's fd 0 reads.
pub enum Input {
    /// host-min's own standard input, waited on without outliving the
    /// guest's deadline (src/wasi/blocking.rs).
    Host,
    /// Bytes given up front; `quiet()` gives none.
    Bytes(std::io::Cursor<Vec<u8>>),
}

pub struct HostState {
    /// The guest's argv: argv[0] is the module's path, as `wasmtime run` does.
    pub args: Vec<String>,
    /// The guest's environment, as `KEY=VALUE` strings. Empty unless given.
    pub env: Vec<String>,
    /// The key-value store behind `env.kv_get` / `env.kv_set` (ABI.md).
    pub kv: BTreeMap<Vec<u8>, Vec<u8>>,
    /// The guest's descriptors: stdio, and the directories granted to it
    /// (`FdTable::preopen`) with what it opened beneath them.
    pub fds: FdTable,
    /// The WASI 0.2 resources the guest holds (streams, descriptors,
    /// pollables), by the rep its handles stand for.
    pub resources: Table,
    /// What the guest's fd 0 reads.
    pub stdin: Input,
    /// Where the guest's fd 1 and fd 2 (and `env.log`) go.
    pub stdout: Box<dyn Write + Send>,
    pub stderr: Box<dyn Write + Send>,
    /// The zero of the monotonic clock.
    pub started: Instant,
    /// The memory cap; `Host::instantiate` sets it from the host's `Limits`.
    pub memory_cap: MemoryCap,
    /// When the current call's timeout runs out, if there is one: a host
    /// call that waits (`poll_oneoff`, reading stdin or a FIFO) stops
    /// waiting then, so the guest meets its deadline. Set by `arm`.
    pub deadline: Option<Instant>,
}

impl Default for HostState {
    /// Arguments and environment empty; output to the process's own stdio.
    fn default() -> Self {
        HostState {
            args: Vec::new(),
            env: Vec::new(),
            kv: BTreeMap::new(),
            fds: FdTable::default(),
            resources: Table::default(),
            stdin: Input::Host,
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            started: Instant::now(),
            memory_cap: MemoryCap::new(DEFAULT_MAX_MEMORY),
            deadline: None,
        }
    }
}

impl HostState {
    /// The default, with no input, and the guest's output thrown away: for tests and the
    /// benchmark, where a guest's prints are not what is being looked at.
    pub fn quiet() -> Self {
        HostState {
            stdin: Input::Bytes(Default::default()),
            stdout: Box::new(std::io::sink()),
            stderr: Box::new(std::io::sink()),
            ..HostState::default()
        }
    }
}
