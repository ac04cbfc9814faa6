//! Compile once, load many times (src/precompiled.rs): `host-min compile`
//! writes an artifact; `run` and `call` load one only with
//! `--allow-precompiled`; an artifact from another engine or configuration
//! is refused in one line, never crashing.
//!
//! Run: `make build && cargo test -p host-min --test precompiled`

mod common;

use common::{assert_one_error_line, host_min, module, run};
use std::path::Path;

fn compile(input: &Path, output: &Path, limits: &[&str]) {
    let ran = run(host_min().arg("compile").args(limits).arg(input).arg("-o").arg(output));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
}

#[test]
fn an_artifact_loads_only_with_allow_precompiled_and_answers_as_the_module_does() {
    let dir = tempfile::tempdir().unwrap();
    let artifact = dir.path().join("guest-raw.cwasm");
    compile(&module("guest-raw.wasm"), &artifact, &[]);

    let refused = run(host_min()
        .arg("call")
        .arg(&artifact)
        .args(["upper", "--input", "grüße"]));
    assert_eq!(refused.status, 64);
    assert_one_error_line(&refused.stderr);
    assert!(refused.stderr.contains("--allow-precompiled"), "{}", refused.stderr);

    let called = run(host_min()
        .args(["call", "--allow-precompiled"])
        .arg(&artifact)
        .args(["upper", "--input", "grüße"]));
    assert_eq!(
        (called.status, called.stdout.as_str()),
        (0, "GRÜSSE\n"),
        "{}",
        called.stderr
    );
}

#[test]
fn a_wasi_0_2_command_runs_from_its_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let artifact = dir.path().join("hello.cwasm");
    compile(&module("p2/hello.wasm"), &artifact, &[]);
    let ran = run(host_min().args(["run", "--allow-precompiled"]).arg(&artifact));
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (0, "hello, world\n"),
        "{}",
        ran.stderr
    );
}

/// An artifact made by the wasmtime CLI (another configuration), or by
/// host-min without the epoch checks a timeout needs, is refused by
/// wasmtime's own check, in one line.
#[test]
fn an_artifact_of_another_engine_or_configuration_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let by_cli = dir.path().join("by-wasmtime-cli.cwasm");
    let made = run(std::process::Command::new("wasmtime")
        .arg("compile")
        .arg(module("p2/hello.wasm"))
        .arg("-o")
        .arg(&by_cli));
    assert_eq!(made.status, 0, "{}", made.stderr);
    let ran = run(host_min().args(["run", "--allow-precompiled"]).arg(&by_cli));
    assert_eq!(ran.status, 65);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("cannot be loaded here"), "{}", ran.stderr);

    let without_epochs = dir.path().join("hello.cwasm");
    compile(&module("p2/hello.wasm"), &without_epochs, &[]);
    let ran = run(host_min()
        .args(["run", "--allow-precompiled", "--timeout-ms", "1000"])
        .arg(&without_epochs));
    assert_eq!(ran.status, 65);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("epoch interruption"), "{}", ran.stderr);

    let with_epochs = dir.path().join("hello-epochs.cwasm");
    compile(&module("p2/hello.wasm"), &with_epochs, &["--timeout-ms", "1"]);
    let ran = run(host_min()
        .args(["run", "--allow-precompiled", "--timeout-ms", "1000"])
        .arg(&with_epochs));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
}

#[test]
fn an_artifact_is_not_compiled_again() {
    let dir = tempfile::tempdir().unwrap();
    let artifact = dir.path().join("a.cwasm");
    compile(&module("guest-raw.wasm"), &artifact, &[]);
    let ran = run(host_min()
        .arg("compile")
        .arg(&artifact)
        .arg("-o")
        .arg(dir.path().join("b")));
    assert_eq!(ran.status, 64);
    assert_one_error_line(&ran.stderr);
}
