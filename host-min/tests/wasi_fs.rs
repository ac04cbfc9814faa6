//! host-min's WASI filesystem (src/wasi/), driven call by call by
//! guest-fs (guest-fs/src/), and held to the real wasmtime CLI: the same
//! 80-odd checks must print the same lines on both. After every run the
//! host side checks that nothing outside the grant was created, changed or
//! removed, whatever the guest printed.
//!
//! Run: `make build && cargo test -p host-min --test wasi_fs`

mod common;

use common::sandbox::Sandbox;
use common::{module, run, run_on, Output};
use std::path::Path;

/// The symlinks planted in the grant before a run, each pointing out of it:
/// relative, absolute, and to nothing.
const PLANTED: [&str; 3] = ["planted-out", "planted-abs", "planted-dangling"];

fn sandbox_with_planted_links() -> Sandbox {
    let sandbox = Sandbox::new();
    let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, sandbox.grant.join(name)).unwrap();
    link(Path::new("../outside"), PLANTED[0]);
    link(&sandbox.outside, PLANTED[1]);
    link(&sandbox.root.path().join("missing"), PLANTED[2]);
    sandbox
}

/// What guest-fs tries to leave in /tmp when an absolute path escapes.
fn escaped_in_tmp() -> Vec<String> {
    let names = std::fs::read_dir("/tmp").unwrap().filter_map(|e| e.ok());
    let names = names.map(|e| e.file_name().to_string_lossy().into_owned());
    names.filter(|name| name.starts_with("escaped-")).collect()
}

/// guest-fs on a runtime. On host-min it runs `--strict`: where the
/// wasmtime CLI may answer "not supported", host-min must act.
fn guest_fs_on(runtime: &str, sandbox: &Sandbox) -> Output {
    let mut command = run_on(runtime);
    command
        .arg(format!("--dir={}::grant", sandbox.grant.display()))
        .arg(module("guest-fs.wasm"))
        .arg("grant");
    if runtime == "host-min" {
        command.arg("--strict");
    }
    for name in PLANTED {
        command.args(["--planted", name]);
    }
    run(command.stdin(std::process::Stdio::null()))
}

#[test]
fn every_check_passes_on_host_min_and_prints_as_on_the_wasmtime_cli() {
    let tmp_before = escaped_in_tmp();
    let (on_wasmtime, on_host_min) = (sandbox_with_planted_links(), sandbox_with_planted_links());
    let before = on_host_min.around();

    let reference = guest_fs_on("wasmtime", &on_wasmtime);
    let ours = guest_fs_on("host-min", &on_host_min);

    assert_eq!(reference.status, 0, "the reference run failed:\n{}", reference.stdout);
    let failed: Vec<&str> = ours.stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(
        failed.is_empty(),
        "on host-min:\n{}\n{}",
        failed.join("\n"),
        ours.stderr
    );
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_eq!(
        ours.stdout, reference.stdout,
        "host-min and the wasmtime CLI printed differently"
    );
    let checks = ours.stdout.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(checks, 85, "82 checks, and one for each of the 3 planted symlinks");

    assert_eq!(on_host_min.around(), before, "something outside the grant changed");
    assert_eq!(escaped_in_tmp(), tmp_before, "an absolute path escaped into /tmp");
    assert!(
        !on_host_min.grant.join("guest-fs.scratch").exists(),
        "guest-fs cleans up after itself"
    );
}

#[test]
fn every_escape_is_refused_by_name_and_leaves_nothing_behind() {
    let sandbox = sandbox_with_planted_links();
    let before = sandbox.around();
    let ran = guest_fs_on("host-min", &sandbox);
    let escapes: Vec<&str> = ran
        .stdout
        .lines()
        .filter(|l| l.contains(" escape-") || l.contains(" planted-") || l.contains(" dotdot-"))
        .collect();
    // Every escape guest-fs tries, each a check of its own.
    for name in [
        "dotdot-inside-ok",
        "escape-dotdot",
        "escape-dotdot-dirfd",
        "escape-dotdot-chain",
        "escape-absolute",
        "escape-symlink-relative",
        "escape-symlink-absolute",
        "escape-symlink-chain",
        "escape-symlink-loop",
        "escape-symlink-intermediate",
        "escape-creat-dangling",
        "escape-rename",
        "escape-link",
        "escape-unlink",
        "escape-filestat",
        "escape-readlink",
        "planted-planted-out",
        "planted-planted-abs",
        "planted-planted-dangling",
    ] {
        let line = format!("ok   {name}");
        assert!(
            escapes.contains(&line.as_str()),
            "{name} missing or failed:\n{}",
            escapes.join("\n")
        );
    }
    assert_eq!(sandbox.around(), before);
}

/// `fd_readdir` of a granted directory lists `..`, which lies outside it.
/// Its inode number is not revealed: host-min gives the grant's own, as
/// `/..` is `/`. (The wasmtime CLI gives every inode as a hash, the same
/// for both.)
#[test]
fn dot_dot_of_a_grant_reveals_nothing_of_the_directory_above() {
    use std::os::unix::fs::MetadataExt;
    let sandbox = sandbox_with_planted_links();
    let grant_ino = std::fs::metadata(&sandbox.grant).unwrap().ino();
    let above_ino = std::fs::metadata(sandbox.root.path()).unwrap().ino();
    for runtime in ["host-min", "wasmtime"] {
        let dir = format!("--dir={}::grant", sandbox.grant.display());
        let ran = run(run_on(runtime)
            .arg(dir)
            .arg(module("guest-fs.wasm"))
            .args(["grant", "--show-root-inodes"]));
        assert_eq!(ran.status, 0, "{runtime}: {}", ran.stderr);
        let ino = |name: &str| -> u64 {
            let line = ran.stdout.lines().find(|l| l.split(' ').next() == Some(name)).unwrap();
            line.split(' ').nth(1).unwrap().parse().unwrap()
        };
        assert_eq!(ino(".."), ino("."), "{runtime}: {}", ran.stdout);
        assert_ne!(ino(".."), above_ino, "{runtime} revealed the inode above the grant");
        if runtime == "host-min" {
            assert_eq!(ino("."), grant_ino);
        }
    }
}

/// The same checks with host-min run as an ordinary user (nobody), as most
/// users run it: permissions then apply, and `path_link` with
/// SYMLINK_FOLLOW may not take a capability for granted. Only root can
/// become nobody, so the test is ignored by a plain `cargo test`; `make test`
/// runs it with `--ignored` as root and says "skipped" in its output
/// otherwise.
#[test]
#[ignore = "needs root to run host-min as nobody; make test runs it when root"]
fn every_check_passes_when_host_min_runs_as_an_ordinary_user() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid only reads the process's effective user id.
    assert_eq!(unsafe { libc::geteuid() }, 0, "only root can run host-min as nobody");
    let sandbox = sandbox_with_planted_links();
    // nobody must reach the sandbox, the binary and the module: copies in
    // a folder of the sandbox's own (`around` compares what is in it).
    let bin = sandbox.root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let (binary, guest) = (bin.join("host-min"), bin.join("guest-fs.wasm"));
    std::fs::copy(env!("CARGO_BIN_EXE_host-min"), &binary).unwrap();
    std::fs::copy(module("guest-fs.wasm"), &guest).unwrap();
    let modes = [
        (sandbox.root.path(), 0o755),
        (bin.as_path(), 0o755),
        (sandbox.grant.as_path(), 0o777),
        (binary.as_path(), 0o755),
    ];
    for (path, mode) in modes {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::set_permissions(&guest, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = sandbox.around();
    let mut command = std::process::Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&binary)
        .arg("run");
    command
        .arg(format!("--dir={}::grant", sandbox.grant.display()))
        .arg(&guest)
        .args(["grant", "--strict"]);
    for name in PLANTED {
        command.args(["--planted", name]);
    }
    let ran = run(&mut command);
    let failed: Vec<&str> = ran.stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(failed.is_empty(), "as nobody:\n{}\n{}", failed.join("\n"), ran.stderr);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(ran.stdout.lines().filter(|l| l.starts_with("ok ")).count(), 85);
    assert_eq!(sandbox.around(), before, "something outside the grant changed");
}
