//! `host-min call … --calls N [--threads T] [--reuse]`: many calls through
//! the library's pool (pool.rs), shown as one line per distinct answer on
//! stdout, a progress line on a terminal, and a one-line summary on stderr.

use super::call::Input;
use super::options::usage;
use host_min::limits::Limits;
use host_min::pool::{self, Job, Lifecycle, Pool};
use host_min::{printable, Host, HostError, HostState, Wasm, WasmKind};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// The most calls one `--calls` run makes: each call's latency is kept, 8
/// bytes apiece, for the percentiles.
pub const MAX_CALLS: u64 = 100_000_000;

/// `--calls`, `--threads`, `--reuse`: how many calls, over how many threads,
/// on fresh instances or one kept per thread; and how the plugin may be
/// loaded (`--allow-precompiled`, `--no-cache`).
pub struct Many {
    pub calls: u64,
    pub threads: usize,
    pub lifecycle: Lifecycle,
    pub allow_precompiled: bool,
    pub no_cache: bool,
}

impl Default for Many {
    fn default() -> Self {
        Many {
            calls: 1,
            threads: 1,
            lifecycle: Lifecycle::Fresh,
            allow_precompiled: false,
            no_cache: false,
        }
    }
}

/// Many calls through the pool (pool.rs): one line per distinct answer on
/// stdout (the answer, a tab, its count), a progress line on a terminal and
/// a summary on stderr, and a failing status if any call failed.
pub fn call_many(
    plugin_path: &str,
    export: &str,
    input: &Input,
    many: &Many,
    limits: Limits,
    kv: std::collections::BTreeMap<Vec<u8>, Vec<u8>>,
) -> Result<u8, HostError> {
    // A core module is served from the pooling allocator; a component by
    // an ordinary host (pool.rs says why). The header tells which.
    let path = Path::new(plugin_path);
    let component = matches!(Wasm::kind_of_file(path), Some(WasmKind::Component));
    let mut host = match component {
        false => Pool::pooling_host(limits, many.threads)?,
        true => Host::with_limits(limits)?,
    };
    if many.allow_precompiled {
        host.allow_precompiled();
    }
    // The compile cache holds code for the ordinary host's configuration,
    // which the pooling host does not share.
    if component && !many.no_cache {
        host.use_compile_cache();
    }
    let pool = match host.load_any(path)? {
        Wasm::Module(module) => Pool::new(host, &module)?,
        Wasm::Component(component) => Pool::new_component(host, &component)?,
    };
    let input = input.read()?;
    if component && std::str::from_utf8(&input).is_err() {
        return Err(usage(
            "the input is not valid UTF-8, and a component's `string` parameter must be",
        ));
    }
    let job = Job {
        export,
        input: &input,
        calls: many.calls,
        threads: many.threads,
        lifecycle: many.lifecycle,
    };
    let state = || HostState {
        kv: kv.clone(),
        ..HostState::default()
    };
    let (done, finished) = (AtomicU64::new(0), AtomicBool::new(false));
    let mut tally = std::thread::scope(|scope| {
        if std::io::stderr().is_terminal() {
            scope.spawn(|| show_progress(&done, many.calls, &finished));
        }
        // Stops the progress line however serving ends, even by a panic.
        let _stop = SetOnDrop(&finished);
        pool.serve(&job, &state, &done)
    });
    for (answer, count, _) in &tally.answers {
        // Escaped here: a tab or a line break in an answer would forge a count.
        outln!("{}\t{count}", printable(answer));
    }
    if tally.other_answers > 0 {
        let (calls, kept) = (tally.other_answers, pool::MAX_ANSWERS);
        eprintln!("{calls} calls gave answers beyond the first {kept} distinct ones: counted, not shown");
    }
    eprintln!("{}", printable(&tally.summary()));
    match tally.failures.first() {
        None => Ok(0),
        Some((status, _, message, _)) => {
            let failed = tally.failed();
            let message = format!("{failed} of {} calls failed; the first: {message}", tally.calls());
            Err(HostError::new(*status, message))
        }
    }
}

struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Relaxed);
    }
}

/// Rewrites one stderr line with the calls done so far, until `finished`.
fn show_progress(done: &AtomicU64, calls: u64, finished: &AtomicBool) {
    while !finished.load(Relaxed) {
        eprint!("\r{} of {calls} calls", done.load(Relaxed));
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    eprint!("\r\x1b[2K"); // clear the progress line
}
