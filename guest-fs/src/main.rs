//! guest-fs: a wasm32-wasip1 command that drives a host's WASI preview-1
//! filesystem and prints one line per check, so two runtimes can be
//! compared byte for byte.
//!
//! Usage: `guest-fs SCRATCH [--strict] [--planted NAME]... [--skip CHECK]...`
//!        `guest-fs SCRATCH --show-root-inodes`
//!
//! - SCRATCH is the guest name of a pre-opened directory. Everything is
//!   made inside `SCRATCH/guest-fs.scratch`, removed first if left over and
//!   removed again at the end. Each check gets a fresh subdirectory of it,
//!   named after the check.
//! - Each `--planted NAME` names a symlink the host put in SCRATCH before
//!   the run, pointing outside it; the check `planted-NAME` tries to go
//!   through it (escape_ops.rs).
//! - `--strict` is for host-min: where the wasmtime CLI may answer "not
//!   supported", host-min must act (support.rs, `lenient`).
//! - `--show-root-inodes` runs no check: it prints the inode numbers that
//!   `fd_readdir` gives for `.` and `..` of SCRATCH itself, for the host
//!   test to compare with what lies outside (host-min/tests/wasi_fs.rs).
//! - Each `--skip CHECK` leaves a check out (it prints `skip CHECK`): for a
//!   runtime on which that check never returns.
//!
//! Output: `ok   <check>` or `FAIL <check>: <expected> / <got>` for each
//! check, then `N checks, M failed`. Exit status 0 if every check passed,
//! 1 if one failed, 2 on bad usage (with one `error: ...` line on stderr).
//!
//! Where runtimes may legitimately answer differently, a check accepts a
//! set of errnos, so its line is the same on all of them. Each escape
//! attempt tries to create or write something named `escaped-<check>`
//! (outside the preopen, or under `/tmp` for absolute paths): the guest
//! only sees the errno; the host test looks for those names.

mod descriptors;
mod dirs;
mod escape_ops;
mod escapes;
mod file_meta;
mod files;
mod links;
mod paths;
mod poll;
mod readdir;
mod support;

use support::{open_dir, remove_tree, Outcome};
use wasi::Fd;

/// The subdirectory of the preopen every check works in.
const SCRATCH_DIR: &str = "guest-fs.scratch";

/// What the checks are given.
pub struct Ctx {
    /// The pre-opened directory named on the command line.
    pub preopen: Fd,
    /// Its name, as `fd_prestat_dir_name` gave it.
    pub preopen_name: String,
    /// `SCRATCH/guest-fs.scratch`, opened.
    pub scratch: Fd,
    /// The names given with `--planted`.
    pub planted: Vec<String>,
    /// The checks named with `--skip`.
    pub skipped: Vec<String>,
}

/// Runs checks and counts them.
pub struct Runner<'a> {
    pub ctx: &'a Ctx,
    total: usize,
    failed: usize,
}

impl Runner<'_> {
    /// Runs `body` in a fresh directory `guest-fs.scratch/<name>`, whose fd
    /// it is given, and prints the check's line.
    pub fn check(&mut self, name: &str, body: impl FnOnce(Fd) -> Outcome) {
        if self.ctx.skipped.iter().any(|skipped| skipped == name) {
            println!("skip {name}");
            return;
        }
        self.total += 1;
        let outcome = self.fresh_dir(name).and_then(|dir| body(dir.0));
        match outcome {
            Ok(()) => println!("ok   {name}"),
            Err(why) => {
                self.failed += 1;
                println!("FAIL {name}: {why}");
            }
        }
    }

    fn fresh_dir(&self, name: &str) -> Outcome<support::Owned> {
        support::ok(
            &format!("mkdir {SCRATCH_DIR}/{name}"),
            support::mkdir(self.ctx.scratch, name),
        )?;
        support::ok(&format!("open {SCRATCH_DIR}/{name}"), open_dir(self.ctx.scratch, name))
    }
}

/// The fd of the preopen called `name`: fds 3, 4, ... are asked in turn
/// until one is not a preopen (EBADF).
fn find_preopen(name: &str) -> Option<Fd> {
    for fd in 3.. {
        let prestat = unsafe { wasi::fd_prestat_get(fd) }.ok()?;
        if prestat.tag != wasi::PREOPENTYPE_DIR.raw() {
            continue;
        }
        let len = unsafe { prestat.u.dir.pr_name_len };
        let mut buf = vec![0u8; len];
        if unsafe { wasi::fd_prestat_dir_name(fd, buf.as_mut_ptr(), len) }.is_ok() && buf == name.as_bytes() {
            return Some(fd);
        }
    }
    None
}

/// Prints `. INO` and `.. INO` as `fd_readdir` lists them for the preopen.
fn show_root_inodes(name: &str) {
    let Some(preopen) = find_preopen(name) else {
        usage(&format!("no pre-opened directory is called {name:?}"))
    };
    let entries = support::list(preopen, 4096).unwrap_or_else(|e| usage(&format!("fd_readdir: {}", e.name())));
    for entry in entries.iter().filter(|e| e.name == "." || e.name == "..") {
        println!("{} {}", entry.name, entry.ino);
    }
}

fn usage(why: &str) -> ! {
    eprintln!("error: {why} (usage: guest-fs SCRATCH [--strict] [--planted NAME]... [--skip CHECK]... | guest-fs SCRATCH --show-root-inodes)");
    std::process::exit(2);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(name) = args.next() else {
        usage("no SCRATCH directory given")
    };
    let rest: Vec<String> = args.collect();
    if rest == ["--show-root-inodes"] {
        show_root_inodes(&name);
        return;
    }
    let (mut planted, mut skipped) = (Vec::new(), Vec::new());
    let mut rest = rest.into_iter();
    while let Some(arg) = rest.next() {
        if arg == "--strict" {
            support::set_strict();
            continue;
        }
        match (arg.as_str(), rest.next()) {
            ("--planted", Some(link)) if !link.is_empty() && !link.contains('/') => planted.push(link),
            ("--planted", _) => usage("--planted takes the name of a symlink in SCRATCH"),
            ("--skip", Some(check)) => skipped.push(check),
            _ => usage(&format!("unexpected argument {arg:?}")),
        }
    }
    let Some(preopen) = find_preopen(&name) else {
        usage(&format!("no pre-opened directory is called {name:?}"))
    };

    if let Err(e) = remove_tree(preopen, SCRATCH_DIR) {
        usage(&format!("cannot remove a left-over {SCRATCH_DIR}: {}", e.name()));
    }
    if let Err(e) = support::mkdir(preopen, SCRATCH_DIR) {
        usage(&format!("cannot create {SCRATCH_DIR}: {}", e.name()));
    }
    let scratch = match open_dir(preopen, SCRATCH_DIR) {
        Ok(fd) => fd,
        Err(e) => usage(&format!("cannot open {SCRATCH_DIR}: {}", e.name())),
    };
    let ctx = Ctx {
        preopen,
        preopen_name: name,
        scratch: scratch.0,
        planted,
        skipped,
    };
    let mut runner = Runner {
        ctx: &ctx,
        total: 0,
        failed: 0,
    };

    files::run(&mut runner);
    file_meta::run(&mut runner);
    descriptors::run(&mut runner);
    readdir::run(&mut runner);
    paths::run(&mut runner);
    dirs::run(&mut runner);
    links::run(&mut runner);
    escapes::run(&mut runner);
    escape_ops::run(&mut runner);
    poll::run(&mut runner);

    drop(scratch);
    let (total, mut failed) = (runner.total, runner.failed);
    let cleanup = remove_tree(preopen, SCRATCH_DIR);
    if let Err(e) = cleanup {
        failed += 1;
        println!(
            "FAIL cleanup: remove {SCRATCH_DIR}: expected success / got {}",
            e.name()
        );
    }
    println!("{} checks, {failed} failed", total + usize::from(cleanup.is_err()));
    std::process::exit(i32::from(failed > 0));
}
