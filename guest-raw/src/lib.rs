//! guest-raw: a `#![no_std]` plugin that speaks the hand-written ABI of
//! ABI.md: `alloc`/`dealloc`, `(ptr, len)` inputs and packed `i64` results.
//! No wasm-bindgen; every byte that crosses the boundary is placed by hand.
//!
//! Build: `make build` (out/guest-raw.wasm, and the -dlmalloc and -wee_alloc
//! variants). Call: `host-min call out/guest-raw.wasm upper --input "grüße"`.
#![no_std]

extern crate alloc;

pub mod kernels;

#[cfg(all(target_arch = "wasm32", feature = "plugin"))]
mod abi;
/// Public for guest-cabi, which shares it (feature `bump`).
#[cfg(all(
    target_arch = "wasm32",
    any(
        feature = "bump",
        all(feature = "plugin", not(any(feature = "dlmalloc", feature = "wee_alloc")))
    )
))]
pub mod bump;
#[cfg(all(target_arch = "wasm32", feature = "plugin"))]
mod host;

#[cfg(all(feature = "dlmalloc", feature = "wee_alloc"))]
compile_error!("choose one allocator feature: dlmalloc or wee_alloc");

#[cfg(all(
    target_arch = "wasm32",
    feature = "plugin",
    not(any(feature = "dlmalloc", feature = "wee_alloc"))
))]
#[global_allocator]
static ALLOCATOR: bump::BumpAllocator = bump::BumpAllocator::new();

#[cfg(all(target_arch = "wasm32", feature = "dlmalloc"))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[cfg(all(target_arch = "wasm32", feature = "wee_alloc"))]
#[global_allocator]
static ALLOCATOR: wee_alloc::WeeAlloc = wee_alloc::WeeAlloc::INIT;

/// A panic becomes a trap that carries its message: the message is formatted
/// into a fixed buffer (the heap may be what failed) and handed to the host's
/// `env.panic`, which ends the call.
#[cfg(all(target_arch = "wasm32", feature = "plugin"))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    use core::fmt::Write;
    struct Buffer([u8; 256], usize);
    impl Write for Buffer {
        fn write_str(&mut self, text: &str) -> core::fmt::Result {
            let take = text.len().min(self.0.len() - self.1);
            self.0[self.1..self.1 + take].copy_from_slice(&text.as_bytes()[..take]);
            self.1 += take;
            Ok(())
        }
    }
    let mut buffer = Buffer([0; 256], 0);
    let _ = write!(buffer, "{}", info.message());
    host::panic_with(&buffer.0[..buffer.1])
}
