//! What compiling an untrusted module costs, by its size and shape, and what
//! the compile budget leaves of it: each compile bomb of tests/common/bombs.rs
//! at a few sizes, run by host-min once with the budget lifted (the cost) and
//! once with the defaults (the outcome). Time and peak memory are measured
//! from outside, by `wait4`, for the whole process.
//!
//! ```text
//! cargo build --release -p host-min
//! cargo run --release -p host-min --example compile_cost -- target/release/host-min [--json FILE]
//! ```
//! With `--json FILE` the rows are also written as JSON, for a record
//! (`make record-bench`; docs/sandbox-limits.md renders its table from it).
//! (`make bench` runs it after the benchmark.)

#[path = "../tests/common/bombs.rs"]
mod bombs;

use bombs::{bomb, measure, Shape};
use std::process::Command;

/// Sizes per shape: one that compiles well within the budget, then bombs.
fn sizes(shape: Shape) -> &'static [u32] {
    match shape {
        Shape::ManyFunctions => &[10_000, 100_000, 300_000],
        Shape::OneHugeFunction => &[100_000, 1_000_000],
        Shape::DeepNesting => &[100_000, 1_000_000],
        Shape::ManyLocals => &[10, 100, 1_000],
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let host_min = args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/release/host-min".into());
    let json_path = args.iter().position(|a| a == "--json").and_then(|at| args.get(at + 1));
    let mut rows = Vec::new();
    let dir = std::env::temp_dir().join(format!("compile-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    println!(
        "| shape | count | module bytes | compile, no budget | peak memory, no budget | with the default budget |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    for shape in Shape::ALL {
        for &count in sizes(shape) {
            let path = dir.join("bomb.wasm");
            let wasm = bomb(shape, count);
            std::fs::write(&path, &wasm).expect("write the module");
            // --no-cache on both: the first run's code must not be loaded
            // by the second from the user's compile cache (cache.rs).
            let unbounded = ["run", "--no-cache", "--compile-mib", "100000", "--compile-ms", "600000"];
            let cost = measure(Command::new(&host_min).args(unbounded).arg(&path));
            let bounded = measure(Command::new(&host_min).args(["run", "--no-cache"]).arg(&path));
            let outcome = match bounded.status {
                0 => format!("ran (exit 0, {:.2} s, {:.0} MiB)", bounded.seconds, bounded.peak_mib),
                status => {
                    let why = bounded.stderr.lines().next().unwrap_or("").to_string();
                    format!(
                        "exit {status} at {:.2} s, {:.0} MiB: `{why}`",
                        bounded.seconds, bounded.peak_mib
                    )
                }
            };
            let cost_text = match cost.status {
                0 => format!("{:.2} s", cost.seconds),
                status => format!("{:.2} s (exit {status}: {})", cost.seconds, cost.stderr.trim()),
            };
            println!(
                "| {} | {count} | {} | {cost_text} | {:.0} MiB | {outcome} |",
                shape.name(),
                wasm.len(),
                cost.peak_mib,
            );
            rows.push(serde_json::json!({
                "shape": shape.name(),
                "count": count,
                "module_bytes": wasm.len(),
                "unbounded": {"status": cost.status, "seconds": cost.seconds, "peak_mib": cost.peak_mib},
                "budget": {
                    "status": bounded.status,
                    "seconds": bounded.seconds,
                    "peak_mib": bounded.peak_mib,
                    "error": bounded.stderr.lines().next().unwrap_or(""),
                },
            }));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(path) = json_path {
        let text = serde_json::to_string_pretty(&serde_json::json!({ "rows": rows })).unwrap_or_default();
        std::fs::write(path, text + "\n").expect("write the JSON");
    }
}
