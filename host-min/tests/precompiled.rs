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

/// The compile cache (src/cache.rs): the second run of the same bytes
/// loads what the first compiled; a cache directory others may write is
/// not used; an entry whose source copy differs is not trusted.
#[test]
fn the_compile_cache_is_used_only_when_it_is_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let hello = module("p2/hello.wasm");
    let run_cached = || {
        let ran = run(host_min().env("XDG_CACHE_HOME", home.path()).arg("run").arg(&hello));
        assert_eq!(
            (ran.status, ran.stdout.as_str()),
            (0, "hello, world\n"),
            "{}",
            ran.stderr
        );
    };
    let cache = home.path().join("host-min");
    let entries = || {
        let mut names: Vec<String> = std::fs::read_dir(&cache)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    run_cached();
    let first = entries();
    assert_eq!(first.len(), 2, "the code and the copy of its source: {first:?}");
    let code = cache.join(first.iter().find(|n| n.ends_with(".cwasm")).unwrap());
    let made = std::fs::metadata(&code).unwrap().modified().unwrap();
    run_cached();
    assert_eq!(
        std::fs::metadata(&code).unwrap().modified().unwrap(),
        made,
        "loaded, not rewritten"
    );

    // A source copy that differs: compiled again and rewritten.
    let source = cache.join(first.iter().find(|n| n.ends_with(".wasm")).unwrap());
    std::fs::write(&source, b"not the same bytes").unwrap();
    run_cached();
    assert_eq!(std::fs::read(&source).unwrap(), std::fs::read(&hello).unwrap());

    // Writable by others: not used, nothing written.
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    run_cached();
    assert!(entries().is_empty(), "{:?}", entries());
}
