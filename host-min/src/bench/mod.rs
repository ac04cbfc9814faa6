//! `host-min bench`: the same Rust kernels natively and under wasmtime, what
//! each safety feature costs, the price of crossing the boundary, and the
//! allocators side by side. Medians and min-max of repeated runs, all in one
//! run, every wasm result checked equal to the native one.
//!
//! ```text
//! cargo run --release -p host-min -- bench [--quick] [--json FILE] [--out DIR]
//! ```
//! `make bench` runs the full version; `make test` smoke-runs `--quick`.

mod allocators;
mod boundary;
mod kernels;
mod report;

use crate::{HostError, Status};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

pub use report::Report;

#[derive(Debug, Clone)]
pub struct Options {
    /// Fewer repeats and shorter batches: under 30 s, for the smoke test.
    pub quick: bool,
    /// Where the built modules are (`make build` puts them in out/).
    pub out_dir: PathBuf,
}

/// How long to measure: repeats per measurement and the least time per repeat.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub repeats: usize,
    pub min_repeat_ns: u64,
}

impl Plan {
    fn for_options(options: &Options) -> Plan {
        match options.quick {
            true => Plan {
                repeats: 5,
                min_repeat_ns: 2_000_000,
            },
            false => Plan {
                repeats: 21,
                min_repeat_ns: 30_000_000,
            },
        }
    }
}

/// One measurement: nanoseconds per iteration over the repeats.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub median_ns: f64,
    pub min_ns: f64,
    pub max_ns: f64,
}

/// Times `step`: one warm-up call, then enough calls per repeat to fill
/// `plan.min_repeat_ns`, `plan.repeats` times. Each repeat gives one
/// nanoseconds-per-call figure; the sample is their median and range.
pub fn measure(plan: Plan, mut step: impl FnMut()) -> Sample {
    let started = Instant::now();
    step(); // warm-up: caches, lazy initialisation, page faults
    let one = started.elapsed().as_nanos().max(1) as u64;
    let batch = (plan.min_repeat_ns / one).clamp(1, 10_000_000);
    let mut per_call: Vec<f64> = (0..plan.repeats)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                step();
            }
            started.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    Sample {
        median_ns: per_call[per_call.len() / 2],
        min_ns: per_call[0],
        max_ns: per_call[per_call.len() - 1],
    }
}

fn bench_error(message: impl Into<String>) -> HostError {
    HostError::new(Status::AbiViolation, message)
}

/// Fails the benchmark when a wasm result differs from the native one.
fn check_equal<T: PartialEq + std::fmt::Debug>(what: &str, native: T, wasm: T) -> Result<(), HostError> {
    if native != wasm {
        return Err(bench_error(format!(
            "{what}: native gave {native:?}, wasm gave {wasm:?}"
        )));
    }
    Ok(())
}

pub fn run(options: &Options) -> Result<Report, HostError> {
    let needed = [
        "guest-raw.wasm",
        "guest-raw-simd.wasm",
        "guest-raw-dlmalloc.wasm",
        "guest-raw-wee_alloc.wasm",
    ];
    if let Some(missing) = needed.iter().map(|f| options.out_dir.join(f)).find(|p| !p.is_file()) {
        let message = format!("{} is missing: run `make build` first", missing.display());
        return Err(HostError::new(Status::NoInput, message));
    }
    let plan = Plan::for_options(options);
    let mut report = Report::describe_machine(options);
    eprintln!("bench: kernels, native and wasm ...");
    report.kernels = kernels::ratios(options, plan)?;
    eprintln!("bench: cost of each safety feature ...");
    report.safety = kernels::safety_costs(options, plan, &report.kernels)?;
    eprintln!("bench: the boundary ...");
    report.boundary = Some(boundary::costs(options, plan)?);
    eprintln!("bench: allocators and sizes ...");
    report.allocators = allocators::compare(options, plan)?;
    report.sizes = allocators::sizes(options)?;
    black_box(&report);
    Ok(report)
}
