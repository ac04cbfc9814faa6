//! `host-min run --dir`: a granted directory, on the real binary, side by
//! side with the real wasmtime CLI. guest-wasi (exercise 2) must print the
//! same on both, apart from errno names; the escapes it tries must be
//! refused on both, with nothing appearing outside the grant.
//!
//! Run: `make build && cargo test -p host-min --test grants`

mod common;

use common::sandbox::Sandbox;
use common::{assert_one_error_line, host_min, module, run, run_on, Output};
use std::process::Command;

fn guest_wasi_on(runtime: &str, grants: &[String], args: &[&str]) -> Output {
    let mut command = run_on(runtime);
    for grant in grants {
        command.arg(format!("--dir={grant}"));
    }
    run(command.arg(module("guest-wasi.wasm")).args(args))
}

/// guest-wasi's output with errno names blanked: EPERM (wasmtime) and
/// ENOTCAPABLE (host-min) say the same thing.
fn without_errno_names(text: &str) -> String {
    text.lines()
        .map(|line| match line.split_once(": refused with E") {
            Some((before, _)) => format!("{before}: refused with <errno>"),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn guest_wasi_prints_the_same_on_host_min_and_the_wasmtime_cli() {
    let sandbox = Sandbox::new();
    // Symlinks already in the grant, pointing out: relative, absolute, chained.
    let grant = &sandbox.grant;
    std::os::unix::fs::symlink("../outside", grant.join("out-relative")).unwrap();
    std::os::unix::fs::symlink(&sandbox.outside, grant.join("out-absolute")).unwrap();
    std::os::unix::fs::symlink("out-relative", grant.join("out-chained")).unwrap();
    std::fs::create_dir(grant.join("sub")).unwrap();
    let escapes = [
        "../escape.txt",
        "/tmp/escape.txt",
        "sub/../../escape.txt",
        "out-relative/escape.txt",
        "out-absolute/escape.txt",
        "out-chained/escape.txt",
        "out-relative/secret.txt",
    ];
    let before = sandbox.around();
    let grants = [grant.display().to_string()];
    let args = [&["21"], &escapes[..]].concat();

    let on_wasmtime = guest_wasi_on("wasmtime", &grants, &args);
    let on_host_min = guest_wasi_on("host-min", &grants, &args);

    assert_eq!(
        (on_wasmtime.status, on_host_min.status),
        (0, 0),
        "{}",
        on_host_min.stderr
    );
    assert_eq!(
        without_errno_names(&on_host_min.stdout),
        without_errno_names(&on_wasmtime.stdout)
    );
    for path in escapes {
        let line = format!("create {path}: refused with ENOTCAPABLE");
        assert!(on_host_min.stdout.contains(&line), "{path}:\n{}", on_host_min.stdout);
    }
    assert_eq!(sandbox.around(), before, "something outside the grant changed");
    let written = std::fs::read_to_string(grant.join("guest-wasi.txt")).unwrap();
    assert_eq!(written, "fib(21) = 10946\n");
}

#[test]
fn a_path_inside_the_grant_is_allowed_on_both() {
    let sandbox = Sandbox::new();
    let grants = [sandbox.grant.display().to_string()];
    for runtime in ["wasmtime", "host-min"] {
        let ran = guest_wasi_on(runtime, &grants, &["5", "inside.txt", "sub/../inside2.txt"]);
        assert_eq!(ran.status, 3, "{runtime}: the check flags what it was allowed");
        assert!(
            ran.stdout.contains("create inside.txt: NOT refused"),
            "{runtime}: {}",
            ran.stdout
        );
        assert!(sandbox.grant.join("inside.txt").exists());
    }
}

#[test]
fn grants_take_fd_3_4_in_order_under_their_guest_names() {
    let (a, b) = (Sandbox::new(), Sandbox::new());
    let grants = [
        format!("{}::/data", a.grant.display()),
        format!("{}::cache", b.grant.display()),
    ];
    for runtime in ["wasmtime", "host-min"] {
        let ran = guest_wasi_on(runtime, &grants, &["3"]);
        assert_eq!(ran.status, 0, "{runtime}: {}", ran.stderr);
        let expected = "fib(3) = 2\npreopened fd 3: (where guest-wasi.txt goes) /data\npreopened fd 4: cache\n";
        assert!(ran.stdout.starts_with(expected), "{runtime}: {}", ran.stdout);
    }
    assert!(a.grant.join("guest-wasi.txt").exists() && !b.grant.join("guest-wasi.txt").exists());
}

#[test]
fn a_runtime_option_after_the_module_is_named_in_one_line() {
    // `wasmtime run guest-wasi.wasm --dir=.`: the option is the guest's argument.
    for runtime in ["wasmtime", "host-min"] {
        let ran = run(run_on(runtime).arg(module("guest-wasi.wasm")).arg("--dir=."));
        assert_eq!(ran.status, 1, "{runtime}");
        assert_eq!(
            ran.stderr,
            "error: `--dir=.` reached guest-wasi as an argument; runtime options go before the module (wasmtime run --dir=. guest-wasi.wasm)\n",
            "{runtime}"
        );
        assert_eq!(ran.stdout, "");
    }
}

#[test]
fn a_dir_that_is_missing_or_not_a_directory_is_one_error_line_and_exit_66() {
    let sandbox = Sandbox::new();
    let file = sandbox.outside.join("secret.txt");
    let missing = sandbox.grant.join("missing");
    for (dir, why) in [
        (file.as_path(), "not a directory"),
        (missing.as_path(), "No such file or directory (os error 2)"),
    ] {
        let ran = run(host_min()
            .arg("run")
            .arg("--dir")
            .arg(dir)
            .arg(module("guest-wasi.wasm")));
        assert_eq!(ran.status, 66, "{}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert_eq!(
            ran.stderr,
            format!("error: cannot grant --dir {}: {why}\n", dir.display())
        );
        assert_eq!(ran.stdout, "", "the guest must not run");
    }
    for bad in ["::guest", "host::"] {
        let ran = run(host_min().args(["run", "--dir", bad]).arg(module("guest-wasi.wasm")));
        assert_eq!(ran.status, 64, "{bad}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
    }
}

/// The grant is a directory the guest cannot see past, even when the
/// host's path to it goes through a symlink.
#[test]
fn a_grant_reached_through_a_symlink_is_the_directory_it_points_to() {
    let sandbox = Sandbox::new();
    let via = sandbox.outside.join("via-link");
    std::os::unix::fs::symlink(&sandbox.grant, &via).unwrap();
    let ran = guest_wasi_on("host-min", &[format!("{}::g", via.display())], &["4", "../secret.txt"]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(ran.stdout.contains("create ../secret.txt: refused with ENOTCAPABLE"));
    assert!(sandbox.grant.join("guest-wasi.txt").exists());
    assert_eq!(
        std::fs::read_to_string(sandbox.outside.join("secret.txt")).unwrap(),
        "not yours\n"
    );
}

/// A directory swapped for a symlink between check and use: while the
/// guest creates `swap/escaped.txt` 20,000 times, this thread swaps `swap`
/// (a real directory) with `decoy` (a symlink out of the grant), atomically
/// and as fast as it can. The kernel resolves each path beneath the grant
/// in one walk, so no attempt lands outside.
#[test]
fn a_directory_swapped_for_a_symlink_mid_flight_leads_nowhere_outside() {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use std::sync::atomic::{AtomicBool, Ordering};
    let sandbox = Sandbox::new();
    let (swap, decoy) = (sandbox.grant.join("swap"), sandbox.grant.join("decoy"));
    std::fs::create_dir(&swap).unwrap();
    std::os::unix::fs::symlink(&sandbox.outside, &decoy).unwrap();
    let before = sandbox.around();
    let racing = AtomicBool::new(true);
    let swaps = std::thread::scope(|scope| {
        let swapper = scope.spawn(|| {
            let mut swaps = 0u64;
            while racing.load(Ordering::Relaxed) {
                renameat_with(CWD, &swap, CWD, &decoy, RenameFlags::EXCHANGE).unwrap();
                swaps += 1;
            }
            swaps
        });
        let module = common::repo_root().join("wat/hostile/swap-race.wat");
        let ran = run(host_min().arg("run").arg("--dir").arg(&sandbox.grant).arg(module));
        racing.store(false, Ordering::Relaxed);
        assert_eq!(ran.status, 0, "an attempt failed unexpectedly: {}", ran.stderr);
        swapper.join().unwrap()
    });
    assert!(swaps > 1000, "only {swaps} swaps: the race was not run");
    assert_eq!(sandbox.around(), before, "a file was created outside the grant");
    let inside = [&swap, &decoy].iter().any(|dir| dir.join("escaped.txt").exists());
    assert!(inside, "no attempt ever succeeded inside: the guest did not race");
}

/// A FIFO in the grant: opening it for writing with no reader would block
/// in open(2), out of reach of any timeout. host-min opens non-blocking,
/// so the guest gets an errno (ENXIO) at once.
#[test]
fn a_fifo_in_the_grant_cannot_hang_the_host() {
    let sandbox = Sandbox::new();
    let made = Command::new("mkfifo").arg(sandbox.grant.join("fifo")).status().unwrap();
    assert!(made.success());
    let started = std::time::Instant::now();
    let ran = guest_wasi_on("host-min", &[sandbox.grant.display().to_string()], &["5", "fifo"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the open blocked"
    );
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(
        ran.stdout.contains("create fifo: refused with another errno"),
        "{}",
        ran.stdout
    );
}
