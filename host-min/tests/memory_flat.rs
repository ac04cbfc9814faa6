//! Resident memory stays flat over 10,000 instantiate-call-drop cycles of a
//! good plugin, before and after a series of hostile guests. Alone in its
//! own test binary, so no other test's allocations move the numbers.
//!
//! Run: `make build && cargo test -p host-min --test memory_flat -- --nocapture`

mod common;

use common::{module, repo_root};
use host_min::limits::Limits;
use host_min::plugin::{Answer, Plugin};
use host_min::{Host, HostState};
use std::time::Duration;

/// This process's resident set size in bytes (Linux: /proc/self/statm).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

fn cycles(host: &Host, module: &wasmtime::Module, count: usize) {
    for i in 0..count {
        let mut plugin = Plugin::new(host, module, HostState::quiet()).unwrap();
        let input = format!("call {i}");
        let expected = Answer::Text(input.to_uppercase());
        assert_eq!(plugin.call("upper", input.as_bytes()).unwrap(), expected);
    }
}

#[test]
fn resident_memory_stays_flat_over_10_000_cycles_and_after_hostile_guests() {
    let limits = Limits {
        timeout: Some(Duration::from_millis(50)),
        ..Limits::default()
    };
    let host = Host::with_limits(limits).unwrap();
    let good = host.load(&module("guest-raw.wasm")).unwrap();
    const ALLOWED_GROWTH: u64 = 4 << 20;

    cycles(&host, &good, 1_000); // warm-up: caches, allocator pools
    let warm = resident_bytes();
    cycles(&host, &good, 10_000);
    let after_good = resident_bytes();

    for file in [
        "infinite-loop.wat",
        "memory-bomb.wat",
        "recursion.wat",
        "unreachable.wat",
    ] {
        let hostile = host.load(&repo_root().join("wat/hostile").join(file)).unwrap();
        for _ in 0..20 {
            assert!(host.run_command(&hostile, HostState::quiet()).is_err(), "{file}");
        }
    }
    cycles(&host, &good, 10_000);
    let after_hostile = resident_bytes();

    let mib = |bytes: u64| bytes as f64 / (1 << 20) as f64;
    println!(
        "resident: {:.1} MiB after warm-up, {:.1} MiB after 10,000 cycles, {:.1} MiB after 80 hostile runs and 10,000 more",
        mib(warm),
        mib(after_good),
        mib(after_hostile)
    );
    assert!(
        after_good <= warm + ALLOWED_GROWTH,
        "grew {:.1} MiB",
        mib(after_good - warm)
    );
    assert!(
        after_hostile <= warm + ALLOWED_GROWTH,
        "grew {:.1} MiB",
        mib(after_hostile - warm)
    );
}
