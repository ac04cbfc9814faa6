//! What WASI keeps for one guest, in both versions: its arguments and
//! environment, its descriptors (preview 1's table, 0.2's resources), its
//! standard streams, the zero of its clock and the current call's deadline.
//! The host's own state (../state.rs) holds one of these; every WASI
//! function sees only this, so wasi/ depends on nothing of the host's.

use super::p1::fd_table::FdTable;
use super::p2::table::Table;
use std::io::Write;
use std::time::Instant;

/// What the guest's fd 0 reads.
pub enum Input {
    /// host-min's own standard input, waited on without outliving the
    /// guest's deadline (blocking.rs).
    Host,
    /// Bytes given up front; `quiet()` gives none.
    Bytes(std::io::Cursor<Vec<u8>>),
}

pub struct WasiState {
    /// The guest's argv: argv[0] is the module's path, as `wasmtime run` does.
    pub args: Vec<String>,
    /// The guest's environment, as `KEY=VALUE` strings. Empty unless given.
    pub env: Vec<String>,
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
    /// When the current call's timeout runs out, if there is one: a host
    /// call that waits (`poll_oneoff`, reading stdin or a FIFO) stops
    /// waiting then, so the guest meets its deadline. Set by `arm`
    /// (host.rs).
    pub deadline: Option<Instant>,
}

impl Default for WasiState {
    /// Arguments and environment empty; output to the process's own stdio.
    fn default() -> Self {
        WasiState {
            args: Vec::new(),
            env: Vec::new(),
            fds: FdTable::default(),
            resources: Table::default(),
            stdin: Input::Host,
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            started: Instant::now(),
            deadline: None,
        }
    }
}

impl WasiState {
    /// No input, and the guest's output thrown away.
    pub fn quiet() -> Self {
        WasiState {
            stdin: Input::Bytes(Default::default()),
            stdout: Box::new(std::io::sink()),
            stderr: Box::new(std::io::sink()),
            ..WasiState::default()
        }
    }
}
