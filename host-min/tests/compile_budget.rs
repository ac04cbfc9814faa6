//! The compile budget (src/budget.rs): no module, whatever its size and
//! shape, takes host-min past 256 MiB or 2.5 s before it is refused in one
//! line or running under its sandbox limits. The bombs are generated here
//! (common/bombs.rs); peak memory is the kernel's (`ru_maxrss` from
//! `wait4`), and wall time is timed from outside the process.
//!
//! Run: `make build && cargo test -p host-min --test compile_budget`

#[path = "common/bombs.rs"]
mod bombs;
mod common;

use bombs::{bomb, measure, Measured, Shape};
use common::{assert_one_error_line, host_min, module};

const MAX_PEAK_MIB: f64 = 256.0;
/// One host-min run at a time, so that each has the machine to itself.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
const MAX_SECONDS: f64 = 2.5;
/// host-min's status for a module refused at the compile budget.
const COMPILE_LIMIT: i32 = 75;

/// Each shape at a size that costs far more than the default budget when
/// nothing stops it (examples/compile_cost.rs measures them).
fn bomb_count(shape: Shape) -> u32 {
    match shape {
        Shape::ManyFunctions => 300_000,
        Shape::OneHugeFunction => 1_000_000,
        Shape::DeepNesting => 1_000_000,
        Shape::ManyLocals => 1_000,
    }
}

fn run_module(wasm: &[u8], flags: &[&str]) -> Measured {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("module.wasm");
    std::fs::write(&path, wasm).unwrap();
    // --no-cache: what is measured here is compiling, every time.
    measure(host_min().args(["run", "--no-cache"]).args(flags).arg(&path))
}

#[test]
fn no_compile_bomb_takes_host_min_past_256_mib_or_2_5_s() {
    // One after the other (run_module takes a lock shared by every test
    // here), so that each run has the machine to itself.
    for shape in Shape::ALL {
        let ran = run_module(&bomb(shape, bomb_count(shape)), &[]);
        let what = format!(
            "{}: {:.2} s, {:.0} MiB, {}",
            shape.name(),
            ran.seconds,
            ran.peak_mib,
            ran.stderr
        );
        assert_eq!(ran.status, COMPILE_LIMIT, "{what}");
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.starts_with("error: compiling the module "), "{what}");
        assert!(ran.peak_mib < MAX_PEAK_MIB, "{what}");
        assert!(ran.seconds < MAX_SECONDS, "{what}");
    }
}

#[test]
fn a_module_within_the_budget_runs_and_the_flags_move_the_budget() {
    // 20,000 small functions: a large module, compiled within the defaults.
    let module = bomb(Shape::ManyFunctions, 20_000);
    let ran = run_module(&module, &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);

    let ran = run_module(&module, &["--compile-mib", "2"]);
    assert_eq!(ran.status, COMPILE_LIMIT, "{}", ran.stderr);
    assert_eq!(
        ran.stderr,
        "error: compiling the module takes host-min past 2 MiB of memory (raise it with --compile-mib, or \
         compile a module you trust once with `host-min compile` and load it with --allow-precompiled)\n"
    );

    let ran = run_module(&module, &["--compile-ms", "1"]);
    assert_eq!(ran.status, COMPILE_LIMIT, "{}", ran.stderr);
    assert_eq!(
        ran.stderr,
        "error: compiling the module takes longer than 1 ms (raise it with --compile-ms, or compile a module \
         you trust once with `host-min compile` and load it with --allow-precompiled)\n"
    );

    // A bomb the defaults refuse runs when the user raises the budget.
    let slow = bomb(Shape::ManyLocals, bomb_count(Shape::ManyLocals));
    let ran = run_module(&slow, &["--compile-ms", "60000"]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
}

#[test]
fn a_file_larger_than_the_budget_is_refused_before_it_is_read() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // 300 MiB, sparse: it takes no disk, and reading it would take the memory.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.wasm");
    std::fs::File::create(&path).unwrap().set_len(300 << 20).unwrap();
    let ran = measure(host_min().arg("run").arg(&path));
    assert_eq!(ran.status, COMPILE_LIMIT, "{}", ran.stderr);
    assert_one_error_line(&ran.stderr);
    assert!(
        ran.stderr
            .contains("is 300 MiB, more than the compile budget of 200 MiB"),
        "{}",
        ran.stderr
    );
    assert!(ran.peak_mib < 64.0, "{:.0} MiB", ran.peak_mib);
}

#[test]
fn a_component_is_held_to_the_same_budget() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let component = module("component/guest-cabi.wasm");
    let flags = ["--compile-mib", "1"];
    let called = measure(
        host_min()
            .args(["call", "--no-cache"])
            .args(flags)
            .arg(&component)
            .args(["upper", "--input", "x"]),
    );
    assert_eq!(called.status, COMPILE_LIMIT, "{}", called.stderr);
    assert_one_error_line(&called.stderr);
    // With the default budget it is called as usual.
    let called = measure(host_min().arg("call").arg(&component).args(["upper", "--input", "x"]));
    assert_eq!(called.status, 0, "{}", called.stderr);
}
