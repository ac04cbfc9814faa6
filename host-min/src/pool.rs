//! Serving many calls: one `Engine` and one `InstancePre` shared by worker
//! threads, each call on a fresh instance from the pooling allocator, or,
//! opted in, on an instance its thread keeps.
//!
//! ```text
//! cargo run -p host-min -- call out/guest-raw.wasm upper --input hi --calls 100000 --threads 2
//! ```
//!
//! Why fresh by default: an instance is its memory and globals. A reused one
//! hands whatever the last call left there (a key, a buffer, a counter) to
//! the next caller, which may be someone else. Hosts that run untrusted code
//! per request (Spin, `wasmtime serve`) instantiate per request for that
//! reason; the pooling allocator makes it cheap (a slot is reused, its pages
//! are reset, nothing is mapped anew). docs/08-serving.md measures both.
//!
//! The limits (memory cap, timeout, fuel) are armed for every call, and a
//! failed call fails alone: a fresh instance dies with it, and a reused one
//! is kept only after an answer or a clean error answer (ABI.md's kind 2),
//! since a trap may have stopped the guest halfway through changing its own
//! state.

use crate::budget::peak_resident_bytes;
use crate::component::{ComponentPlugin, PluginPre};
use crate::limits::Limits;
use crate::plugin::{Answer, Plugin};
use crate::{Host, HostError, HostState, Status};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};
use wasmtime::{Config, Enabled, InstanceAllocationStrategy, InstancePre, Module, PoolingAllocationConfig};

/// The pooling allocator as host-min serves with it (docs/06-boundary.md
/// measures each setting): slots for `slots` instances at once, each memory up
/// to the memory cap, dropped instances reset 64 at a time with one madvise,
/// and the first 4 KiB of each table reset by writing zeros.
pub fn tuned_pooling(slots: u32, max_memory: usize) -> PoolingAllocationConfig {
    let mut pool = PoolingAllocationConfig::default();
    pool.total_memories(slots)
        .total_tables(slots)
        .total_core_instances(slots)
        .max_memory_size(max_memory)
        .decommit_batch_size(64)
        .table_keep_resident(4096);
    pool
}

/// Linear memory a dropped instance's slot keeps resident when serving:
/// guest-raw's initial 1,088 KiB and its first growth.
pub const KEEP_RESIDENT: usize = 2 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// A new instance for every call: no call sees another's state.
    Fresh,
    /// Each thread keeps one instance and calls it again.
    Reused,
}

/// Distinct answers a tally keeps; calls past them are only counted, so a
/// plugin that answers differently every time cannot fill the host's memory.
pub const MAX_ANSWERS: usize = 1000;

/// What a run of many calls gave: each distinct answer with its count in the
/// order first seen, failures by kind, and every call's latency.
#[derive(Debug, Default)]
pub struct Tally {
    /// (answer, count, index of the first call that gave it)
    pub answers: Vec<(String, u64, u64)>,
    /// Calls whose answer was not among the first `MAX_ANSWERS` distinct ones.
    pub other_answers: u64,
    /// (status, count, the first such failure's message, its call's index),
    /// the earliest first.
    pub failures: Vec<(Status, u64, String, u64)>,
    pub latencies_ns: Vec<u64>,
    pub elapsed: Duration,
    /// Where each answer is in `answers`.
    seen: HashMap<String, usize>,
}

impl Tally {
    pub fn calls(&self) -> u64 {
        self.latencies_ns.len() as u64
    }

    pub fn failed(&self) -> u64 {
        self.failures.iter().map(|f| f.1).sum()
    }

    /// The latency at or below which `fraction` of the calls finished
    /// (nearest rank: p50 is 0.5, p99 is 0.99).
    pub fn percentile_us(&mut self, fraction: f64) -> f64 {
        self.latencies_ns.sort_unstable();
        let count = self.latencies_ns.len();
        if count == 0 {
            return 0.0;
        }
        let rank = (fraction.clamp(0.0, 1.0) * count as f64).ceil() as usize;
        self.latencies_ns[rank.clamp(1, count) - 1] as f64 / 1000.0
    }

    pub fn calls_per_second(&self) -> f64 {
        self.calls() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// One line: calls, seconds, calls/s, p50 and p99 latency, peak resident
    /// memory, and failures by kind.
    pub fn summary(&mut self) -> String {
        let (p50, p99) = (self.percentile_us(0.50), self.percentile_us(0.99));
        let mut line = format!(
            "{} calls in {:.2} s: {:.0} calls/s, p50 {p50:.1} µs, p99 {p99:.1} µs",
            self.calls(),
            self.elapsed.as_secs_f64(),
            self.calls_per_second()
        );
        if let Some(peak) = peak_resident_bytes() {
            line += &format!(", peak memory {} MiB", peak >> 20);
        }
        if self.failed() > 0 {
            let kinds: Vec<String> = self
                .failures
                .iter()
                .map(|f| format!("{}: {}", f.0.short(), f.1))
                .collect();
            line += &format!(", {} failed ({})", self.failed(), kinds.join(", "));
        }
        line
    }

    fn add(&mut self, index: u64, outcome: Result<Answer, HostError>, latency_ns: u64) {
        self.latencies_ns.push(latency_ns);
        match outcome {
            Ok(Answer::Text(text)) => self.count_answer(text, 1, index),
            Ok(Answer::Number(number)) => self.count_answer(number.to_string(), 1, index),
            Err(error) => self.count_failure(error.status, 1, error.message, index),
        }
    }

    fn count_answer(&mut self, text: String, count: u64, first: u64) {
        if let Some(&at) = self.seen.get(&text) {
            let seen = &mut self.answers[at];
            seen.1 += count;
            seen.2 = seen.2.min(first);
        } else if self.answers.len() < MAX_ANSWERS {
            self.seen.insert(text.clone(), self.answers.len());
            self.answers.push((text, count, first));
        } else {
            self.other_answers += count;
        }
    }

    fn count_failure(&mut self, status: Status, count: u64, message: String, first: u64) {
        match self.failures.iter_mut().find(|f| f.0 == status) {
            Some(seen) if first < seen.3 => *seen = (status, seen.1 + count, message, first),
            Some(seen) => seen.1 += count,
            None => self.failures.push((status, count, message, first)),
        }
    }

    /// Folds another thread's tally into this one, keeping "first seen" by
    /// call index across threads.
    fn merge(&mut self, other: Tally) {
        self.latencies_ns.extend(other.latencies_ns);
        self.other_answers += other.other_answers;
        for (text, count, first) in other.answers {
            self.count_answer(text, count, first);
        }
        for (status, count, message, first) in other.failures {
            self.count_failure(status, count, message, first);
        }
        self.answers.sort_by_key(|a| a.2);
        self.failures.sort_by_key(|f| f.3);
        self.seen = self
            .answers
            .iter()
            .enumerate()
            .map(|(at, a)| (a.0.clone(), at))
            .collect();
    }
}

/// A plugin ready to serve: the host (engine, linker, limits) and the
/// module or component with its imports resolved once.
pub struct Pool {
    host: Host,
    pre: Prepared,
}

enum Prepared {
    Module(InstancePre<HostState>),
    Component(PluginPre<HostState>),
}

/// One instance, of either kind, that answers calls.
enum Served {
    Module(Plugin),
    Component(ComponentPlugin),
}

impl Served {
    fn call(&mut self, export: &str, input: &[u8]) -> Result<Answer, HostError> {
        match self {
            Served::Module(plugin) => plugin.call(export, input),
            Served::Component(plugin) => match std::str::from_utf8(input) {
                Ok(text) => plugin.call(export, text),
                // A WIT string is UTF-8 by type (the CLI checks it first).
                Err(_) => Err(HostError::new(Status::Usage, "the input is not valid UTF-8")),
            },
        }
    }
}

/// Many calls of one export with one input.
pub struct Job<'a> {
    pub export: &'a str,
    pub input: &'a [u8],
    pub calls: u64,
    pub threads: usize,
    pub lifecycle: Lifecycle,
}

/// Makes each instance's host state: its kv store, where its log goes.
pub type MakeState<'a> = &'a (dyn Fn() -> HostState + Sync);

impl Pool {
    /// A pooling host for up to `threads` concurrent calls, with `limits`
    /// armed on every call. Load the plugin with it, then make the pool.
    pub fn pooling_host(limits: Limits, threads: usize) -> Result<Host, HostError> {
        // Live instances, plus the dropped ones waiting for a batched reset.
        let slots = (threads as u32).saturating_mul(2).saturating_add(128);
        let mut config = Config::new();
        let mut pool = tuned_pooling(slots, limits.max_memory);
        // Serving calls, unlike bare instantiation, writes to memory: the
        // stack, the data, the heap. Reset by madvise, each of those pages
        // faults in again on the next call (about 0.7 µs each, and the two
        // threads contend in the kernel). Kept resident, a dropped instance's
        // first 2 MiB are reset by writing only the pages the kernel says
        // were written (pagemap_scan, Linux 6.7+). docs/08-serving.md measures
        // both; a slot then holds up to 2 MiB resident while it waits.
        pool.linear_memory_keep_resident(KEEP_RESIDENT)
            .pagemap_scan(Enabled::Auto);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        limits.configure(&mut config);
        Host::with_config(config, limits)
    }

    /// Serves `module`, which `host` loaded: its ABI version is checked and
    /// its imports resolved once, here.
    pub fn new(host: Host, module: &Module) -> Result<Pool, HostError> {
        Plugin::check_abi(module)?;
        let pre = host.linker().instantiate_pre(module).map_err(|e| {
            let failure = crate::one_line(&e);
            HostError::new(Status::BadModule, format!("instantiation failed: {failure}"))
        })?;
        Ok(Pool {
            host,
            pre: Prepared::Module(pre),
        })
    }

    /// Serves a component of the world `plugin`, which `host` loaded.
    /// Components are served by an ordinary (not pooling) host: a
    /// component holds several core instances and tables whose sizes the
    /// pool would have to be told in advance.
    pub fn new_component(host: Host, component: &wasmtime::component::Component) -> Result<Pool, HostError> {
        let pre = ComponentPlugin::prepare(&host, component)?;
        Ok(Pool {
            host,
            pre: Prepared::Component(pre),
        })
    }

    pub fn host(&self) -> &Host {
        &self.host
    }

    /// Runs the job over its threads. `done` counts finished calls as they
    /// finish, for a progress line.
    pub fn serve(&self, job: &Job, state: MakeState, done: &AtomicU64) -> Tally {
        let next = AtomicU64::new(0);
        let started = Instant::now();
        let mut tally = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..job.threads.max(1))
                .map(|_| scope.spawn(|| self.work(job, state, &next, done)))
                .collect();
            let mut tally = Tally::default();
            for worker in workers {
                // A worker only panics on a bug in host-min; its calls are lost.
                if let Ok(part) = worker.join() {
                    tally.merge(part);
                }
            }
            tally
        });
        tally.elapsed = started.elapsed();
        tally
    }

    /// One worker: takes call numbers until there are none left.
    fn work(&self, job: &Job, state: MakeState, next: &AtomicU64, done: &AtomicU64) -> Tally {
        let mut tally = Tally::default();
        let mut kept: Option<Served> = None;
        loop {
            let index = next.fetch_add(1, Relaxed);
            if index >= job.calls {
                return tally;
            }
            let started = Instant::now();
            let plugin = match (kept.take(), &self.pre) {
                (Some(plugin), _) => Ok(plugin),
                (None, Prepared::Module(pre)) => Plugin::from_pre(&self.host, pre, state()).map(Served::Module),
                (None, Prepared::Component(pre)) => {
                    ComponentPlugin::from_pre(&self.host, pre, state()).map(Served::Component)
                }
            };
            let outcome = plugin.and_then(|mut plugin| {
                let answer = plugin.call(job.export, job.input);
                // Keep the instance only when reusing, and only if the call
                // ended cleanly: a trap may have cut the guest off mid-update.
                let clean = answer.is_ok() || matches!(&answer, Err(e) if e.status == Status::GuestError);
                if job.lifecycle == Lifecycle::Reused && clean {
                    kept = Some(plugin);
                }
                answer
            });
            tally.add(index, outcome, started.elapsed().as_nanos() as u64);
            done.fetch_add(1, Relaxed);
        }
    }
}
