//! The world's imports, lowered by hand: the whole host surface in one
//! `extern "C"` block, and safe wrappers that read the canonical ABI's
//! layouts. A component imports a world's own functions from the module
//! named `$root`, under their WIT names.

use alloc::string::String;

/// `option<string>` as the host writes it for `kv-get` (CanonicalABI.md:
/// a variant is its discriminant, then its payload at the payload's
/// alignment; a string is a pointer and a length, 4 bytes each):
///
/// ```text
/// offset 0  u8   discriminant: 0 none, 1 some
/// offset 4  u32  pointer to the UTF-8 bytes (allocated with our cabi_realloc)
/// offset 8  u32  length in bytes
/// size 12, alignment 4
/// ```
#[repr(C)]
struct OptionString {
    is_some: u8,
    ptr: *mut u8,
    len: usize,
}

#[link(wasm_import_module = "$root")]
extern "C" {
    /// `log: func(msg: string)`: a string flattens to (ptr, len).
    #[link_name = "log"]
    fn log_lowered(ptr: *const u8, len: usize);

    /// `kv-get: func(key: string) -> option<string>`. The result flattens to
    /// three values, more than MAX_FLAT_RESULTS (1), so the caller passes a
    /// pointer to a return area where the host writes the `OptionString`.
    #[link_name = "kv-get"]
    fn kv_get_lowered(key_ptr: *const u8, key_len: usize, ret: *mut OptionString);

    /// `kv-set: func(key: string, value: string) -> result`. A result with
    /// no payloads flattens to its discriminant: 0 ok, 1 error.
    #[link_name = "kv-set"]
    fn kv_set_lowered(key_ptr: *const u8, key_len: usize, value_ptr: *const u8, value_len: usize) -> u32;
}

/// One line for the host's log. The host copies the bytes out; we keep them.
pub fn log(message: &str) {
    unsafe { log_lowered(message.as_ptr(), message.len()) }
}

/// The host's value for `key`. The host placed the value's bytes in our
/// memory with our `cabi_realloc(0, 0, 1, len)`, so they are ours now: the
/// String takes them over and frees them when dropped. The canonical ABI
/// checked they are UTF-8 before lowering them.
pub fn kv_get(key: &str) -> Option<String> {
    let mut ret = OptionString {
        is_some: 0,
        ptr: core::ptr::null_mut(),
        len: 0,
    };
    unsafe { kv_get_lowered(key.as_ptr(), key.len(), &mut ret) };
    match ret.is_some {
        0 => None,
        _ => Some(unsafe { String::from_raw_parts(ret.ptr, ret.len, ret.len) }),
    }
}

/// Stores `value` under `key`; false when the host refused.
pub fn kv_set(key: &str, value: &str) -> bool {
    unsafe { kv_set_lowered(key.as_ptr(), key.len(), value.as_ptr(), value.len()) == 0 }
}
