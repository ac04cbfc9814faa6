//! Exercises 1 and 2 on the real artifact: `out/guest-wasi.wasm`, inspected
//! with wasm-tools and run under the real wasmtime CLI.
//! (The same runs under Node's node:wasi are in guest-wasi/node/.)
//!
//! Run: `make build && cargo test -p host-min --test guest_wasi`

mod common;

use common::{module, repo_root, run, wasm_tools_print, Output};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn guest() -> std::path::PathBuf {
    module("guest-wasi.wasm")
}

/// `wasmtime run [--dir=DIR] out/guest-wasi.wasm ARGS...`
fn wasmtime_run(grant: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new("wasmtime");
    command.arg("run");
    if let Some(dir) = grant {
        command.arg(format!("--dir={}", dir.display()));
    }
    run(command.arg(guest()).args(args))
}

/// The names in `wasi::NAME(` and `wasi::wasi_snapshot_preview1::NAME(` calls.
fn wasi_calls_in(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in source.match_indices("wasi::") {
        let rest = &source[at + "wasi::".len()..];
        let rest = rest.strip_prefix("wasi_snapshot_preview1::").unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if rest[name.len()..].starts_with('(') {
            names.insert(name);
        }
    }
    names
}

// Exercise 1: what the compiler produced.

#[test]
fn the_module_validates() {
    let validated = run(Command::new("wasm-tools").arg("validate").arg(guest()));
    assert_eq!(validated.status, 0, "{}", validated.stderr);
}

#[test]
fn it_imports_exactly_the_wasi_functions_its_source_calls() {
    let source = std::fs::read_to_string(repo_root().join("guest-wasi/src/main.rs")).unwrap();
    let called = wasi_calls_in(&source);

    // What the module imports, from its text format.
    let printed = wasm_tools_print(&guest());
    let imported: BTreeSet<String> = printed
        .lines()
        .filter_map(|line| line.trim().strip_prefix("(import \"wasi_snapshot_preview1\" \""))
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect();
    let all_imports = printed.lines().filter(|l| l.trim().starts_with("(import ")).count();

    assert!(
        called.contains("fd_write") && called.contains("path_open"),
        "parsed calls: {called:?}"
    );
    assert_eq!(imported, called, "imports differ from the calls in main.rs");
    assert_eq!(all_imports, imported.len(), "an import from another module crept in");
}

#[test]
fn it_exports_memory_and_start_and_keeps_its_strings_in_a_data_segment() {
    let printed = wasm_tools_print(&guest());
    assert!(printed.contains("(export \"memory\" (memory 0))"), "{printed}");
    assert!(printed.contains("(export \"_start\" (func "), "{printed}");
    let data: String = printed.lines().filter(|l| l.trim().starts_with("(data ")).collect();
    for text in [
        "fib(",
        ") = ",
        "preopened fd ",
        "refused with ",
        "ENOTCAPABLE",
        "guest-wasi.txt",
    ] {
        assert!(data.contains(text), "{text:?} is not in a data segment:\n{data}");
    }
}

/// The goal was 2 KiB; the build is about 3.3 KiB (docs/sizes.md says
/// where the bytes go). This guard catches what would blow it up, such as
/// `core::fmt` or a libc symbol creeping in (either adds 10 KiB or more).
#[test]
fn the_release_build_stays_under_4_kib() {
    let size = std::fs::metadata(guest()).unwrap().len();
    assert!(size <= 4096, "guest-wasi.wasm is {size} bytes");
}

// Exercise 1: the computation.

#[test]
fn fib_is_right_for_several_n() {
    let grant = tempfile::tempdir().unwrap();
    let cases = [
        (vec![], "fib(30) = 832040"),
        (vec!["0"], "fib(0) = 0"),
        (vec!["1"], "fib(1) = 1"),
        (vec!["10"], "fib(10) = 55"),
        (vec!["35"], "fib(35) = 9227465"),
        (vec!["93"], "fib(93) = 12200160415121876738"),
    ];
    for (args, expected) in cases {
        let ran = wasmtime_run(Some(grant.path()), &args);
        assert_eq!(ran.status, 0, "args {args:?}: {}", ran.stderr);
        assert_eq!(ran.stdout.lines().next(), Some(expected), "args {args:?}");
    }
}

#[test]
fn a_bad_n_gets_one_clear_error_line_and_exit_status_1() {
    let grant = tempfile::tempdir().unwrap();
    for bad in ["abc", "94", "-1", "", "99999999999999999999"] {
        let ran = wasmtime_run(Some(grant.path()), &[bad]);
        assert_eq!(ran.status, 1, "argument {bad:?}");
        assert_eq!(ran.stdout, "", "argument {bad:?}");
        assert_eq!(
            ran.stderr, "error: N must be a whole number from 0 to 93\n",
            "argument {bad:?}"
        );
    }
}

// Exercise 2: capabilities.

#[test]
fn with_a_granted_directory_it_writes_its_file_there() {
    let grant = tempfile::tempdir().unwrap();
    let ran = wasmtime_run(Some(grant.path()), &["35"]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    let preopen = format!(
        "preopened fd 3: (where guest-wasi.txt goes) {}\n",
        grant.path().display()
    );
    assert!(ran.stdout.contains(&preopen), "{}", ran.stdout);
    assert!(
        ran.stdout.contains("wrote guest-wasi.txt in that directory\n"),
        "{}",
        ran.stdout
    );
    let written = std::fs::read_to_string(grant.path().join("guest-wasi.txt")).unwrap();
    assert_eq!(written, "fib(35) = 9227465\n");
}

#[test]
fn without_a_grant_the_write_is_refused_and_the_exit_is_non_zero() {
    let ran = wasmtime_run(None, &["35"]);
    assert_eq!(ran.status, 2);
    assert_eq!(ran.stdout, "fib(35) = 9227465\n");
    let refused = "error: no directory was granted: creating guest-wasi.txt through fd 3 was refused with EBADF";
    assert!(ran.stderr.starts_with(refused), "{}", ran.stderr);
}

#[test]
fn dot_dot_an_absolute_path_and_a_symlink_out_are_all_refused() {
    // sandbox/grant is granted; sandbox/outside is not, and grant/link points at it.
    let sandbox = tempfile::tempdir().unwrap();
    let (grant, outside) = (sandbox.path().join("grant"), sandbox.path().join("outside"));
    std::fs::create_dir_all(&grant).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, grant.join("link")).unwrap();
    let absolute = outside.join("absolute.txt");
    let escapes = ["../escape.txt", absolute.to_str().unwrap(), "link/escape.txt"];

    let ran = wasmtime_run(Some(&grant), &[&["5"], &escapes[..]].concat());

    assert_eq!(ran.status, 0, "{}{}", ran.stdout, ran.stderr);
    for path in escapes {
        let refused = ran
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("create {path}: refused with E")));
        assert!(refused.is_some(), "{path} was not refused:\n{}", ran.stdout);
    }
    assert!(!sandbox.path().join("escape.txt").exists());
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "a file appeared outside the grant"
    );
}

#[test]
fn by_default_it_tries_dot_dot_and_slash_tmp() {
    let sandbox = tempfile::tempdir().unwrap();
    let grant = sandbox.path().join("grant");
    std::fs::create_dir(&grant).unwrap();
    let ran = wasmtime_run(Some(&grant), &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(
        ran.stdout.contains("create ../escape.txt: refused with E"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("create /tmp/escape.txt: refused with E"),
        "{}",
        ran.stdout
    );
    assert!(!sandbox.path().join("escape.txt").exists());
}

#[test]
fn a_path_inside_the_grant_is_reported_as_not_refused_with_exit_status_3() {
    // The check can fail: a path the runtime allows is flagged, not hidden.
    let grant = tempfile::tempdir().unwrap();
    let ran = wasmtime_run(Some(grant.path()), &["5", "inside.txt"]);
    assert_eq!(ran.status, 3);
    assert!(ran.stdout.contains("create inside.txt: NOT refused"), "{}", ran.stdout);
    assert!(grant.path().join("inside.txt").exists());
}

// `make inspect`, on a copy of the module so the test writes only to a temporary directory.

#[test]
fn make_inspect_validates_and_writes_the_section_summary_and_text_beside_the_module() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(guest(), dir.path().join("guest-wasi.wasm")).unwrap();
    let ran = run(Command::new(repo_root().join("scripts/inspect.sh")).arg(dir.path()));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(ran.stdout.contains("   valid\n"), "{}", ran.stdout);
    // The lines worth a look: the fd_write import, the memory, the data segment.
    for pointed_at in [
        "(import \"wasi_snapshot_preview1\" \"fd_write\"",
        "(memory (;0;) 17)",
        "(data (;0;)",
    ] {
        assert!(
            ran.stdout.contains(pointed_at),
            "{pointed_at} not pointed out:\n{}",
            ran.stdout
        );
    }
    let objdump = std::fs::read_to_string(dir.path().join("guest-wasi.objdump.txt")).unwrap();
    assert!(
        objdump.contains("imports") && objdump.contains("code") && objdump.contains("data"),
        "{objdump}"
    );
    let wat = std::fs::read_to_string(dir.path().join("guest-wasi.wat")).unwrap();
    assert_eq!(wat, wasm_tools_print(&guest()));
}
