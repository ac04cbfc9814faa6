//! Writes the WASI preview-1 command adapter to a file, for
//! `wasm-tools component new CORE --adapt wasi_snapshot_preview1=FILE`,
//! which turns a preview-1 command into a WASI 0.2 component (Makefile).
//!
//! ```text
//! cargo run -p p1-adapter -- out/wasi_snapshot_preview1.command.wasm
//! ```

use wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER as ADAPTER;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("error: usage: p1-adapter OUT_FILE");
        return std::process::ExitCode::from(2);
    };
    // Unchanged bytes leave the file (and its mtime) alone, so make sees
    // nothing new to rebuild.
    if std::fs::read(&path).is_ok_and(|old| old == ADAPTER) {
        return std::process::ExitCode::SUCCESS;
    }
    match std::fs::write(&path, ADAPTER) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.to_string_lossy());
            std::process::ExitCode::from(1)
        }
    }
}
