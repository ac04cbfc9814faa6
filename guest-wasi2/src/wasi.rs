//! The whole WASI 0.2 import surface of guest-wasi2, lowered by hand to
//! core wasm, and a safe wrapper for each call.
//!
//! The canonical ABI's rules, as they apply here (ABI.md, "The canonical
//! ABI", has the general table):
//! - a resource crosses as an i32 **handle**, an index into this
//!   instance's handle table; `[resource-drop]T` gives it back;
//! - a `string` or `list<T>` crosses as (pointer, length);
//! - `flags` cross as one i32 with a bit per flag, an `enum` as its index;
//! - a result that flattens to more than one value is written by the host
//!   into a **return area**, a buffer the caller passes a pointer to, laid
//!   out like a C struct: a tag byte, then the payload at the alignment of
//!   its largest case;
//! - a list the host returns is placed in our memory by calling our export
//!   `cabi_realloc` (lib.rs), then described in the return area.

use core::sync::atomic::{AtomicI32, Ordering::Relaxed};

/// `descriptor-flags`: bit 1 is `write`.
pub const WRITE: i32 = 1 << 1;
/// `open-flags`: bit 0 `create`, bit 3 `truncate`.
pub const CREATE_TRUNCATE: i32 = 1 << 0 | 1 << 3;
/// `path-flags`: bit 0 `symlink-follow`.
pub const SYMLINK_FOLLOW: i32 = 1 << 0;

#[link(wasm_import_module = "wasi:cli/environment@0.2.12")]
extern "C" {
    /// `get-arguments: func() -> list<string>`: (ptr, len) in the return area.
    #[link_name = "get-arguments"]
    fn get_arguments(ret: *mut [u32; 2]);
}

#[link(wasm_import_module = "wasi:cli/exit@0.2.12")]
extern "C" {
    /// `exit-with-code: func(status-code: u8)`; it does not return.
    #[link_name = "exit-with-code"]
    fn exit_with_code(status: i32);
}

#[link(wasm_import_module = "wasi:cli/stdout@0.2.12")]
extern "C" {
    /// `get-stdout: func() -> output-stream`: a handle, the one flat result.
    #[link_name = "get-stdout"]
    fn get_stdout() -> i32;
}

#[link(wasm_import_module = "wasi:cli/stderr@0.2.12")]
extern "C" {
    #[link_name = "get-stderr"]
    fn get_stderr() -> i32;
}

#[link(wasm_import_module = "wasi:io/streams@0.2.12")]
extern "C" {
    /// `blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>`,
    /// a method: the stream's handle comes first.
    #[link_name = "[method]output-stream.blocking-write-and-flush"]
    fn blocking_write_and_flush(stream: i32, ptr: *const u8, len: usize, ret: *mut StreamResult);
}

#[link(wasm_import_module = "wasi:filesystem/preopens@0.2.12")]
extern "C" {
    /// `get-directories: func() -> list<tuple<descriptor, string>>`.
    #[link_name = "get-directories"]
    fn get_directories(ret: *mut [u32; 2]);
}

#[link(wasm_import_module = "wasi:filesystem/types@0.2.12")]
extern "C" {
    /// `open-at: func(path-flags, path: string, open-flags, flags: descriptor-flags)
    ///  -> result<descriptor, error-code>`.
    #[link_name = "[method]descriptor.open-at"]
    fn open_at(dir: i32, path_flags: i32, ptr: *const u8, len: usize, open_flags: i32, flags: i32, ret: *mut Opened);

    /// `write: func(buffer: list<u8>, offset: filesize) -> result<filesize, error-code>`.
    #[link_name = "[method]descriptor.write"]
    fn write(file: i32, ptr: *const u8, len: usize, offset: u64, ret: *mut Written);

    #[link_name = "[resource-drop]descriptor"]
    fn drop_descriptor(descriptor: i32);
}

/// `result<_, stream-error>`: tag, then `stream-error` (a tag and, for
/// `last-operation-failed`, an `error` handle) at offset 4. 12 bytes.
#[repr(C)]
struct StreamResult {
    is_err: u8,
    error_tag: u8,
    error_handle: i32,
}

/// `result<descriptor, error-code>`: tag, then at offset 4 the handle or
/// the error-code's index. 8 bytes.
#[repr(C)]
struct Opened {
    is_err: u8,
    payload: u32,
}

/// `result<filesize, error-code>`: tag, then at offset 8 (a u64's
/// alignment) the size written or the error-code's index. 16 bytes.
#[repr(C)]
struct Written {
    is_err: u8,
    payload: u64,
}

/// A `(pointer, length)` pair the host wrote into our memory, as a slice.
///
/// # Safety
/// The pair must describe bytes the host placed with our `cabi_realloc`.
unsafe fn slice<'a, T>(pair: [u32; 2]) -> &'a [T] {
    match pair[1] {
        0 => &[],
        len => core::slice::from_raw_parts(pair[0] as *const T, len as usize),
    }
}

/// The arguments, each a (pointer, length) pair of UTF-8 bytes.
pub fn arguments() -> &'static [[u32; 2]] {
    let mut ret = [0u32; 2];
    unsafe {
        get_arguments(&mut ret);
        slice(ret)
    }
}

/// The bytes of one (pointer, length) string from a list the host returned.
pub fn text(pair: [u32; 2]) -> &'static [u8] {
    unsafe { slice(pair) }
}

/// A pre-opened directory: its handle and the (pointer, length) of its name.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Preopen {
    pub handle: i32,
    pub name: [u32; 2],
}

pub fn preopens() -> &'static [Preopen] {
    let mut ret = [0u32; 2];
    unsafe {
        get_directories(&mut ret);
        slice(ret)
    }
}

pub fn exit(status: u8) -> ! {
    unsafe { exit_with_code(status.into()) };
    core::arch::wasm32::unreachable() // exit-with-code never returns
}

#[derive(Clone, Copy)]
pub enum Stdio {
    Out = 0,
    Err = 1,
}

/// The stdout and stderr handles, asked for once (-1: not yet).
static STREAMS: [AtomicI32; 2] = [AtomicI32::new(-1), AtomicI32::new(-1)];

/// Writes `bytes` (at most 4096, as blocking-write-and-flush allows).
pub fn print(to: Stdio, bytes: &[u8]) -> Result<(), ()> {
    let slot = &STREAMS[to as usize];
    let mut stream = slot.load(Relaxed);
    if stream < 0 {
        stream = unsafe {
            match to {
                Stdio::Out => get_stdout(),
                Stdio::Err => get_stderr(),
            }
        };
        slot.store(stream, Relaxed);
    }
    let mut ret = StreamResult {
        is_err: 0,
        error_tag: 0,
        error_handle: 0,
    };
    unsafe { blocking_write_and_flush(stream, bytes.as_ptr(), bytes.len(), &mut ret) };
    // The stream's handle stays ours for the next line; the host reclaims
    // it at exit, so `[resource-drop]output-stream` is not imported.
    let _ = (ret.error_tag, ret.error_handle);
    match ret.is_err {
        0 => Ok(()),
        _ => Err(()),
    }
}

/// `open-at(dir, path-flags, path, create|truncate, write)`: a new
/// descriptor, or the error-code's index.
pub fn create(dir: i32, path_flags: i32, path: &[u8]) -> Result<i32, u8> {
    let mut ret = Opened { is_err: 0, payload: 0 };
    unsafe {
        open_at(
            dir,
            path_flags,
            path.as_ptr(),
            path.len(),
            CREATE_TRUNCATE,
            WRITE,
            &mut ret,
        )
    };
    match ret.is_err {
        0 => Ok(ret.payload as i32),
        _ => Err(ret.payload as u8),
    }
}

/// Writes all of `bytes` to `file` from offset 0, and drops the descriptor.
pub fn write_all(file: i32, mut bytes: &[u8]) -> Result<(), u8> {
    let mut offset = 0;
    let outcome = loop {
        if bytes.is_empty() {
            break Ok(());
        }
        let mut ret = Written { is_err: 0, payload: 0 };
        unsafe { write(file, bytes.as_ptr(), bytes.len(), offset, &mut ret) };
        match (ret.is_err, ret.payload) {
            (0, 0) => break Err(ERROR_IO),
            (0, n) => {
                bytes = &bytes[(n as usize).min(bytes.len())..];
                offset += n;
            }
            (_, code) => break Err(code as u8),
        }
    };
    unsafe { drop_descriptor(file) };
    outcome
}

const ERROR_IO: u8 = 13;

/// `error-code`'s cases, in their order in wasi:filesystem/types.
pub fn error_name(code: u8) -> &'static [u8] {
    const NAMES: [&[u8]; 37] = [
        b"access",
        b"would-block",
        b"already",
        b"bad-descriptor",
        b"busy",
        b"deadlock",
        b"quota",
        b"exist",
        b"file-too-large",
        b"illegal-byte-sequence",
        b"in-progress",
        b"interrupted",
        b"invalid",
        b"io",
        b"is-directory",
        b"loop",
        b"too-many-links",
        b"message-size",
        b"name-too-long",
        b"no-device",
        b"no-entry",
        b"no-lock",
        b"insufficient-memory",
        b"insufficient-space",
        b"not-directory",
        b"not-empty",
        b"not-recoverable",
        b"unsupported",
        b"no-tty",
        b"no-such-device",
        b"overflow",
        b"not-permitted",
        b"pipe",
        b"read-only",
        b"invalid-seek",
        b"text-file-busy",
        b"cross-device",
    ];
    NAMES.get(code as usize).copied().unwrap_or(b"an unknown error-code")
}
