//! The compile budget: what reading, validating and compiling an untrusted
//! module may cost before any sandbox limit applies. The memory cap, the
//! timeout and fuel start when guest code runs; a module built to be
//! expensive to compile (100,000 small functions, one huge function, deep
//! nesting, thousands of locals per function) costs wasmtime's compiler
//! hundreds of MiB and seconds before that (docs/sandbox-limits.md measures it).
//!
//! `Host::load_any` and `Host::load` arm the budget around reading and
//! compiling; a file larger than the memory budget is refused unread. While it is armed, a watchdog thread looks at the process every
//! `POLL`: when its resident memory passes the budget, or the deadline has
//! passed, it ends the process with one error line and exit status 75.
//!
//! Why end the process: wasmtime 48 cannot cancel a compile midway, so the
//! only way to stop one is to stop the process running it. For the CLI that
//! is the refusal the user asked for. A long-lived host that compiles modules
//! it does not trust would do the same in a child process and load the result
//! with `Module::deserialize`.
//!
//! Why resident memory, read from the kernel (`/proc/self/status`): it is the
//! memory the machine gives up. Counting the compiler's allocations would
//! also count reservations it never touches: a module of 100,000 nested
//! blocks asks for more than 160 MiB of heap while its resident memory stays
//! under 100 MiB. Between two looks the process can grow by what it touches
//! in `POLL`; the compiler allocates in small pieces, and the default leaves
//! 56 MiB for that below 256 MiB.
//!
//! Why not only cap the module's size: size does not bound the cost. An
//! 8 KiB module of 1,000 functions that each declare 50,000 locals takes
//! seconds.

use crate::{HostError, Status};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The resident memory host-min may reach while loading, by default.
pub const DEFAULT_COMPILE_MEMORY: usize = 200 << 20;
/// How long loading one module may take, by default: with host-min's own
/// start, a module is refused or running within 2.5 s.
pub const DEFAULT_COMPILE_TIME: Duration = Duration::from_millis(2000);
/// How often the watchdog looks at the process.
pub const POLL: Duration = Duration::from_millis(2);

/// What loading a module may cost: the process's resident memory, and time.
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

/// The budget, armed until dropped.
pub struct Armed {
    /// Set when loading is over. The watchdog decides and exits while it
    /// holds this lock, so a load that has ended cannot be killed late.
    disarmed: Arc<Mutex<bool>>,
}

impl CompileBudget {
    /// Starts the watchdog. Dropping the result stops it.
    pub fn arm(&self) -> Result<Armed, HostError> {
        let disarmed = Arc::new(Mutex::new(false));
        let (budget, watched) = (*self, disarmed.clone());
        let deadline = Instant::now() + budget.time;
        let watchdog = std::thread::Builder::new().name("compile-budget".into());
        let started = watchdog.spawn(move || loop {
            std::thread::sleep(POLL);
            let over = watched.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if *over {
                return;
            }
            if let Some(why) = budget.exceeded(deadline) {
                eprintln!("error: {why}");
                std::process::exit(Status::CompileLimit.code().into());
            }
        });
        started.map_err(|e| HostError::new(Status::CompileLimit, format!("cannot start the compile watchdog: {e}")))?;
        Ok(Armed { disarmed })
    }

    /// Why loading must stop now, if it must.
    /// (Without /proc the memory bound cannot be read, and only time holds.)
    fn exceeded(&self, deadline: Instant) -> Option<String> {
        if Instant::now() >= deadline {
            let ms = self.time.as_millis();
            return Some(format!(
                "compiling the module takes longer than {ms} ms (raise it with --compile-ms, or compile a module \
                 you trust once with `host-min compile` and load it with --allow-precompiled)"
            ));
        }
        let resident = resident_bytes()?;
        (resident > self.memory as u64).then(|| {
            let mib = self.memory >> 20;
            format!(
                "compiling the module takes host-min past {mib} MiB of memory (raise it with --compile-mib, or \
                 compile a module you trust once with `host-min compile` and load it with --allow-precompiled)"
            )
        })
    }
}

/// The process's resident memory now (VmRSS), in bytes; Linux only.
pub fn resident_bytes() -> Option<u64> {
    status_field("VmRSS:")
}

/// The process's peak resident memory so far (VmHWM), in bytes; Linux only.
pub fn peak_resident_bytes() -> Option<u64> {
    status_field("VmHWM:")
}

fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(name))?;
    let kib: u64 = line[name.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

impl Drop for Armed {
    fn drop(&mut self) {
        *self.disarmed.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = true;
    }
}
