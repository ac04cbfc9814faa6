//! What compiling an untrusted module costs, by its size and shape, and what
//! the compile budget leaves of it: each compile bomb of tests/common/bombs.rs
//! at a few sizes, run by host-min once with the budget lifted (the cost) and
//! once with the defaults (the outcome). Time and peak memory are measured
//! from outside, by `wait4`, for the whole process.
//!
//! ```text
//! cargo build --release -p host-min
//! cargo run --release -p host-min --example compile_cost -- target/release/host-min
//! ```
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
    let host_min = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/host-min".into());
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
            let unbounded = ["run", "--compile-mib", "100000", "--compile-ms", "600000"];
            let cost = measure(Command::new(&host_min).args(unbounded).arg(&path));
            let bounded = measure(Command::new(&host_min).arg("run").arg(&path));
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
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
