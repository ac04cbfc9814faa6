//! What WASI keeps for one guest whichever version it speaks: its
//! arguments and environment, its standard streams, the zero of its clock
//! and the current call's deadline. The tables of what the guest holds are
//! each version's own (p1's `FdTable`, p2's `Table`); a version's
//! functions see this context and its table together, through the view
//! it defines (`p1::WasiP1`, `p2::WasiP2`). This file depends on neither
//! version, so dependencies run one way: state <- p1 <- p2.

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

pub struct WasiCtx {
    /// The guest's argv: argv[0] is the module's path, as `wasmtime run` does.
    pub args: Vec<String>,
    /// The guest's environment, as `KEY=VALUE` strings. Empty unless given.
    pub env: Vec<String>,
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

impl Default for WasiCtx {
    /// Arguments and environment empty; output to the process's own stdio.
    fn default() -> Self {
        WasiCtx {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Input::Host,
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            started: Instant::now(),
            deadline: None,
        }
    }
}

impl WasiCtx {
    /// No input, and the guest's output thrown away.
    pub fn quiet() -> Self {
        WasiCtx {
            stdin: Input::Bytes(Default::default()),
            stdout: Box::new(std::io::sink()),
            stderr: Box::new(std::io::sink()),
            ..WasiCtx::default()
        }
    }
}
