//! host-min's WASI filesystem (src/wasi/), driven call by call by
//! guest-fs (guest-fs/src/), and held to the real wasmtime CLI: the same
//! 80-odd checks must print the same lines on both. After every run the
//! host side checks that nothing outside the grant was created, changed or
//! removed, whatever the guest printed.
//!
//! Run: `make build && cargo test -p host-min --test wasi_fs`

mod common;

use common::{host_min, module, run, Output};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `root/grant` is granted; `root/outside` is not and holds a secret.
/// The grant holds symlinks that point out of it, planted before the run.
struct Sandbox {
    root: tempfile::TempDir,
}

const PLANTED: [&str; 3] = ["planted-out", "planted-abs", "planted-dangling"];

impl Sandbox {
    fn new() -> Sandbox {
        let root = tempfile::tempdir().unwrap();
        let (grant, outside) = (root.path().join("grant"), root.path().join("outside"));
        std::fs::create_dir(&grant).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "not yours\n").unwrap();
        let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, grant.join(name)).unwrap();
        link(Path::new("../outside"), PLANTED[0]);
        link(&outside, PLANTED[1]);
        link(&root.path().join("missing"), PLANTED[2]);
        Sandbox { root }
    }

    fn grant(&self) -> PathBuf {
        self.root.path().join("grant")
    }

    /// Every path outside the grant (the grant's parent, and `outside/`
    /// with its contents): its contents, size, mode and modification time,
    /// compared before and after. A directory's time changes when an entry
    /// is made or removed in it, so a file made and removed shows too.
    fn outside(&self) -> Vec<String> {
        use std::os::unix::fs::MetadataExt;
        let mut seen = Vec::new();
        let outside = self.root.path().join("outside");
        for dir in [self.root.path().to_path_buf(), outside.clone()] {
            let entries = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path());
            // The grant itself is the guest's to change; what is around it is not.
            for path in entries.chain([dir.clone()]).filter(|path| *path != self.grant()) {
                let meta = std::fs::symlink_metadata(&path).unwrap();
                let content = std::fs::read(&path)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                let stamp = (meta.len(), meta.mode(), meta.mtime(), meta.mtime_nsec());
                seen.push(format!("{} {content:?} {stamp:?}", path.display()));
            }
        }
        seen.sort();
        seen.dedup();
        seen
    }
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
    let mut command = match runtime {
        "wasmtime" => Command::new("wasmtime"),
        _ => host_min(),
    };
    command
        .arg("run")
        .arg(format!("--dir={}::grant", sandbox.grant().display()))
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
    let (on_wasmtime, on_host_min) = (Sandbox::new(), Sandbox::new());
    let before = on_host_min.outside();

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

    assert_eq!(on_host_min.outside(), before, "something outside the grant changed");
    assert_eq!(escaped_in_tmp(), tmp_before, "an absolute path escaped into /tmp");
    assert!(
        !on_host_min.grant().join("guest-fs.scratch").exists(),
        "guest-fs cleans up after itself"
    );
}

#[test]
fn every_escape_is_refused_by_name_and_leaves_nothing_behind() {
    let sandbox = Sandbox::new();
    let before = sandbox.outside();
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
    assert_eq!(sandbox.outside(), before);
}

/// `fd_readdir` of a granted directory lists `..`, which lies outside it.
/// Its inode number is not revealed: host-min gives the grant's own, as
/// `/..` is `/`. (The wasmtime CLI gives every inode as a hash, the same
/// for both.)
#[test]
fn dot_dot_of_a_grant_reveals_nothing_of_the_directory_above() {
    use std::os::unix::fs::MetadataExt;
    let sandbox = Sandbox::new();
    let grant_ino = std::fs::metadata(sandbox.grant()).unwrap().ino();
    let above_ino = std::fs::metadata(sandbox.root.path()).unwrap().ino();
    for runtime in ["host-min", "wasmtime"] {
        let mut command = match runtime {
            "wasmtime" => Command::new("wasmtime"),
            _ => host_min(),
        };
        let dir = format!("--dir={}::grant", sandbox.grant().display());
        let ran = run(command
            .args(["run", &dir])
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
