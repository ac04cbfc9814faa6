//! A smoke run of `host-min bench --quick`: the output has its tables and the
//! JSON its keys, and every wasm result matched the native one (the bench
//! exits non-zero otherwise). Timings are not checked here: that is what
//! `make bench` and its tables are for.
//!
//! Run: `make build && cargo test -p host-min --test bench_smoke`

mod common;

use common::{host_min, out_dir, run};
use std::process::Command;

#[test]
fn a_quick_bench_prints_its_tables_and_writes_json_with_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("bench.json");
    let ran = run(host_min()
        .arg("bench")
        .arg("--quick")
        .arg("--out")
        .arg(out_dir())
        .arg("--json")
        .arg(&json_path));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    for heading in [
        "kernel",
        "geometric mean of wasm/native",
        "cost of safety",
        "boundary",
        "allocator",
        "sizes",
    ] {
        assert!(ran.stdout.contains(heading), "no {heading:?} in:\n{}", ran.stdout);
    }

    // Parse the JSON with a real parser (Node's) and check its shape.
    let check = r#"
        const report = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
        const number = (x) => typeof x === 'number' && Number.isFinite(x) && x > 0;
        const bad = [];
        if (!number(report.geomean_ratio)) bad.push('geomean_ratio');
        if (!Array.isArray(report.kernels) || report.kernels.length !== 3) bad.push('kernels');
        for (const k of report.kernels ?? []) {
          if (typeof k.name !== 'string' || ![k.native_ns, k.wasm_ns, k.ratio].every(number)) bad.push('kernel ' + k.name);
        }
        for (const key of ['call_host_to_guest_ns', 'call_guest_to_host_ns', 'compile_ms', 'deserialize_ms']) {
          if (!number(report[key])) bad.push(key);
        }
        for (const key of ['fresh', 'instance_pre', 'pooling']) {
          if (!number(report.instantiate_us?.[key])) bad.push('instantiate_us.' + key);
        }
        if (bad.length) { console.error('bad or missing: ' + bad.join(', ')); process.exit(1); }
    "#;
    let parsed = run(Command::new("node").arg("-e").arg(check).arg(&json_path));
    assert_eq!(parsed.status, 0, "{}", parsed.stderr);
}
