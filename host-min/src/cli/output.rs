//! host-min's own standard output: answers, tables, the usage text.
//!
//! `println!` panics when the write fails, and a reader that stops reading
//! early (`host-min call … | head -c 20`) makes it fail with a broken pipe.
//! A user did nothing wrong there, so host-min must not report a bug:
//! `outln!` writes the line, and if the reader is gone, host-min stops
//! there, quietly and with status 0, as a tool ended by SIGPIPE would.
//! Any other failure to write (a full disk) is one `error:` line, status 66.

use host_min::Status;
use std::io::{ErrorKind, Write};

/// Writes one line to standard output (the `outln!` macro).
pub fn line(args: std::fmt::Arguments) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| stdout.write_all(b"\n"));
    if let Err(e) = written.and_then(|()| stdout.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(i32::from(Status::NoInput.code()));
    }
}
