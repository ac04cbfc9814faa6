//! The default allocator: a hand-written bump allocator over linear memory.
//!
//! `alloc` hands out the next aligned bytes after the last buffer, growing
//! memory with `memory.grow` when it runs out. `dealloc` frees nothing; it only
//! counts live buffers, and when the count falls to zero the next allocation
//! starts again at `__heap_base`. The ABI (ABI.md) has the host free every
//! buffer after each call, so each call starts from an empty heap.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::{memory_grow, memory_size};
use core::cell::Cell;

const PAGE: usize = 65536;

extern "C" {
    /// Set by the linker: the first byte after static data and the stack.
    static __heap_base: u8;
}

pub struct BumpAllocator {
    next: Cell<usize>,
    live: Cell<usize>,
}

// wasm32 without the threads proposal runs one thread, so the Cells are never
// shared between threads.
unsafe impl Sync for BumpAllocator {}

impl BumpAllocator {
    pub const fn new() -> Self {
        BumpAllocator {
            next: Cell::new(0),
            live: Cell::new(0),
        }
    }

    fn heap_base() -> usize {
        unsafe { &__heap_base as *const u8 as usize }
    }
}

impl Default for BumpAllocator {
    fn default() -> Self {
        Self::new()
    }
}

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let next = match self.next.get() {
            0 => Self::heap_base(),
            next => next,
        };
        // Round up to the alignment, then reserve; checked so a huge request
        // fails instead of wrapping around the 4 GiB address space.
        let Some(start) = next.checked_next_multiple_of(layout.align()) else {
            return core::ptr::null_mut();
        };
        let Some(end) = start.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        let have = memory_size(0) * PAGE;
        if end > have && memory_grow(0, (end - have).div_ceil(PAGE)) == usize::MAX {
            return core::ptr::null_mut(); // memory.grow refused
        }
        self.next.set(end);
        self.live.set(self.live.get() + 1);
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {
        let live = self.live.get().saturating_sub(1);
        self.live.set(live);
        if live == 0 {
            self.next.set(Self::heap_base());
        }
    }
}
