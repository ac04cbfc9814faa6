//! Writes a WASI preview-1 adapter to a file, for `wasm-tools component
//! new CORE --adapt wasi_snapshot_preview1=FILE`, which turns a preview-1
//! module into a WASI 0.2 component (build.mk, Makefile). The file's name
//! says which: `*.command.wasm` for a command (it exports `wasi:cli/run`
//! and calls `_start`), `*.reactor.wasm` for a library whose exports are
//! called (it calls `_initialize` first, as the Go plugin needs).
//!
//! ```text
//! cargo run -p p1-adapter -- out/p2/wasi_snapshot_preview1.command.wasm
//! cargo run -p p1-adapter -- out/p2/wasi_snapshot_preview1.reactor.wasm
//! ```

use wasi_preview1_component_adapter_provider::{
    WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER as COMMAND, WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER as REACTOR,
};

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("error: usage: p1-adapter OUT_FILE (*.command.wasm or *.reactor.wasm)");
        return std::process::ExitCode::from(2);
    };
    let name = path.to_string_lossy();
    let adapter = if name.ends_with(".command.wasm") {
        COMMAND
    } else if name.ends_with(".reactor.wasm") {
        REACTOR
    } else {
        eprintln!("error: {name} is neither *.command.wasm nor *.reactor.wasm");
        return std::process::ExitCode::from(2);
    };
    // Unchanged bytes leave the file (and its mtime) alone, so make sees
    // nothing new to rebuild.
    if std::fs::read(&path).is_ok_and(|old| old == adapter) {
        return std::process::ExitCode::SUCCESS;
    }
    match std::fs::write(&path, adapter) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {name}: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
