//! host-min's own WASI 0.2 (src/wasi/p2/), held to the real wasmtime CLI
//! on real components: guest-wasi2 (the canonical ABI by hand), guest-fs
//! built for wasm32-wasip2 (Rust std, and the preview-1 calls it makes
//! through the adapter wasm-component-ld links in), and guest-wasi and
//! guest-fs adapted from preview 1 with the official adapter.
//!
//! Run: `make build && cargo test -p host-min --test wasi_p2`

mod common;

use common::sandbox::Sandbox;
use common::{assert_one_error_line, host_min, module, run, run_on, Output};
use std::path::Path;

/// The same command on both runtimes, with a fresh sandbox each; on
/// either, nothing around the grant may change.
fn on_both(args: impl Fn(&Sandbox) -> Vec<String>) -> [(Output, Sandbox); 2] {
    ["wasmtime", "host-min"].map(|runtime| {
        let sandbox = Sandbox::new();
        let before = sandbox.around();
        let ran = run(run_on(runtime).args(args(&sandbox)));
        assert_eq!(
            sandbox.around(),
            before,
            "on {runtime}, something outside the grant changed"
        );
        (ran, sandbox)
    })
}

fn grant(sandbox: &Sandbox) -> String {
    format!("--dir={}::grant", sandbox.grant.display())
}

fn p2(name: &str) -> String {
    module(&format!("p2/{name}")).display().to_string()
}

#[test]
fn guest_wasi2_runs_on_host_min_as_on_the_wasmtime_cli() {
    let [(reference, _), (ours, sandbox)] = on_both(|s| vec![grant(s), p2("guest-wasi2.wasm"), "35".into()]);
    assert_eq!(reference.status, 0, "{}", reference.stderr);
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_eq!(ours.stdout, reference.stdout);
    assert_eq!(
        ours.stdout,
        "fib(35) = 9227465\n\
         preopened directory: grant (where guest-wasi2.txt goes)\n\
         wrote guest-wasi2.txt in that directory\n\
         create ../escape.txt: refused with not-permitted\n\
         create /tmp/escape.txt: refused with not-permitted\n"
    );
    let written = std::fs::read_to_string(sandbox.grant.join("guest-wasi2.txt")).unwrap();
    assert_eq!(written, "fib(35) = 9227465\n");
    assert!(!Path::new("/tmp/escape.txt").exists());
}

#[test]
fn guest_wasi2_exit_statuses_and_error_lines_match() {
    // No grant: status 2 through exit-with-code, one error line.
    let [(reference, _), (ours, _)] = on_both(|_| vec![p2("guest-wasi2.wasm")]);
    assert_eq!((ours.status, reference.status), (2, 2));
    assert_eq!(ours.stderr, reference.stderr);
    assert_eq!(ours.stderr, "error: no directory was granted; run with --dir=<dir>\n");
    // A runtime option after the module reaches the guest: status 1.
    let [(reference, _), (ours, _)] = on_both(|_| vec![p2("guest-wasi2.wasm"), "35".into(), "--dir=.".into()]);
    assert_eq!((ours.status, reference.status), (1, 1));
    assert_eq!(ours.stderr, reference.stderr);
}

#[test]
fn guest_fs_built_for_wasip2_passes_every_check_as_on_the_wasmtime_cli() {
    let [(reference, _), (ours, sandbox)] = on_both(|s| vec![grant(s), p2("guest-fs.wasm"), "grant".into()]);
    assert_eq!(reference.status, 0, "the reference run failed:\n{}", reference.stdout);
    let failed: Vec<&str> = ours.stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(
        failed.is_empty(),
        "on host-min:\n{}\n{}",
        failed.join("\n"),
        ours.stderr
    );
    assert_eq!(ours.stdout, reference.stdout);
    assert_eq!(ours.stdout.lines().filter(|l| l.starts_with("ok ")).count(), 82);
    assert!(!sandbox.grant.join("guest-fs.scratch").exists(), "guest-fs cleans up");
}

/// Preview-1 modules made components with the adapter: the same output on
/// host-min's WASI 0.2 as on the wasmtime CLI's. (The adapter's own
/// mapping shows: an escape is EPERM, where host-min's preview 1 says
/// ENOTCAPABLE, and proc_exit(2) becomes status 1.)
#[test]
fn adapted_preview_1_guests_run_on_host_min_wasi_0_2() {
    let [(reference, _), (ours, sandbox)] = on_both(|s| vec![grant(s), p2("guest-wasi.adapted.wasm"), "35".into()]);
    assert_eq!((ours.status, reference.status), (0, 0), "{}", ours.stderr);
    assert_eq!(ours.stdout, reference.stdout);
    assert!(ours.stdout.contains("create ../escape.txt: refused with EPERM"));
    assert_eq!(
        std::fs::read_to_string(sandbox.grant.join("guest-wasi.txt")).unwrap(),
        "fib(35) = 9227465\n"
    );

    let [(reference, _), (ours, _)] = on_both(|s| vec![grant(s), p2("guest-fs.adapted.wasm"), "grant".into()]);
    assert_eq!(reference.status, 0, "{}", reference.stdout);
    assert_eq!(ours.status, 0, "{}\n{}", ours.stdout, ours.stderr);
    assert_eq!(ours.stdout, reference.stdout);
    assert_eq!(ours.stdout.lines().filter(|l| l.starts_with("ok ")).count(), 82);
}

#[test]
fn a_std_hello_for_wasip2_prints_the_same_on_both() {
    let [(reference, _), (ours, _)] = on_both(|_| vec![p2("hello.wasm")]);
    assert_eq!((ours.status, reference.status), (0, 0));
    assert_eq!(ours.stdout, "hello, world\n");
    assert_eq!(ours.stdout, reference.stdout);
}

/// A component that is not a command (a plugin of wit/plugin.wit) is
/// refused by `run` in one line, before any of its code runs.
#[test]
fn run_refuses_a_component_that_is_not_a_command() {
    let ran = run(host_min().arg("run").arg(module("component/guest-cabi.wasm")));
    assert_eq!(ran.status, 65, "{}", ran.stderr);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("exports no `wasi:cli/run@0.2.x`"), "{}", ran.stderr);
}

/// Each hostile module of wat/hostile-p2/ on host-min: stopped with one
/// line and the trapped status, naming what it broke.
#[test]
fn hostile_wasi_0_2_guests_are_stopped_in_one_line() {
    let cases = [
        ("pollable-hoarder", "16384 WASI resources"),
        ("poll-flood", "handle limit exceeded"),
        ("orphan-pollable", "dropped while 1 of its child resources"),
        ("use-after-drop", "unknown handle index"),
        ("wrong-type", "used with the wrong type"),
        ("huge-write", "more than check-write allowed"),
    ];
    for (name, says) in cases {
        let ran = run(host_min().arg("run").arg(p2(&format!("{name}.wasm"))));
        assert_eq!(ran.status, 70, "{name}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.contains(says), "{name}: {}", ran.stderr);
        assert!(ran.stdout.is_empty(), "{name} wrote {} bytes", ran.stdout.len());
    }
}

/// The same modules on the wasmtime CLI: the ones that break WASI's rules
/// (a parent dropped first, a dropped or mistyped handle) trap there too.
#[test]
fn the_wasmtime_cli_traps_on_the_same_broken_rules() {
    for name in ["orphan-pollable", "use-after-drop", "wrong-type"] {
        let ran = run(run_on("wasmtime").arg(p2(&format!("{name}.wasm"))));
        assert_ne!(ran.status, 0, "{name} ran on the wasmtime CLI");
    }
}

/// wasi:sockets is linked as refusals: a TCP socket, a UDP socket and a
/// name lookup each answer access-denied (socket-probe.wat returns ok only
/// then). The wasmtime CLI hands out a socket instead, so it traps there.
#[test]
fn sockets_and_name_lookups_are_refused_with_access_denied() {
    let ran = run(host_min().arg("run").arg(p2("socket-probe.wasm")));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(ran.stderr.is_empty() && ran.stdout.is_empty());
}
