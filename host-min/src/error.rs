//! How host-min fails: one line of text and a documented exit status.

use std::fmt;

/// host-min's own exit statuses. A guest's `proc_exit(n)` passes through as
/// `n` unchanged, so a guest that wants to be told apart stays below 64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The plugin answered with an error result (kind 2 in ABI.md).
    GuestError = 1,
    /// The command line was wrong.
    Usage = 64,
    /// The file is not a valid module, an export is missing, or an import is
    /// not provided.
    BadModule = 65,
    /// A file could not be read.
    NoInput = 66,
    /// The guest trapped (unreachable, out-of-bounds access, stack overflow,
    /// a panic, a bad pointer handed to an `env` import, ...).
    Trapped = 70,
    /// The guest broke the ABI: alloc returned 0 or a bad pointer, or its
    /// result is out of bounds or malformed.
    AbiViolation = 71,
    /// The call ran past `--timeout-ms`.
    Timeout = 72,
    /// The call used up its `--fuel`.
    OutOfFuel = 73,
    /// The guest failed after its memory growth was refused at the cap, or
    /// its initial memory is over the cap.
    MemoryLimit = 74,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::GuestError,
        Status::Usage,
        Status::BadModule,
        Status::NoInput,
        Status::Trapped,
        Status::AbiViolation,
        Status::Timeout,
        Status::OutOfFuel,
        Status::MemoryLimit,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// One line for `host-min --help`.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::GuestError => "the plugin answered with an error message",
            Status::Usage => "the command line was wrong",
            Status::BadModule => "not a valid module, a missing export, or an import nobody provides",
            Status::NoInput => "a file could not be read",
            Status::Trapped => "the guest trapped (including a panic or a bad pointer given to the host)",
            Status::AbiViolation => "the guest broke the ABI (bad alloc, result out of bounds or malformed)",
            Status::Timeout => "the guest ran past --timeout-ms",
            Status::OutOfFuel => "the guest used up its --fuel",
            Status::MemoryLimit => {
                "the guest hit the memory cap (--max-memory-mib): a refused memory.grow, or too much initial memory"
            }
        }
    }
}

/// Everything that can go wrong, as one line for `error: …` and a status.
#[derive(Debug)]
pub struct HostError {
    pub status: Status,
    pub message: String,
}

impl HostError {
    pub fn new(status: Status, message: impl Into<String>) -> Self {
        HostError {
            status,
            message: message.into(),
        }
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HostError {}

/// A wasmtime error and its causes on one line: "outer: inner: root", with
/// any line breaks (wasmtime's text-format errors have some) folded.
pub fn one_line(error: &wasmtime::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
