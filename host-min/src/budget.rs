//! The compile budget: what reading, validating and compiling an untrusted
//! module may cost before any sandbox limit applies. The memory cap, the
//! timeout and fuel start when guest code runs; a module built to be
//! expensive to compile (100,000 small functions, one huge function,
//! thousands of locals per function) costs wasmtime's compiler hundreds of
//! MiB and many seconds before that (docs/sandbox-limits.md measures it).
//!
//! Two bounds, both armed by `Host::load_any` around reading and compiling:
//! - **Memory.** host-min's binary installs `CountingAlloc` as its global
//!   allocator. While a load is armed it counts the heap bytes every thread
//!   allocates and has not freed; when an allocation would take that growth
//!   past the budget, the process ends with one error line.
//! - **Time.** A watchdog thread ends the process with one error line when
//!   loading runs past its deadline.
//!
//! Why end the process: wasmtime 48 has no way to cancel a compile midway, so
//! the only way to stop one is to stop the process running it. For the CLI
//! that is the refusal the user asked for. A long-lived host that compiles
//! modules it does not trust would do the same in a child process and load
//! the result with `Module::deserialize`.
//!
//! Why count, rather than cap the module's size: size does not bound the
//! cost. A 10 KiB module of functions that each declare 50,000 locals costs
//! more than a megabyte of ordinary code; the bound has to be on what the
//! compiler actually spends.

use crate::{HostError, Status};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Heap that loading one module may add, by default. host-min itself holds
/// a few MiB besides, glibc's malloc keeps some freed memory resident, and
/// compiled code is mapped outside the heap: with all that, the process
/// stays within 256 MiB (tests/compile_budget.rs measures its peak).
pub const DEFAULT_COMPILE_MEMORY: usize = 160 << 20;
/// How long loading one module may take, by default: within 2.5 s of the
/// command starting, the module is refused or running.
pub const DEFAULT_COMPILE_TIME: Duration = Duration::from_millis(2000);

/// Whether a load is armed. Unarmed, the allocator only reads this flag,
/// so the benchmark's calls and instantiations pay one load per allocation.
static ARMED: AtomicBool = AtomicBool::new(false);
/// Heap bytes allocated and not freed since arming, by every thread.
static GROWTH: AtomicIsize = AtomicIsize::new(0);
/// The budget in bytes.
static BUDGET: AtomicIsize = AtomicIsize::new(isize::MAX);
/// Set once the process is ending, so that one thread reports, and what
/// exiting allocates is not counted.
static ENDING: AtomicBool = AtomicBool::new(false);

/// The system allocator, counting. Install it in a binary with
/// `#[global_allocator] static ALLOC: CountingAlloc = CountingAlloc;`;
/// without it the memory bound is not enforced (the time bound still is).
pub struct CountingAlloc;

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        give(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            take(new_size - layout.size());
        } else {
            give(layout.size() - new_size);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn take(bytes: usize) {
    if !ARMED.load(Relaxed) {
        return;
    }
    let growth = GROWTH.fetch_add(bytes as isize, Relaxed) + bytes as isize;
    if growth > BUDGET.load(Relaxed) && !ENDING.swap(true, Relaxed) {
        let mut line = StackLine::default();
        let mib = BUDGET.load(Relaxed) >> 20;
        let _ = std::fmt::Write::write_fmt(
            &mut line,
            format_args!("compiling the module needs more than {mib} MiB (raise it with --compile-mib)"),
        );
        end(Status::CompileLimit, line.text());
    }
}

fn give(bytes: usize) {
    if ARMED.load(Relaxed) {
        GROWTH.fetch_sub(bytes as isize, Relaxed);
    }
}

/// Ends the process with one error line. The caller has set `ENDING`, so
/// only one thread gets here, and what exiting allocates is not counted.
fn end(status: Status, message: &str) -> ! {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(b"error: ");
    let _ = stderr.write_all(message.as_bytes());
    let _ = stderr.write_all(b"\n");
    std::process::exit(status.code().into())
}

/// A line formatted on the stack: the allocator cannot allocate to report.
struct StackLine {
    bytes: [u8; 160],
    len: usize,
}

impl Default for StackLine {
    fn default() -> Self {
        StackLine {
            bytes: [0; 160],
            len: 0,
        }
    }
}

impl StackLine {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("compile budget exceeded")
    }
}

impl std::fmt::Write for StackLine {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        room.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// What loading one module may cost.
#[derive(Debug, Clone, Copy)]
pub struct CompileBudget {
    pub memory: usize,
    pub time: Duration,
}

impl Default for CompileBudget {
    fn default() -> Self {
        CompileBudget {
            memory: DEFAULT_COMPILE_MEMORY,
            time: DEFAULT_COMPILE_TIME,
        }
    }
}

/// The budget, armed until dropped. Only one load is armed at a time (the
/// CLI loads one module); arming while armed is a bug in the caller.
pub struct Armed {
    done: Option<mpsc::Sender<()>>,
}

impl CompileBudget {
    pub fn arm(&self) -> Result<Armed, HostError> {
        GROWTH.store(0, Relaxed);
        BUDGET.store(self.memory.min(isize::MAX as usize) as isize, Relaxed);
        ARMED.store(true, Relaxed);
        let (done, finished) = mpsc::channel::<()>();
        let (time, ms) = (self.time, self.time.as_millis());
        let watchdog = std::thread::Builder::new()
            .name("compile-budget".into())
            .spawn(move || {
                let late = finished.recv_timeout(time) == Err(RecvTimeoutError::Timeout);
                if late && !ENDING.swap(true, Relaxed) {
                    let message =
                        format!("compiling the module takes longer than {ms} ms (raise it with --compile-ms)");
                    end(Status::CompileLimit, &message);
                }
            });
        watchdog
            .map_err(|e| HostError::new(Status::CompileLimit, format!("cannot start the compile watchdog: {e}")))?;
        Ok(Armed { done: Some(done) })
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.store(false, Relaxed);
        // Dropping the sender wakes the watchdog, which then returns.
        self.done.take();
    }
}
