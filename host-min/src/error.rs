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
    /// Loading the module ran past the compile budget (--compile-mib,
    /// --compile-ms) before any guest code ran; see budget.rs.
    CompileLimit = 75,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::GuestError,
        Status::Usage,
        Status::BadModule,
        Status::NoInput,
        Status::Trapped,
        Status::AbiViolation,
        Status::Timeout,
        Status::OutOfFuel,
        Status::MemoryLimit,
        Status::CompileLimit,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// A few words, for counting failures by kind.
    pub fn short(self) -> &'static str {
        match self {
            Status::GuestError => "error answers",
            Status::Usage => "usage",
            Status::BadModule => "bad module",
            Status::NoInput => "no input",
            Status::Trapped => "trapped",
            Status::AbiViolation => "ABI violations",
            Status::Timeout => "timed out",
            Status::OutOfFuel => "out of fuel",
            Status::MemoryLimit => "memory cap",
            Status::CompileLimit => "compile budget",
        }
    }

    /// One line for `host-min --help`.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::GuestError => "the plugin answered with an error message",
            Status::Usage => "the command line was wrong",
            Status::BadModule => "not a valid module, a missing export, or an import nobody provides",
            Status::NoInput => "a file could not be read (or written)",
            Status::Trapped => "the guest trapped (including a panic or a bad pointer given to the host)",
            Status::AbiViolation => "the guest broke the ABI (bad alloc, result out of bounds or malformed)",
            Status::Timeout => "the guest ran past --timeout-ms",
            Status::OutOfFuel => "the guest used up its --fuel",
            Status::MemoryLimit => {
                "the guest hit the memory cap (--max-memory-mib): a refused memory.grow, or too much initial memory"
            }
            Status::CompileLimit => {
                "compiling the module took host-min past --compile-mib of memory or --compile-ms of time"
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

/// Text that came from a module (an import's name, a panic message, a log
/// line, wasmtime's message quoting a name), made safe for the terminal:
/// every control character is shown as an escape, `\u{1b}` for ESC, so a
/// module cannot clear the screen, move the cursor or fake a second line
/// through host-min's own messages. The guest's stdout and stderr bytes
/// (`fd_write`) are its own and stay raw.
pub fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        // Controls (Cc), and the format characters that reorder or hide
        // text: bidi overrides and isolates, zero-width marks, line and
        // paragraph separators.
        let hides =
            matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
        if c.is_control() || hides {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            printable("grüße \u{1b}[2J\n\r\t\u{7f}\u{9b}end"),
            "grüße \\u{1b}[2J\\u{a}\\u{d}\\u{9}\\u{7f}\\u{9b}end"
        );
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
    }
}
