//! The allocators side by side (guest-raw built with bump, dlmalloc and
//! wee_alloc), and the size of every module in out/.

use super::measure::{check_equal, measure, Options, Plan, Sample};
use host_min::plugin::Plugin;
use host_min::{Host, HostError, HostState};
use std::hint::black_box;

/// Allocations per `churn` call: mixed sizes from 16 B to 16 KiB.
pub const ROUNDS: u32 = 1000;
/// How many `churn` calls before linear memory is read.
pub const CYCLES: u32 = 2000;

#[derive(Debug, Clone)]
pub struct AllocatorRow {
    pub name: &'static str,
    pub wasm_bytes: u64,
    /// One allocation and (later) its free, inside the guest.
    pub alloc_free_ns: Sample,
    /// Linear memory after CYCLES calls of churn(ROUNDS).
    pub memory_after_bytes: usize,
}

pub fn compare(options: &Options, plan: Plan) -> Result<Vec<AllocatorRow>, HostError> {
    let host = Host::new()?;
    let expected = guest_raw::kernels::churn(ROUNDS);
    let mut rows = vec![AllocatorRow {
        name: "native (system malloc)",
        wasm_bytes: 0,
        alloc_free_ns: per_allocation(measure(plan, || {
            black_box(guest_raw::kernels::churn(black_box(ROUNDS)));
        })),
        memory_after_bytes: 0,
    }];
    for (name, file) in [
        ("bump (default)", "guest-raw.wasm"),
        ("dlmalloc", "guest-raw-dlmalloc.wasm"),
        ("wee_alloc", "guest-raw-wee_alloc.wasm"),
    ] {
        let path = options.out_dir.join(file);
        let wasm_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let module = host.load(&path)?;
        let mut plugin = Plugin::new(&host, &module, HostState::default())?;
        let instance = plugin.instance();
        let churn = instance
            .get_typed_func::<u32, u64>(plugin.store_mut(), "churn")
            .map_err(|e| super::measure::bench_error(format!("{file}: {e}")))?;
        let mut run = || {
            churn
                .call(plugin.store_mut(), ROUNDS)
                .map_err(|e| super::measure::bench_error(format!("{file}: churn: {e}")))
        };
        check_equal(name, expected, run()?)?;
        let alloc_free_ns = per_allocation(measure(plan, || {
            black_box(run().ok());
        }));
        for _ in 0..CYCLES {
            run()?;
        }
        rows.push(AllocatorRow {
            name,
            wasm_bytes,
            alloc_free_ns,
            memory_after_bytes: plugin.memory_size(),
        });
    }
    Ok(rows)
}

fn per_allocation(sample: Sample) -> Sample {
    let each = ROUNDS as f64;
    Sample {
        median_ns: sample.median_ns / each,
        min_ns: sample.min_ns / each,
        max_ns: sample.max_ns / each,
    }
}

/// Every module in out/ (and out/wat/) with its size in bytes.
pub fn sizes(options: &Options) -> Result<Vec<(String, u64)>, HostError> {
    let mut sizes = Vec::new();
    // out/component/ holds each component beside its core module (.core.wasm).
    for dir in [
        options.out_dir.clone(),
        options.out_dir.join("wat"),
        options.out_dir.join("component"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "wasm") {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                sizes.push((path.display().to_string(), size));
            }
        }
    }
    sizes.sort();
    Ok(sizes)
}
