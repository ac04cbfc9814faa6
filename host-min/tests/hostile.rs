//! The gallery of hostile guests (wat/hostile/), each run through the real
//! host-min binary. Every case must end within its limit plus 0.5 s, with its
//! documented exit status, at most one `error: …` line, no panic, no
//! backtrace, and nothing on stdout but the guest's own bytes.
//!
//! Run: `cargo test -p host-min --test hostile`

mod common;

use common::{assert_one_error_line, host_min, module, repo_root, run, run_on, Output};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn hostile(name: &str) -> PathBuf {
    repo_root().join("wat/hostile").join(name)
}

struct Case {
    args: Vec<String>,
    status: i32,
    /// The error line, without "error: <module>: ", or "" if none is expected.
    error: &'static str,
    stdout: &'static str,
    /// How long the case may take, before the 0.5 s allowance.
    limit: Duration,
}

fn case(args: Vec<String>, status: i32, error: &'static str, stdout: &'static str) -> Case {
    Case {
        args,
        status,
        error,
        stdout,
        limit: Duration::ZERO,
    }
}

fn check(case: Case) {
    let started = Instant::now();
    let ran: Output = run(host_min().args(&case.args));
    let took = started.elapsed();
    let what = case.args.join(" ");
    assert_eq!(ran.status, case.status, "{what}: {}", ran.stderr);
    assert_eq!(
        ran.stdout, case.stdout,
        "{what}: only the guest's own bytes may reach stdout"
    );
    if case.error.is_empty() {
        assert_eq!(ran.stderr, "", "{what}");
    } else {
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.trim_end().ends_with(case.error), "{what}: {}", ran.stderr);
    }
    assert!(took < case.limit + Duration::from_millis(500), "{what} took {took:?}");
}

fn command(file: &str, limits: &[&str]) -> Vec<String> {
    let module = hostile(file).display().to_string();
    strings(&[&["run"], limits, &[&module]].concat())
}

fn timed(mut case: Case, limit_ms: u64) -> Case {
    case.limit = Duration::from_millis(limit_ms);
    case
}

#[test]
fn an_infinite_loop_is_stopped_by_the_timeout() {
    let args = command("infinite-loop.wat", &["--timeout-ms", "200"]);
    check(timed(case(args, 72, "_start timed out after 200 ms", ""), 200));
}

#[test]
fn a_guest_asleep_in_poll_oneoff_is_stopped_by_the_timeout() {
    let args = command("sleep-forever.wat", &["--timeout-ms", "200"]);
    check(timed(case(args, 72, "_start timed out after 200 ms", ""), 200));
}

#[test]
fn an_infinite_loop_is_stopped_by_fuel() {
    let args = command("infinite-loop.wat", &["--fuel", "5000000"]);
    check(case(args, 73, "_start ran out of fuel (5000000)", ""));
}

#[test]
fn a_memory_bomb_gets_minus_one_from_memory_grow_at_the_cap() {
    for (limits, error) in [
        (
            &[][..],
            "memory limit of 64 MiB reached (_start trapped: wasm trap: wasm `unreachable` instruction executed)",
        ),
        (
            &["--max-memory-mib", "8"],
            "memory limit of 8 MiB reached (_start trapped: wasm trap: wasm `unreachable` instruction executed)",
        ),
    ] {
        let args = command("memory-bomb.wat", limits);
        // The guest's own line proves memory.grow returned -1 and it went on.
        check(case(args, 74, error, "memory.grow returned -1\n"));
    }
}

#[test]
fn an_initial_memory_over_the_cap_is_refused_at_instantiation() {
    let expected = "memory limit of 64 MiB reached (instantiation failed: memory minimum size of 2000 pages exceeds memory limits)";
    check(case(command("huge-initial-memory.wat", &[]), 74, expected, ""));
}

#[test]
fn wasm_traps_are_reported_by_kind() {
    for (file, error) in [
        ("recursion.wat", "_start trapped: wasm trap: call stack exhausted"),
        (
            "unreachable.wat",
            "_start trapped: wasm trap: wasm `unreachable` instruction executed",
        ),
        (
            "divide-by-zero.wat",
            "_start trapped: wasm trap: integer divide by zero",
        ),
    ] {
        let args = command(file, &[]);
        check(case(args, 70, error, ""));
    }
}

#[test]
fn bad_pointers_counts_and_descriptors_get_an_errno_not_a_crash() {
    // Each guest exits with the errno it received: EFAULT 21, EBADF 8,
    // ENOTCAPABLE 76.
    for (file, errno) in [
        ("fd-write-iovec-outside.wat", 21),
        ("fd-write-huge-count.wat", 21),
        ("fd-write-result-outside.wat", 21),
        ("fd-never-granted.wat", 8),
        ("path-without-preopen.wat", 8),
    ] {
        let args = command(file, &[]);
        check(case(args, errno, "", ""));
    }
    // With a directory granted at fd 3, /etc/passwd is still not beneath it;
    // and opening that directory without end runs out of the guest's own
    // table after 252 opens (EMFILE, exit 0), not the host's descriptors.
    let grant = tempfile::tempdir().unwrap();
    let dir = grant.path().display().to_string();
    check(case(command("path-without-preopen.wat", &["--dir", &dir]), 76, "", ""));
    check(case(command("fd-hoarder.wat", &["--dir", &dir]), 0, "", ""));
}

/// The one place host-min parts from the wasmtime CLI on purpose: a
/// pointer outside the guest's memory. The witx rules let a host trap, and
/// wasmtime does (a "Pointer out of bounds" error, after it has already
/// written what it could: fd-write-result-outside's text reaches its
/// stdout). host-min checks every range before anything moves and answers
/// EFAULT, which the guest can handle; nothing is written.
#[test]
fn a_bad_pointer_is_efault_on_host_min_and_a_trap_on_the_wasmtime_cli() {
    for (file, wasmtime_wrote) in [
        ("fd-write-iovec-outside.wat", ""),
        ("fd-write-result-outside.wat", "must not appear\n"),
    ] {
        let path = hostile(file);
        let on_wasmtime = run(run_on("wasmtime").arg(&path));
        assert_eq!(on_wasmtime.status, 1, "{file}: {}", on_wasmtime.stderr);
        assert!(
            on_wasmtime.stderr.contains("Pointer out of bounds"),
            "{file}: {}",
            on_wasmtime.stderr
        );
        assert_eq!(on_wasmtime.stdout, wasmtime_wrote, "{file}");

        let on_host_min = run(run_on("host-min").arg(&path));
        assert_eq!(
            (
                on_host_min.status,
                on_host_min.stdout.as_str(),
                on_host_min.stderr.as_str()
            ),
            (21, "", ""),
            "{file}"
        );
    }
}

#[test]
fn an_import_no_host_provides_is_refused_at_link_time() {
    let args = command("unknown-import.wat", &[]);
    let expected = "instantiation failed: unknown import: `other::thing` has not been defined";
    check(case(args, 65, expected, ""));
}

#[test]
fn files_that_are_not_modules_are_refused() {
    let makefile = repo_root().join("Makefile").display().to_string();
    let not_wasm =
        "is not a valid WebAssembly module: not binary (no \\0asm header) nor valid text: expected `(` at 1:1";
    check(case(strings(&["run", &makefile]), 65, not_wasm, ""));
    check(case(
        strings(&["run", "/no/such/module.wasm"]),
        66,
        "cannot read /no/such/module.wasm: No such file or directory (os error 2)",
        "",
    ));
}

fn call(plugin: &str, export: &str) -> Vec<String> {
    strings(&[
        "call",
        &hostile(plugin).display().to_string(),
        export,
        "--input",
        "hello",
    ])
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

#[test]
fn plugins_that_break_the_abi_are_stopped_before_the_host_trusts_them() {
    for (plugin, export, status, error) in [
        ("alloc-returns-zero.wat", "upper", 71, "alloc(5) returned 0: the guest could not allocate"),
        (
            "alloc-returns-outside.wat",
            "upper",
            71,
            "alloc(5) returned 4294901760, but bytes 4294901760..+5 lie outside the guest's 65536-byte memory",
        ),
        (
            "bad-plugin.wat",
            "result_outside",
            71,
            "result_outside returned a result range where bytes 4294967040..+4096 lie outside the guest's 65536-byte memory",
        ),
        ("bad-plugin.wat", "text_not_utf8", 71, "text_not_utf8 returned text that is not UTF-8"),
        (
            "bad-plugin.wat",
            "log_outside",
            70,
            "log_outside failed: env.log: bytes 4294967280..+32 lie outside the guest's 65536-byte memory",
        ),
        (
            "bad-plugin.wat",
            "kv_outside",
            70,
            "kv_outside failed: env.kv_get: bytes 4294967280..+100 lie outside the guest's 65536-byte memory",
        ),
    ] {
        let args = call(plugin, export);
        check(case(args, status, error, ""));
    }
}

#[test]
fn a_missing_export_is_named() {
    let args = strings(&[
        "call",
        &module("guest-raw.wasm").display().to_string(),
        "no_such_export",
    ]);
    check(case(
        args,
        65,
        "the plugin exports no `no_such_export(i32, i32) -> i64`",
        "",
    ));
}

#[test]
fn an_escape_sequence_in_an_import_name_reaches_the_terminal_escaped() {
    let args = command("escape-in-import-name.wat", &[]);
    let ran = run(host_min().args(&args));
    assert_eq!(ran.status, 65, "{}", ran.stderr);
    assert_one_error_line(&ran.stderr);
    // (wasmtime's message already turned the carriage return into a space.)
    assert!(ran.stderr.contains(r"env::\u{1b}[2J error: all good"), "{}", ran.stderr);
    assert!(
        !ran.stderr.contains('\u{1b}') && !ran.stderr.contains('\r'),
        "{:?}",
        ran.stderr
    );
    // inspect prints the same name, escaped too.
    let inspected = run(host_min().arg("inspect").arg(hostile("escape-in-import-name.wat")));
    assert_eq!(inspected.status, 0, "{}", inspected.stderr);
    assert!(
        inspected.stdout.contains(r"env.\u{1b}[2J\u{d}error: all good"),
        "{}",
        inspected.stdout
    );
    assert!(
        inspected.stdout.contains(r"\u{1b}[2J\u{d}export name"),
        "{}",
        inspected.stdout
    );
    assert!(!inspected.stdout.contains('\u{1b}'), "{:?}", inspected.stdout);
}

#[test]
fn a_panic_message_and_a_log_line_reach_the_terminal_escaped() {
    let plugin = hostile("escape-in-panic-message.wat");
    let ran = run(host_min().arg("call").arg(&plugin).arg("upper"));
    assert_eq!(ran.status, 70, "{}", ran.stderr);
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{:?}", ran.stderr);
    assert_eq!(lines[0], r"[guest] \u{1b}[31mred\u{a}error: forged line");
    assert!(
        lines[1].ends_with(r"the guest panicked: \u{1b}[31mred\u{a}error: forged line"),
        "{}",
        lines[1]
    );
    assert!(!ran.stderr.contains('\u{1b}'), "{:?}", ran.stderr);
}

#[test]
fn proc_exit_in_a_start_function_is_an_ordinary_exit() {
    check(case(
        command("start-calls-proc-exit.wat", &[]),
        3,
        "",
        "start function\n",
    ));
    // The same module under the wasmtime CLI exits the same way.
    let cli = run(std::process::Command::new("wasmtime").arg(hostile("start-calls-proc-exit.wat")));
    assert_eq!(
        (cli.status, cli.stdout.as_str()),
        (3, "start function\n"),
        "{}",
        cli.stderr
    );
}

#[test]
fn an_out_of_bounds_store_in_guest_code_traps() {
    let args = command("out-of-bounds.wat", &[]);
    check(case(
        args,
        70,
        "_start trapped: wasm trap: out of bounds memory access",
        "",
    ));
}

#[test]
fn a_plugin_must_declare_the_abi_version_host_min_speaks() {
    let cases = [
        (
            "abi-version-unknown.wat",
            "the plugin speaks ABI version 2; host-min speaks version 1",
        ),
        (
            "abi-version-missing.wat",
            "declares no ABI version; host-min speaks version 1: export `wasm_by_hand_abi_version_1`",
        ),
        ("abi-version-twice.wat", "the plugin declares 2 ABI versions (1, 2)"),
    ];
    for (file, refusal) in cases {
        let ran = run(host_min().arg("call").arg(hostile(file)).arg("upper"));
        assert_eq!(ran.status, 65, "{file}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.contains(refusal), "{file}: {}", ran.stderr);
        // It never got as far as instantiating: each start function traps.
        assert!(
            !ran.stderr.contains("instantiation") && !ran.stderr.contains("trap"),
            "{file}: {}",
            ran.stderr
        );
    }
}
