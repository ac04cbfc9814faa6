//! guest-wit: the `plugin` world of wit/plugin.wit through wit-bindgen, the
//! contrast to guest-cabi (the same canonical ABI written by hand), as
//! guest-bindgen is the contrast to guest-raw. `generate!` reads the WIT
//! file and writes the lowered exports, their return areas, the `cabi_post_*`
//! functions, `cabi_realloc` and the import wrappers; what is left to write
//! is the `Guest` trait.
//!
//! Build: `make build` (out/component/guest-wit.wasm). Call:
//! `host-min call out/component/guest-wit.wasm greet --input Ada --kv greeting=Hej`.
#![no_std]

extern crate alloc;

use alloc::format;
use alloc::string::String;
use guest_raw::kernels;

wit_bindgen::generate!({ world: "plugin", path: "../wit" });

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: guest_raw::bump::BumpAllocator = guest_raw::bump::BumpAllocator::new();

struct Plugin;

impl Guest for Plugin {
    fn upper(s: String) -> String {
        kernels::upper(&s)
    }

    fn word_count(s: String) -> u32 {
        kernels::word_count(&s) as u32
    }

    /// guest-raw's `greet` on the world's imports, as guest-cabi has it.
    fn greet(name: String) -> String {
        let name = if name.is_empty() { "world" } else { name.as_str() };
        log(&format!("greet: called for {name:?}"));
        let greeting = kv_get("greeting");
        if kv_set("last_greeted", name).is_err() {
            panic!("the host refused to store last_greeted");
        }
        format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
    }

    fn reverse(s: String) -> String {
        kernels::reverse(&s)
    }
}

export!(Plugin);

/// As in guest-cabi: the world has no panic import, so log and trap.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    if let Some(message) = info.message().as_str() {
        log(message);
    }
    core::arch::wasm32::unreachable()
}
