//! The exports of the hand-written ABI (ABI.md): `alloc`, `dealloc`, the
//! plugin functions that take `(ptr, len)` and return a packed result, and the
//! numeric kernels. Each export is a thin shell around `crate::kernels`.

use crate::{host, kernels};
use alloc::alloc::Layout;
use alloc::format;

/// Every buffer is 8-byte aligned, so `matmul` can take f64 matrices in them.
const ALIGN: usize = 8;

// Result kinds: the first byte of every result buffer (ABI.md).
const KIND_TEXT: u8 = 0;
const KIND_NUMBER: u8 = 1;
const KIND_ERROR: u8 = 2;

/// Declares the version of ABI.md this plugin speaks: the host reads the
/// name from the export list before instantiating and never calls it.
#[no_mangle]
pub extern "C" fn wasm_by_hand_abi_version_1() {}

/// `alloc(len) -> ptr`, or 0 when the allocator cannot.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    match Layout::from_size_align(len, ALIGN) {
        // A non-zero, aligned pointer that must not be touched (ABI.md).
        Ok(_) if len == 0 => ALIGN as *mut u8,
        Ok(layout) => unsafe { alloc::alloc::alloc(layout) },
        Err(_) => core::ptr::null_mut(),
    }
}

/// `dealloc(ptr, len)`: gives back a buffer from `alloc` with the same `len`.
#[no_mangle]
pub extern "C" fn dealloc(ptr: *mut u8, len: usize) {
    if let (Ok(layout), false) = (Layout::from_size_align(len, ALIGN), len == 0 || ptr.is_null()) {
        unsafe { alloc::alloc::dealloc(ptr, layout) }
    }
}

/// The input the host placed at `ptr..ptr+len`, as text.
fn input_text<'a>(ptr: *const u8, len: usize) -> Result<&'a str, u64> {
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    core::str::from_utf8(bytes).map_err(|_| hand_back(KIND_ERROR, b"the input is not valid UTF-8"))
}

/// Copies `kind` and `payload` into a fresh buffer from `alloc` and packs its
/// pointer and length into the i64 the host receives; 0 if alloc failed.
fn hand_back(kind: u8, payload: &[u8]) -> u64 {
    let len = payload.len() + 1;
    let ptr = alloc(len);
    if ptr.is_null() {
        return 0;
    }
    let buffer = unsafe { core::slice::from_raw_parts_mut(ptr, len) };
    buffer[0] = kind;
    buffer[1..].copy_from_slice(payload);
    ((ptr as u64) << 32) | len as u64
}

fn text_result(text: &str) -> u64 {
    hand_back(KIND_TEXT, text.as_bytes())
}

#[no_mangle]
pub extern "C" fn upper(ptr: *const u8, len: usize) -> u64 {
    input_text(ptr, len).map_or_else(|e| e, |text| text_result(&kernels::upper(text)))
}

#[no_mangle]
pub extern "C" fn reverse(ptr: *const u8, len: usize) -> u64 {
    input_text(ptr, len).map_or_else(|e| e, |text| text_result(&kernels::reverse(text)))
}

#[no_mangle]
pub extern "C" fn word_count(ptr: *const u8, len: usize) -> u64 {
    input_text(ptr, len).map_or_else(
        |e| e,
        |text| hand_back(KIND_NUMBER, &kernels::word_count(text).to_le_bytes()),
    )
}

/// Greets the input name with the host's `greeting` value (default "Hello"),
/// logs the call and records the name under `last_greeted`: it exercises
/// every host import.
#[no_mangle]
pub extern "C" fn greet(ptr: *const u8, len: usize) -> u64 {
    let name = match input_text(ptr, len) {
        Ok("") => "world",
        Ok(name) => name,
        Err(e) => return e,
    };
    host::log_message(&format!("greet: called for {name:?}"));
    let mut buf = [0u8; 64];
    let greeting = match host::get("greeting", &mut buf).map(core::str::from_utf8) {
        Some(Ok(greeting)) => greeting,
        Some(Err(_)) => return hand_back(KIND_ERROR, b"the host's greeting is not UTF-8"),
        None => "Hello",
    };
    if !host::set("last_greeted", name.as_bytes()) {
        return hand_back(KIND_ERROR, b"the host refused to store last_greeted");
    }
    text_result(&format!("{greeting}, {name}!"))
}

/// Panics on purpose, so tests can see a panic's message reach the host.
#[no_mangle]
pub extern "C" fn fail(ptr: *const u8, len: usize) -> u64 {
    let text = input_text(ptr, len).unwrap_or("(not UTF-8)");
    panic!("fail was called with {text:?}")
}

#[no_mangle]
pub extern "C" fn fib(n: u32) -> u64 {
    kernels::fib(n)
}

/// `out = a × b`; the host placed three `n`×`n` f64 matrices in memory.
#[no_mangle]
pub extern "C" fn matmul(a: *const f64, b: *const f64, out: *mut f64, n: usize) {
    let cells = n * n;
    let (a, b) = unsafe {
        (
            core::slice::from_raw_parts(a, cells),
            core::slice::from_raw_parts(b, cells),
        )
    };
    let out = unsafe { core::slice::from_raw_parts_mut(out, cells) };
    kernels::matmul(a, b, out, n)
}

/// FNV-1a over the bytes at `ptr..ptr+len` (the benchmark's byte kernel).
#[no_mangle]
pub extern "C" fn fnv1a(ptr: *const u8, len: usize) -> u64 {
    kernels::fnv1a(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// Allocation churn inside the guest (the benchmark's allocator test).
#[no_mangle]
pub extern "C" fn churn(rounds: u32) -> u64 {
    kernels::churn(rounds)
}
