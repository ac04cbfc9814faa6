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
        "build profile: dev",
        "kernel",
        "geometric mean of wasm/native",
        "cost of safety, plain",
        "cost of safety, simd128",
        "engine (guest-raw.wasm, plain)",
        "wasmtime Winch",
        "wasmtime Pulley",
        "V8 in Node, Liftoff only",
        "boundary",
        "pooled instantiation, one setting at a time",
        "allocator",
        "sizes",
        "serving: upper",
        "fresh, 2 threads over 1",
    ] {
        assert!(ran.stdout.contains(heading), "no {heading:?} in:\n{}", ran.stdout);
    }

    // The dev profile's run judges the kernels but not the host-side costs,
    // whose targets are for the release build.
    assert!(
        ran.stdout
            .contains("target <= 15 ns is for the release build: not judged"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("target <= 2 us: "), "{}", ran.stdout);

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
        for (const key of ['call_host_to_guest_ns', 'call_host_to_guest_untyped_ns', 'call_guest_to_host_ns',
                           'compile_ms', 'deserialize_ms']) {
          if (!number(report[key])) bad.push(key);
        }
        if (report.build_profile !== 'dev') bad.push('build_profile');
        if (!Array.isArray(report.engines) || report.engines.length < 6) bad.push('engines');
        for (const e of report.engines ?? []) {
          const ok = typeof e.engine === 'string' && (e.compile_ms === null || number(e.compile_ms))
            && Array.isArray(e.kernels) && e.kernels.length === 3
            && e.kernels.every((k) => typeof k.name === 'string' && number(k.ratio));
          if (!ok) bad.push('engine ' + e.engine);
        }
        if (!Array.isArray(report.serving) || report.serving.length !== 4) bad.push('serving');
        for (const s of report.serving ?? []) {
          const ok = ['fresh', 'reused'].includes(s.mode) && [1, 2].includes(s.threads)
            && [s.calls_per_s, s.p50_us, s.p99_us].every(number);
          if (!ok) bad.push('serving ' + JSON.stringify(s));
        }
        for (const key of ['fresh', 'instance_pre', 'pooling']) {
          if (!number(report.instantiate_us?.[key])) bad.push('instantiate_us.' + key);
        }
        if (bad.length) { console.error('bad or missing: ' + bad.join(', ')); process.exit(1); }
    "#;
    let parsed = run(Command::new("node").arg("-e").arg(check).arg(&json_path));
    assert_eq!(parsed.status, 0, "{}", parsed.stderr);
}
