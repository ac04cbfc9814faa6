//! `host-min run`: WASI commands on host-min's own WASI, checked on
//! the real modules in out/ and the fixtures in tests/fixtures/.
//!
//! Run: `make build && cargo test -p host-min --test run`

mod common;

use common::{assert_one_error_line, fixture, host_min, module, run};

#[test]
fn guest_wasi_prints_its_fib_line_and_is_refused_its_file() {
    let ran = run(host_min().arg("run").arg(module("guest-wasi.wasm")).arg("35"));
    assert_eq!(ran.stdout, "fib(35) = 9227465\n");
    // No ambient authority: without --dir, fd 3 is not open, and path_open
    // on it is EBADF, as under the wasmtime CLI (src/wasi/p1/fd_table.rs).
    assert_eq!(
        ran.stderr,
        "error: no directory was granted: creating guest-wasi.txt through fd 3 was refused with EBADF; run with --dir=<dir>\n"
    );
    assert_eq!(ran.status, 2, "guest-wasi's own exit status passes through");
}

#[test]
fn the_hello_wat_runs_from_text_and_from_its_assembled_binary() {
    for hello in [common::repo_root().join("wat/hello.wat"), module("wat/hello.wasm")] {
        let ran = run(host_min().arg("run").arg(&hello));
        assert_eq!(ran.status, 0, "{}", ran.stderr);
        assert_eq!(ran.stdout, "Hello from hand-written WebAssembly!\n");
    }
}

#[test]
fn exit_statuses_pass_through() {
    let ran = run(host_min().arg("run").arg(fixture("exit-42.wat")));
    assert_eq!((ran.status, ran.stderr.as_str()), (42, ""));
    let bad_argument = run(host_min().args(["run"]).arg(module("guest-wasi.wasm")).arg("x"));
    assert_eq!(bad_argument.status, 1);
}

#[test]
fn args_and_environment_reach_the_guest_as_given() {
    let ran = run(host_min()
        .args(["run", "--env", "GREETING=hi there", "--env", "EMPTY="])
        .arg(fixture("print-args-env.wat"))
        .args(["one", "two words", "--not-an-option"]));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    let argv0 = fixture("print-args-env.wat").display().to_string();
    let expected = format!("{argv0}\none\ntwo words\n--not-an-option\nGREETING=hi there\nEMPTY=\n");
    assert_eq!(ran.stdout, expected);
}

#[test]
fn the_host_environment_does_not_leak_into_the_guest() {
    let ran = run(host_min()
        .arg("run")
        .arg(fixture("print-args-env.wat"))
        .env("SECRET", "x"));
    assert_eq!(ran.stdout, format!("{}\n", fixture("print-args-env.wat").display()));
}

#[test]
fn bad_command_lines_get_one_error_line_and_status_64() {
    for args in [
        &["run"][..],
        &["call", "x.wasm"],
        &["frobnicate"],
        &[],
        &["run", "--env", "NOEQUALS", "m.wasm"],
    ] {
        let ran = run(host_min().args(args));
        assert_eq!(ran.status, 64, "{args:?}");
        assert_one_error_line(&ran.stderr);
    }
}

#[test]
fn a_plugin_without_start_is_refused_by_run() {
    let ran = run(host_min().arg("run").arg(module("guest-raw.wasm")));
    assert_eq!(ran.status, 65);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("_start"), "{}", ran.stderr);
}

#[test]
fn help_lists_every_exit_status() {
    let ran = run(host_min().arg("--help"));
    assert_eq!(ran.status, 0);
    for status in ["1 ", "64", "65", "66", "70", "71"] {
        assert!(
            ran.stdout.contains(&format!("  {status}")),
            "{status} missing:\n{}",
            ran.stdout
        );
    }
}

#[test]
fn stdin_reaches_the_guest_as_on_the_wasmtime_cli() {
    use std::io::Write;
    use std::process::Stdio;
    let text = "grüße from stdin,\nacross more than one read\n";
    for runtime in ["wasmtime", "host-min"] {
        let mut command = common::run_on(runtime);
        command.arg(fixture("cat.wat"));
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap(); // then closed: end of file
        let ran = child.wait_with_output().unwrap();
        assert_eq!(ran.status.code(), Some(0), "{runtime}");
        assert_eq!(String::from_utf8_lossy(&ran.stdout), text, "{runtime}");
    }
}
