//! The plugin ABI's host imports, module `env`: `log`, `kv_get`, `kv_set`
//! and `panic`. Signatures and failure behaviour: ABI.md, "Host imports".
//! A bad range traps the call with a message naming the import and the range.

use crate::memory;
use crate::state::HostState;
use std::io::Write;
use wasmtime::{Caller, Linker};

pub const MODULE: &str = "env";
pub const MAX_KEY_BYTES: usize = 256;
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
pub const MAX_KEYS: usize = 1024;
/// The most of one `log` or `panic` message the host keeps (core modules
/// and components alike). The rest is counted, not copied: a guest at its
/// memory cap cannot make the host copy or escape tens of MiB per call.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// At most MAX_MESSAGE_BYTES of a guest's message, as text, with a marker
/// that says how much was cut. Not escaped: who prints it escapes it
/// (`printable`), after the cut, so escaping works on 64 KiB at most.
pub fn capped_message(bytes: &[u8]) -> String {
    let kept = &bytes[..bytes.len().min(MAX_MESSAGE_BYTES)];
    let mut text = String::from_utf8_lossy(kept).into_owned();
    if bytes.len() > kept.len() {
        text.push_str(&format!(" [{} more bytes cut]", bytes.len() - kept.len()));
    }
    text
}

/// Writes one log line: `[guest] `, the capped message, escaped. A broken
/// stderr is not the guest's fault, and not worth a trap.
pub fn write_log(state: &mut HostState, bytes: &[u8]) {
    let line = crate::printable(&capped_message(bytes));
    let _ = writeln!(state.wasi.stderr, "[guest] {line}");
}

/// A guest panic, carried by the trap that ends the call.
#[derive(Debug)]
pub struct GuestPanic(pub String);

impl std::fmt::Display for GuestPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the guest panicked: {}", self.0)
    }
}

impl std::error::Error for GuestPanic {}

/// The guest's exported memory and the host state, or a trap naming `import`.
fn memory_of<'a>(
    caller: &'a mut Caller<'_, HostState>,
    import: &str,
) -> wasmtime::Result<(&'a mut [u8], &'a mut HostState)> {
    let memory = caller.get_export("memory").and_then(|e| e.into_memory());
    let memory = memory.ok_or_else(|| wasmtime::format_err!("env.{import}: the guest exports no memory"))?;
    Ok(memory.data_and_store_mut(caller))
}

/// Reads `len` bytes at `ptr`, or a trap message naming the import.
fn read(memory: &[u8], ptr: u32, len: u32, import: &str) -> wasmtime::Result<Vec<u8>> {
    memory::read(memory, ptr, len)
        .map(<[u8]>::to_vec)
        .map_err(|bad| wasmtime::format_err!("env.{import}: {bad}"))
}

pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    linker.func_wrap(
        MODULE,
        "log",
        |mut caller: Caller<'_, HostState>, ptr: u32, len: u32| {
            let (memory, state) = memory_of(&mut caller, "log")?;
            // Checked whole, read no further than the cap.
            let text = memory::read(memory, ptr, len).map_err(|bad| wasmtime::format_err!("env.log: {bad}"))?;
            write_log(state, text);
            Ok(())
        },
    )?;

    linker.func_wrap(
        MODULE,
        "kv_get",
        |mut caller: Caller<'_, HostState>, key_ptr: u32, key_len: u32, out_ptr: u32, out_cap: u32| {
            let (memory, state) = memory_of(&mut caller, "kv_get")?;
            let key = read(memory, key_ptr, key_len, "kv_get")?;
            let out = memory::slice_mut(memory, out_ptr, out_cap)
                .map_err(|bad| wasmtime::format_err!("env.kv_get: {bad}"))?;
            let Some(value) = state.kv.get(&key) else {
                return Ok(-1);
            };
            let copied = value.len().min(out.len());
            out[..copied].copy_from_slice(&value[..copied]);
            Ok(value.len() as i32) // at most 64 KiB, see kv_set
        },
    )?;

    linker.func_wrap(
        MODULE,
        "kv_set",
        |mut caller: Caller<'_, HostState>, key_ptr: u32, key_len: u32, val_ptr: u32, val_len: u32| {
            let (memory, state) = memory_of(&mut caller, "kv_set")?;
            let key = read(memory, key_ptr, key_len, "kv_set")?;
            let value = read(memory, val_ptr, val_len, "kv_set")?;
            let full = state.kv.len() >= MAX_KEYS && !state.kv.contains_key(&key);
            if key.len() > MAX_KEY_BYTES || value.len() > MAX_VALUE_BYTES || full {
                return Ok(-1);
            }
            state.kv.insert(key, value);
            Ok(0)
        },
    )?;

    linker.func_wrap(
        MODULE,
        "panic",
        |mut caller: Caller<'_, HostState>, ptr: u32, len: u32| -> wasmtime::Result<()> {
            let (memory, _) = memory_of(&mut caller, "panic")?;
            let message = memory::read(memory, ptr, len).map_err(|bad| wasmtime::format_err!("env.panic: {bad}"))?;
            Err(wasmtime::Error::new(GuestPanic(capped_message(message))))
        },
    )?;
    Ok(())
}
