//! Serving many calls (src/pool.rs): `host-min call … --calls N --threads T
//! [--reuse]`. Fresh instances share nothing; reused ones carry state from
//! call to call; a failed call fails alone; the limits hold for every call.
//!
//! Run: `make build && cargo test -p host-min --test serving`

mod common;

use common::{assert_one_error_line, fixture, host_min, module, repo_root, run, Output};

fn stateful() -> String {
    repo_root().join("wat/stateful.wat").display().to_string()
}

fn call_many(plugin: &str, export: &str, flags: &[&str]) -> Output {
    run(host_min().args(["call", plugin, export, "--input", "hi"]).args(flags))
}

/// The summary is the last stderr line when every call worked.
fn assert_summary(stderr: &str, calls: u64) {
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(summary.starts_with(&format!("{calls} calls in ")), "{stderr}");
    for part in ["calls/s", "p50", "p99", "peak memory"] {
        assert!(summary.contains(part), "{part} missing: {summary}");
    }
}

#[test]
fn many_calls_over_two_threads_print_each_distinct_answer_with_its_count() {
    let plugin = module("guest-raw.wasm").display().to_string();
    let ran = call_many(&plugin, "upper", &["--calls", "2000", "--threads", "2"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "HI\t2000\n"), "{}", ran.stderr);
    assert_summary(&ran.stderr, 2000);
    assert_eq!(ran.stderr.lines().count(), 1, "{}", ran.stderr);
}

#[test]
fn fresh_instances_see_no_earlier_call_and_reused_ones_do() {
    for export in ["visits_global", "visits_memory"] {
        // Fresh: each call starts from the module's initial state.
        let fresh = call_many(&stateful(), export, &["--calls", "5"]);
        assert_eq!((fresh.status, fresh.stdout.as_str()), (0, "1\t5\n"), "{}", fresh.stderr);

        // Reused on one thread: the global and the memory byte keep counting.
        let reused = call_many(&stateful(), export, &["--calls", "5", "--reuse"]);
        assert_eq!(
            (reused.status, reused.stdout.as_str()),
            (0, "1\t1\n2\t1\n3\t1\n4\t1\n5\t1\n"),
            "{}",
            reused.stderr
        );
    }
    // Reused on two threads: each thread's instance counts its own calls, so
    // the counts climb past 1 and add up to the calls made.
    let reused = call_many(
        &stateful(),
        "visits_global",
        &["--calls", "40", "--threads", "2", "--reuse"],
    );
    assert_eq!(reused.status, 0, "{}", reused.stderr);
    let counts: Vec<(u64, u64)> = reused
        .stdout
        .lines()
        .map(|l| {
            l.split_once('\t')
                .map(|(a, c)| (a.parse().unwrap(), c.parse().unwrap()))
                .unwrap()
        })
        .collect();
    assert!(counts.len() > 1, "{}", reused.stdout);
    assert_eq!(counts.iter().map(|c| c.1).sum::<u64>(), 40, "{}", reused.stdout);
    assert!(
        counts.iter().all(|&(answer, count)| count <= 2 && answer <= 40),
        "{}",
        reused.stdout
    );

    // Fresh on two threads: still no call sees another's state.
    let fresh = call_many(&stateful(), "visits_global", &["--calls", "400", "--threads", "2"]);
    assert_eq!(
        (fresh.status, fresh.stdout.as_str()),
        (0, "1\t400\n"),
        "{}",
        fresh.stderr
    );
    assert_summary(&fresh.stderr, 400);
}

#[test]
fn a_trapping_call_fails_alone_and_the_next_call_gets_a_fresh_instance() {
    // Reused: visits 1 and 2 answer, visit 3 traps and its instance is
    // dropped, so the next call starts again from 1.
    let ran = call_many(&stateful(), "third_visit_traps", &["--calls", "6", "--reuse"]);
    assert_eq!(ran.status, 70, "{}", ran.stderr);
    assert_eq!(ran.stdout, "1\t2\n2\t2\n");
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", ran.stderr);
    assert!(lines[0].ends_with(", 2 failed (trapped: 2)"), "{}", lines[0]);
    assert_one_error_line(lines[1]);
    assert!(
        lines[1].contains("2 of 6 calls failed; the first: third_visit_traps trapped"),
        "{}",
        lines[1]
    );

    // Fresh: nobody reaches a third visit.
    let ran = call_many(&stateful(), "third_visit_traps", &["--calls", "6"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "1\t6\n"), "{}", ran.stderr);
}

#[test]
fn the_timeout_is_armed_for_every_call() {
    // Reused on one thread: visit 2 loops and is stopped; the call after it
    // runs on a new instance, whose visit 2 loops again.
    let flags = ["--calls", "4", "--reuse", "--timeout-ms", "50"];
    let ran = call_many(&stateful(), "second_visit_loops", &flags);
    assert_eq!(ran.status, 72, "{}", ran.stderr);
    assert_eq!(ran.stdout, "1\t2\n");
    assert!(ran.stderr.contains(", 2 failed (timed out: 2)"), "{}", ran.stderr);
    assert!(ran.stderr.contains("error: "), "{}", ran.stderr);
}

#[test]
fn the_memory_cap_is_armed_for_every_call() {
    // never-frees keeps every buffer: reused, its second call (600 KiB more)
    // passes the 1 MiB cap; that instance is dropped, and the next call works.
    let plugin = repo_root().join("wat/hostile/never-frees.wat").display().to_string();
    let input = "x".repeat(300 << 10);
    let dir = tempfile::tempdir().unwrap();
    let input_file = dir.path().join("input.txt");
    std::fs::write(&input_file, &input).unwrap();
    let input_file = input_file.display().to_string();
    let flags = [
        "--calls",
        "8",
        "--reuse",
        "--max-memory-mib",
        "1",
        "--input-file",
        input_file.as_str(),
    ];
    let ran = run(host_min().args(["call", &plugin, "echo"]).args(flags));
    assert_eq!(ran.status, 74, "{}", ran.stderr);
    assert!(
        ran.stdout == format!("{input}\t4\n"),
        "stdout: {} bytes",
        ran.stdout.len()
    );
    assert!(ran.stderr.contains(", 4 failed (memory cap: 4)"), "{}", ran.stderr);
}

/// The seconds a run took, from its summary line.
fn seconds(stderr: &str) -> f64 {
    let summary = stderr.lines().last().unwrap_or_default();
    let after = summary.split(" calls in ").nth(1).unwrap_or_default();
    after.split(" s").next().unwrap_or_default().parse().unwrap_or(0.0)
}

#[test]
fn fuel_and_the_deadline_are_renewed_for_every_call_on_a_reused_instance() {
    let plugin = module("guest-raw.wasm").display().to_string();
    // 10,000 fuel is plenty for one upper("hi") and far too little for 2,000.
    let ran = call_many(&plugin, "upper", &["--calls", "2000", "--reuse", "--fuel", "10000"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "HI\t2000\n"), "{}", ran.stderr);

    // A 100 ms timeout, and a run of reused calls that lasts longer than
    // that: every call gets its own deadline, so none times out.
    let ran = call_many(
        &plugin,
        "upper",
        &["--calls", "1000000", "--reuse", "--timeout-ms", "100"],
    );
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (0, "HI\t1000000\n"),
        "{}",
        ran.stderr
    );
    assert!(
        seconds(&ran.stderr) > 0.1,
        "the run must outlast the timeout: {}",
        ran.stderr
    );
}

#[test]
fn a_plugin_that_answers_differently_every_time_cannot_fill_the_hosts_memory() {
    // Reused, stateful.wat counts up: 1,500 distinct answers. The first 1,000
    // are shown; the rest are counted on stderr.
    let ran = call_many(&stateful(), "visits_global", &["--calls", "1500", "--reuse"]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(ran.stdout.lines().count(), 1000);
    assert!(
        ran.stdout.ends_with("1000\t1\n"),
        "{}",
        &ran.stdout[ran.stdout.len() - 20..]
    );
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "500 calls gave answers beyond the first 1000 distinct ones: counted, not shown"
    );
    assert_summary(&ran.stderr, 1500);
}

/// Components are served too (`Pool::new_component`): the same answers,
/// counts, summary and failure rules as core modules.
#[test]
fn components_are_served_fresh_or_reused_and_a_failure_fails_alone() {
    let cabi = module("component/guest-cabi.wasm").display().to_string();
    let ran = call_many(&cabi, "upper", &["--calls", "2000", "--threads", "2"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "HI\t2000\n"), "{}", ran.stderr);
    assert_summary(&ran.stderr, 2000);
    let ran = call_many(&cabi, "greet", &["--calls", "50", "--reuse", "--kv", "greeting=Hej"]);
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (0, "Hej, hi!\t50\n"),
        "{}",
        ran.stderr
    );

    // Fresh: every call is the first visit of a new instance.
    let stateful = fixture("component-stateful.wat").display().to_string();
    let ran = call_many(&stateful, "word-count", &["--calls", "6"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "1\t6\n"), "{}", ran.stderr);

    // Reused: visits 1 and 2 answer, visit 3 traps and its instance is
    // dropped, so the next call starts from 1 again.
    let ran = call_many(&stateful, "word-count", &["--calls", "6", "--reuse"]);
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (70, "1\t2\n2\t2\n"),
        "{}",
        ran.stderr
    );
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert!(lines[0].ends_with(", 2 failed (trapped: 2)"), "{}", ran.stderr);
    assert_one_error_line(lines[1]);

    // The deadline is armed for every call of a component as well.
    let hostile = fixture("component-hostile.wat").display().to_string();
    let ran = call_many(&hostile, "upper", &["--calls", "3", "--timeout-ms", "50"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (72, ""), "{}", ran.stderr);
    assert!(ran.stderr.contains(", 3 failed (timed out: 3)"), "{}", ran.stderr);

    // A component's `string` is UTF-8 by type: other bytes are refused once,
    // before any instance is made.
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"gr\xfc\xdfe").unwrap();
    let flags = ["--calls", "3", "--input-file", latin1.to_str().unwrap()];
    let ran = run(host_min().args(["call", &cabi, "upper"]).args(flags));
    assert_eq!((ran.status, ran.stdout.as_str()), (64, ""), "{}", ran.stderr);
    assert_one_error_line(&ran.stderr);
}
