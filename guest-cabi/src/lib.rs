//! guest-cabi: the `plugin` world of wit/plugin.wit, with the Component
//! Model's canonical ABI written by hand, as guest-raw writes ABI.md's. The
//! same steps under standard names: the host allocates the arguments with
//! `cabi_realloc` and copies them in, calls the lowered export, reads the
//! result through a return area, then calls `cabi_post_<name>` so the guest
//! frees it. ABI.md, "The canonical ABI", maps each step to ours.
//!
//! Build: `make build` (out/component/guest-cabi.wasm, through `wasm-tools
//! component embed` and `component new`). Call:
//! `host-min call out/component/guest-cabi.wasm upper --input "grüße"`.
#![no_std]

extern crate alloc;

mod imports;

use alloc::alloc::Layout;
use alloc::format;
use alloc::string::String;
use core::cell::UnsafeCell;
use core::mem::ManuallyDrop;
use guest_raw::kernels;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: guest_raw::bump::BumpAllocator = guest_raw::bump::BumpAllocator::new();

/// `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr`: the one
/// allocator the canonical ABI knows. The host calls `(0, 0, align, size)`
/// to place an argument (or a `kv-get` value) in our memory. A failed
/// allocation traps: the host has no other way to learn of it.
///
/// # Safety
/// `old_ptr` and `old_size` describe a live allocation with `align`, or are 0.
#[no_mangle]
pub unsafe extern "C" fn cabi_realloc(old_ptr: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    let Ok(layout) = Layout::from_size_align(old_size.max(new_size), align) else {
        core::arch::wasm32::unreachable()
    };
    let ptr = match (old_size, new_size) {
        (_, 0) => return align as *mut u8, // a non-null pointer never read
        (0, _) => alloc::alloc::alloc(Layout::from_size_align_unchecked(new_size, layout.align())),
        _ => alloc::alloc::realloc(old_ptr, Layout::from_size_align_unchecked(old_size, align), new_size),
    };
    if ptr.is_null() {
        core::arch::wasm32::unreachable()
    }
    ptr
}

/// Takes over an argument string the host placed with `cabi_realloc(0, 0, 1,
/// len)`: in the canonical ABI the callee owns its arguments and frees them.
/// The host checked the bytes are UTF-8 (a Rust `&str` on its side).
unsafe fn argument(ptr: *mut u8, len: usize) -> String {
    String::from_raw_parts(ptr, len, len)
}

/// The return area of a function that returns a string: the 8 bytes the
/// host reads, the result's pointer at offset 0 and its length at 4, then a
/// word of our own that the host never reads: the buffer's capacity, which
/// `cabi_post_*` needs to free it. (Shrinking the buffer to its length
/// instead would copy a 1 MiB result once more.) One static area serves
/// every export: a core instance runs one call at a time.
#[repr(C, align(4))]
struct ReturnArea(UnsafeCell<[usize; 3]>);
unsafe impl Sync for ReturnArea {}
static RETURN_AREA: ReturnArea = ReturnArea(UnsafeCell::new([0; 3]));

/// Writes a result string into the return area and keeps its bytes alive
/// until `cabi_post_*`.
fn return_string(result: String) -> *mut [usize; 3] {
    let mut result = ManuallyDrop::new(result);
    let area = RETURN_AREA.0.get();
    unsafe { *area = [result.as_mut_ptr() as usize, result.len(), result.capacity()] };
    area
}

/// Frees what `return_string` kept alive: the host has copied it out.
unsafe fn free_returned(area: *mut [usize; 3]) {
    let [ptr, len, capacity] = *area;
    drop(String::from_raw_parts(ptr as *mut u8, len, capacity));
}

/// A lowered export returning a string: `(ptr, len) -> retptr`, with its
/// post-return function.
macro_rules! string_export {
    ($wit_name:literal, $post_name:literal, $export:ident, $post:ident, $body:expr) => {
        /// # Safety
        /// Called by the host: `ptr..ptr+len` came from `cabi_realloc`.
        #[export_name = $wit_name]
        pub unsafe extern "C" fn $export(ptr: *mut u8, len: usize) -> *mut [usize; 3] {
            let input = argument(ptr, len);
            let result: String = $body(input.as_str());
            return_string(result) // `input` is dropped here: its bytes are freed
        }

        /// # Safety
        /// Called by the host once, with the pointer the export returned.
        #[export_name = $post_name]
        pub unsafe extern "C" fn $post(area: *mut [usize; 3]) {
            free_returned(area)
        }
    };
}

string_export!("upper", "cabi_post_upper", upper, post_upper, kernels::upper);
string_export!("reverse", "cabi_post_reverse", reverse, post_reverse, kernels::reverse);
string_export!("greet", "cabi_post_greet", greet, post_greet, greet_body);

/// `word-count: func(s: string) -> u32`: one flat result, returned directly;
/// nothing to free afterwards, so no post-return function.
///
/// # Safety
/// Called by the host: `ptr..ptr+len` came from `cabi_realloc`.
#[export_name = "word-count"]
pub unsafe extern "C" fn word_count(ptr: *mut u8, len: usize) -> u32 {
    let input = argument(ptr, len);
    kernels::word_count(&input) as u32
}

/// guest-raw's `greet` on the world's imports: log, read the greeting,
/// record the name.
fn greet_body(name: &str) -> String {
    let name = if name.is_empty() { "world" } else { name };
    imports::log(&format!("greet: called for {name:?}"));
    let greeting = imports::kv_get("greeting");
    if !imports::kv_set("last_greeted", name) {
        // WIT gives greet no error case, so a refusal ends the call.
        panic!("the host refused to store last_greeted");
    }
    format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
}

/// A panic logs its message through the world's `log` and traps: the
/// canonical ABI has no panic import, so the host sees the trap.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    if let Some(message) = info.message().as_str() {
        imports::log(message);
    }
    core::arch::wasm32::unreachable()
}
