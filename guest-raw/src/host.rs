//! The whole host import surface, in one `extern "C"` block, and the safe
//! wrappers the plugin uses. Signatures and failure behaviour: ABI.md.

#[link(wasm_import_module = "env")]
extern "C" {
    fn log(ptr: *const u8, len: usize);
    fn kv_get(key_ptr: *const u8, key_len: usize, out_ptr: *mut u8, out_cap: usize) -> i32;
    fn kv_set(key_ptr: *const u8, key_len: usize, val_ptr: *const u8, val_len: usize) -> i32;
    #[link_name = "panic"]
    fn host_panic(ptr: *const u8, len: usize) -> !;
}

/// Prints `message` on the host's stderr.
pub fn log_message(message: &str) {
    unsafe { log(message.as_ptr(), message.len()) }
}

/// The value stored under `key`, copied into `buf`; `None` if the host has no
/// such key. A value longer than `buf` is cut to fit.
pub fn get<'a>(key: &str, buf: &'a mut [u8]) -> Option<&'a [u8]> {
    let len = unsafe { kv_get(key.as_ptr(), key.len(), buf.as_mut_ptr(), buf.len()) };
    // -1 means "no such key"; any other negative number breaks the ABI.
    let len = usize::try_from(len).ok()?;
    Some(&buf[..len.min(buf.len())])
}

/// Stores `value` under `key`; false if the host refused (see ABI.md limits).
pub fn set(key: &str, value: &[u8]) -> bool {
    unsafe { kv_set(key.as_ptr(), key.len(), value.as_ptr(), value.len()) == 0 }
}

/// Hands a panic message to the host, which ends the call with a trap.
pub fn panic_with(message: &[u8]) -> ! {
    unsafe { host_panic(message.as_ptr(), message.len()) }
}
