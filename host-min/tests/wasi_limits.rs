//! What a guest's WASI calls may cost the host, for the hostile modules
//! that aim at it: memory outside the guest's own cap, measured from
//! outside (peak resident memory from `wait4`), and time spent waiting in a
//! host call, where no epoch check can stop the guest.
//!
//! Run: `cargo test -p host-min --test wasi_limits`

// Only its `measure` (peak memory from wait4) is used here, not the bombs.
#[allow(dead_code)]
#[path = "common/bombs.rs"]
mod bombs;
mod common;

use bombs::measure;
use common::{host_min, repo_root};

fn hostile(name: &str) -> std::path::PathBuf {
    repo_root().join("wat/hostile").join(name)
}

/// host-min itself, with wasmtime and a small guest, stays well under this.
const PEAK_MIB: f64 = 100.0;

#[test]
fn overlapping_iovecs_naming_128_gib_write_16_mib_and_cost_no_more() {
    let grant = tempfile::tempdir().unwrap();
    let mut command = host_min();
    command
        .arg("run")
        .arg("--dir")
        .arg(grant.path())
        .arg(hostile("iovec-overlap.wat"));
    let ran = measure(&mut command);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    let written = std::fs::metadata(grant.path().join("out.bin")).unwrap().len();
    assert_eq!(written, 16 << 20, "one fd_write moves at most MAX_WRITE");
    assert!(ran.peak_mib < PEAK_MIB, "peak {:.0} MiB", ran.peak_mib);
}

#[test]
fn listing_a_huge_directory_250_times_holds_no_listing() {
    let grant = tempfile::tempdir().unwrap();
    let big = grant.path().join("big");
    std::fs::create_dir(&big).unwrap();
    for i in 0..20_000 {
        std::fs::write(big.join(format!("{i:0>200}")), "").unwrap();
    }
    let mut command = host_min();
    command
        .args(["run", "--max-memory-mib", "1", "--dir"])
        .arg(grant.path());
    let ran = measure(command.arg(hostile("readdir-hoarder.wat")));
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    // A listing kept per descriptor would be 250 x 20,000 x ~230 bytes: 1.1 GiB.
    assert!(ran.peak_mib < PEAK_MIB, "peak {:.0} MiB", ran.peak_mib);
}

/// A read of stdin (kept open, never written) or of a FIFO that has a
/// writer but no data waits only until the timeout.
#[test]
fn a_read_that_would_wait_for_ever_ends_at_the_timeout() {
    use std::process::Stdio;
    let grant = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(grant.path().join("fifo"))
        .status()
        .unwrap();
    assert!(made.success());
    for source in ["stdin", "fifo"] {
        let mut command = host_min();
        command.args(["run", "--timeout-ms", "300", "--dir"]).arg(grant.path());
        command.arg(hostile("wait-forever.wat"));
        if source == "fifo" {
            command.arg("fifo");
        }
        let started = std::time::Instant::now();
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let open_stdin = child.stdin.take(); // held, never written: no end of file
        let ran = child.wait_with_output().unwrap();
        drop(open_stdin);
        let took = started.elapsed();
        let stderr = String::from_utf8_lossy(&ran.stderr);
        assert_eq!(ran.status.code(), Some(72), "{source}: {stderr}");
        assert!(
            stderr.ends_with("_start timed out after 300 ms\n"),
            "{source}: {stderr}"
        );
        assert!(took < std::time::Duration::from_millis(800), "{source} took {took:?}");
    }
}

/// The WASI 0.2 hostile modules that aim at host memory (wat/hostile-p2/):
/// a guest that makes pollables until the resource cap stops it, and one
/// that asks stdin for 2^64-1 bytes 64 times, fed from /dev/zero.
#[test]
fn wasi_0_2_resource_and_read_bombs_keep_host_memory_small() {
    let hoarder = repo_root().join("out/p2/pollable-hoarder.wasm");
    let ran = measure(host_min().arg("run").arg(&hoarder));
    assert_eq!(ran.status, 70, "{}", ran.stderr);
    assert!(ran.stderr.contains("16384 WASI resources"), "{}", ran.stderr);
    assert!(ran.peak_mib < PEAK_MIB, "peak {:.0} MiB", ran.peak_mib);

    // `exec` keeps the pid, so wait4 measures host-min itself.
    let reader = repo_root().join("out/p2/huge-read.wasm");
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", "exec \"$0\" run \"$1\" < /dev/zero"])
        .arg(env!("CARGO_BIN_EXE_host-min"))
        .arg(&reader);
    let ran = measure(&mut command);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(
        ran.peak_mib < PEAK_MIB,
        "64 reads of up to 1 MiB: peak {:.0} MiB",
        ran.peak_mib
    );
}

/// A plugin that logs 60 MiB three times, then panics with 60 MiB
/// (wat/hostile/log-flood.wat). Each message is cut to 64 KiB before it is
/// escaped (env.rs), so each line says how much was cut and host-min stays
/// far under the 256 MiB that escaping whole messages would pass.
#[test]
fn a_guest_that_logs_60_mib_gets_64_kib_a_line_and_host_min_stays_small() {
    let flood = repo_root().join("wat/hostile/log-flood.wat");
    let mut command = host_min();
    command.arg("call").arg(&flood).arg("upper");
    let ran = measure(&mut command);
    assert_eq!(
        ran.status,
        70,
        "{}",
        &ran.stderr[ran.stderr.len().saturating_sub(200)..]
    );
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "three log lines and one error line");
    let cut = format!("[{} more bytes cut]", (60 << 20) - (64 << 10));
    for line in &lines {
        assert!(line.ends_with(&cut), "{}", &line[line.len().saturating_sub(80)..]);
        // 64 KiB of NUL, each escaped as `\u{0}` (five bytes), plus the rest.
        assert!(line.len() < 6 * (64 << 10), "a line of {} bytes", line.len());
    }
    assert!(lines[3].starts_with("error: "), "{}", &lines[3][..80]);
    assert!(ran.peak_mib < 256.0, "peak {:.0} MiB", ran.peak_mib);
}
