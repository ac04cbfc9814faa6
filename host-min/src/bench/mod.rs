//! `host-min bench`: the same Rust kernels natively and under wasmtime, what
//! each safety feature costs, the engines side by side, the price of crossing
//! the boundary, and the allocators. Medians and min-max of repeated runs,
//! all in one run, every wasm result checked equal to the native one. Native
//! and wasm are timed in turns, and each ratio is taken pair by pair, so the
//! machine's drift moves both sides of a pair alike.
//!
//! ```text
//! cargo run --release -p host-min -- bench [--quick] [--json FILE] [--out DIR]
//! ```
//! `make bench` runs the full version; `make test` smoke-runs `--quick`,
//! which leaves out exercise 11's languages (compiling the Python and
//! JavaScript plugins takes seconds each).
//!
//! The bench is part of the `host-min` binary, not of the library: it is
//! built only with the `bench` feature (on by default), which also brings
//! guest-raw (the native kernels), serde_json and wasmtime's other engines
//! (Winch, Pulley). An embedder who turns default features off gets none
//! of them.

mod allocators;
mod boundary;
mod components;
mod engines;
mod format;
mod kernels;
mod languages;
mod measure;
mod report;
mod serving;
mod wasi;

use host_min::{HostError, Status};
use measure::{check_build, Plan, BUILD_OPT_LEVEL, BUILD_PROFILE};
use std::hint::black_box;

pub use measure::Options;

pub use report::Report;

/// `bench --only SECTION`: one section alone, as text and JSON (the
/// records docs/10's and docs/11's figures come from): `wasi` (exercise
/// 10) or `languages` (exercise 11).
pub fn run_only(section: &str, options: &Options) -> Result<(String, String), HostError> {
    check_build(BUILD_PROFILE, BUILD_OPT_LEVEL, cfg!(debug_assertions))?;
    let plan = Plan::for_options(options);
    let (text, mut json) = match section {
        "wasi" => {
            let costs = wasi::costs(options, plan)?;
            (wasi::render(&costs), wasi::to_json(&costs))
        }
        _ => {
            let costs = languages::costs(options, plan)?;
            (languages::render(&costs), languages::to_json(&costs))
        }
    };
    json["build_profile"] = BUILD_PROFILE.into();
    json["wasmtime"] = report::WASMTIME.into();
    json["quick"] = options.quick.into();
    let text = format!("{}\n{text}", report::build_line());
    Ok((text, serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"))
}

pub fn run(options: &Options) -> Result<Report, HostError> {
    check_build(BUILD_PROFILE, BUILD_OPT_LEVEL, cfg!(debug_assertions))?;
    let needed = [
        "guest-raw.wasm",
        "guest-raw-simd.wasm",
        "guest-raw-dlmalloc.wasm",
        "guest-raw-wee_alloc.wasm",
        "component/guest-cabi.wasm",
        "component/guest-wit.wasm",
        "component/plugin.wasm",
        "hello-p1.wasm",
        "writes-p1.wasm",
        "p2/hello.wasm",
        "p2/writes.wasm",
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
    report.safety = kernels::safety_costs(options, plan.with_repeats(11))?;
    eprintln!("bench: engines ...");
    report.engines = engines::compare(options, plan.with_repeats(7), &report.kernels)?;
    eprintln!("bench: the boundary ...");
    report.boundary = Some(boundary::costs(options, plan)?);
    eprintln!("bench: components ...");
    report.components = Some(components::costs(options, plan)?);
    eprintln!("bench: allocators and sizes ...");
    report.allocators = allocators::compare(options, plan)?;
    report.sizes = allocators::sizes(options)?;
    eprintln!("bench: serving ...");
    report.serving = Some(serving::costs(options)?);
    eprintln!("bench: WASI 0.2 beside preview 1 ...");
    report.wasi = Some(wasi::costs(options, plan)?);
    if !options.quick {
        report.languages = Some(languages::costs(options, plan)?);
    }
    black_box(&report);
    Ok(report)
}
