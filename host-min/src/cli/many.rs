//! `host-min call … --calls N [--threads T] [--reuse]`: many calls through
//! the library's pool (pool.rs), shown as one line per distinct answer on
//! stdout, a progress line on a terminal, and a one-line summary on stderr.
//! Part of the binary, beside main.rs, not of the library.

use crate::{usage, Input};
use host_min::limits::Limits;
use host_min::pool::{self, Job, Lifecycle, Pool};
use host_min::{printable, HostError, HostState, Wasm};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// The most calls one `--calls` run makes: each call's latency is kept, 8
/// bytes apiece, for the percentiles.
pub const MAX_CALLS: u64 = 100_000_000;

/// `--calls`, `--threads`, `--reuse`: how many calls, over how many threads,
/// on fresh instances or one kept per thread.
pub struct Many {
    pub calls: u64,
    pub threads: usize,
    pub lifecycle: Lifecycle,
}

impl Default for Many {
    fn default() -> Self {
        Many {
            calls: 1,
            threads: 1,
            lifecycle: Lifecycle::Fresh,
        }
    }
}

pub fn whole(flag: &str, text: &str, max: u64) -> Result<u64, HostError> {
    match text.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(usage(&format!(
            "{flag} wants a whole number from 1 to {max}, got `{text}`"
        ))),
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
    let host = Pool::pooling_host(limits, many.threads)?;
    let Wasm::Module(module) = host.load_any(Path::new(plugin_path))? else {
        return Err(usage(
            "--calls serves a core-module plugin; call a component once at a time",
        ));
    };
    let pool = Pool::new(host, &module)?;
    let input = input.read()?;
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
        println!("{}\t{count}", printable(answer));
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
