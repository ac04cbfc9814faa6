//! Helpers shared by the integration tests: where the built modules are, and
//! how to run a command and keep everything it printed.
#![allow(dead_code)] // each test binary uses its own subset

pub mod sandbox;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder `make build` fills with every module (see the Makefile).
pub fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../out")
}

/// A built module under `out/`; fails with a hint when it has not been built.
pub fn module(name: &str) -> PathBuf {
    let path = out_dir().join(name);
    assert!(path.exists(), "{} is missing: run `make build` first", path.display());
    path
}

/// The repository root, for reading sources the tests compare against.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// How long any one command may run in a test: a regression that makes a
/// guest or a host call hang fails the test, instead of hanging it.
pub const RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs a command to completion, with no input (stdin is empty), and keeps
/// what it printed. A command that cannot start, or is still running after
/// RUN_LIMIT (it is killed), fails the test.
pub fn run(command: &mut Command) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    // Read both pipes while waiting, so a chatty command cannot block on them.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out.read_to_end(&mut bytes);
        bytes
    });
    let stderr = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err.read_to_end(&mut bytes);
        bytes
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} still ran after {RUN_LIMIT:?}: killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Output {
        status: status.code().expect("killed by a signal"),
        stdout: String::from_utf8_lossy(&stdout.join().expect("reader")).into_owned(),
        stderr: String::from_utf8_lossy(&stderr.join().expect("reader")).into_owned(),
    }
}

/// `wasm-tools print` of a module: the text format the tests search.
pub fn wasm_tools_print(module: &Path) -> String {
    let printed = run(Command::new("wasm-tools").arg("print").arg(module));
    assert_eq!(printed.status, 0, "wasm-tools print failed: {}", printed.stderr);
    printed.stdout
}

/// A component's world as WIT, as `wasm-tools component wit` writes it.
pub fn wasm_tools_world(component: &Path) -> String {
    let printed = run(Command::new("wasm-tools").args(["component", "wit"]).arg(component));
    assert_eq!(printed.status, 0, "wasm-tools component wit failed: {}", printed.stderr);
    printed.stdout
}

/// `wasmtime run` or `host-min run`, the two runtimes the tests hold
/// side by side; what follows `run` is the caller's.
pub fn run_on(runtime: &str) -> Command {
    let mut command = match runtime {
        "wasmtime" => Command::new("wasmtime"),
        _ => host_min(),
    };
    command.arg("run");
    command
}

/// The host-min binary cargo built for these tests.
pub fn host_min() -> Command {
    Command::new(env!("CARGO_BIN_EXE_host-min"))
}

/// A test fixture under host-min/tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// host-min's errors are one line: "error: …", nothing else, no backtrace.
pub fn assert_one_error_line(stderr: &str) {
    assert!(stderr.starts_with("error: "), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "more than one line on stderr: {stderr}");
    // The marks of a Rust panic in host-min itself.
    assert!(
        !stderr.contains("panicked at") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}
