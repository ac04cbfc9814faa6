//! Sandbox limits: what stops a guest that loops, burns instructions, eats
//! memory or recurses without end, so the host can report it and go on.
//!
//! - **Wall-clock timeout** through epoch interruption: compiled code checks a
//!   shared counter at function entries and loop heads, and a ticker thread
//!   bumps it every `TICK`. Epochs, not fuel, for time: the check is a load and
//!   a compare, where fuel adds arithmetic to every basic block, and fuel
//!   counts instructions, not seconds (a guest blocked in a host call uses no
//!   fuel while the clock runs).
//! - **Fuel**: a deterministic budget of wasm operations (`consume_fuel`).
//!   Same module, same input, same point of stopping, on any machine.
//! - **Memory cap** (on by default, `DEFAULT_MAX_MEMORY`): a `ResourceLimiter`
//!   that refuses growth past the cap. The guest's `memory.grow` then returns
//!   -1, as the spec says; the host is untouched.
//! - **Stack**: wasmtime's `max_wasm_stack` (512 KiB by default) bounds the
//!   native stack wasm code may use; deeper recursion traps with "call stack
//!   exhausted" instead of overflowing the host's stack.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use wasmtime::{Config, Engine, ResourceLimiter};

pub const DEFAULT_MAX_MEMORY: usize = 64 << 20;
pub const DEFAULT_MAX_STACK: usize = 512 << 10;
/// Table elements a guest may have (function tables, mostly).
pub const MAX_TABLE_ELEMENTS: usize = 100_000;
/// How often the ticker bumps the epoch: the timeout's resolution.
pub const TICK: Duration = Duration::from_millis(5);

#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Option<Duration>,
    pub fuel: Option<u64>,
    pub max_memory: usize,
    pub max_stack: usize,
    /// What loading a module may cost before any of the above apply. Off
    /// (None) by default: exceeding it ends the process, which the CLI wants
    /// and a library caller (a test, the benchmark, a server) does not.
    pub compile: Option<crate::budget::CompileBudget>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: None,
            fuel: None,
            max_memory: DEFAULT_MAX_MEMORY,
            max_stack: DEFAULT_MAX_STACK,
            compile: None,
        }
    }
}

impl Limits {
    /// Engine-wide switches: code compiled with them checks epochs or fuel.
    pub fn configure(&self, config: &mut Config) {
        config.epoch_interruption(self.timeout.is_some());
        config.consume_fuel(self.fuel.is_some());
        config.max_wasm_stack(self.max_stack);
    }

    /// The timeout in ticks, rounded up: the epoch deadline of one call.
    pub fn deadline_ticks(&self) -> Option<u64> {
        let timeout = self.timeout?;
        Some(timeout.as_nanos().div_ceil(TICK.as_nanos()).max(1) as u64)
    }
}

/// The memory cap of one store. It remembers that it refused, so the host
/// can name the limit when the guest fails after its `memory.grow` got -1.
#[derive(Debug, Clone)]
pub struct MemoryCap {
    pub max_bytes: usize,
    pub refused: bool,
    /// The largest linear memory this store has allowed, in bytes: how tests
    /// see a component's memory, which wasmtime's component API does not expose.
    pub peak_bytes: usize,
}

impl MemoryCap {
    pub fn new(max_bytes: usize) -> Self {
        MemoryCap {
            max_bytes,
            refused: false,
            peak_bytes: 0,
        }
    }
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(&mut self, _current: usize, desired: usize, _max: Option<usize>) -> wasmtime::Result<bool> {
        let allowed = desired <= self.max_bytes;
        self.refused |= !allowed;
        if allowed {
            self.peak_bytes = self.peak_bytes.max(desired);
        }
        Ok(allowed)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _max: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

/// A thread that bumps the engine's epoch every `TICK` until dropped.
pub struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    pub fn start(engine: Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                engine.increment_epoch();
            }
        });
        Ticker {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
