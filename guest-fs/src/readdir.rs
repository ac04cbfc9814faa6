//! Checks on fd_readdir: `.` and `..` in an empty directory, d_ino and
//! d_type of each kind of entry, resuming at every entry's cookie (the
//! last one's leads past the end), ~300 entries read through a 64-byte
//! buffer (entries cut off at its end), and a file refused.

use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    r.check("readdir-empty", readdir_empty);
    r.check("readdir-entries", readdir_entries);
    r.check("readdir-cookie", readdir_cookie);
    r.check("readdir-many-small-buffer", readdir_many);
    r.check("readdir-not-dir", readdir_not_dir);
}

fn find<'a>(entries: &'a [Entry], name: &str) -> Outcome<&'a Entry> {
    let mut found = entries.iter().filter(|e| e.name == name);
    match (found.next(), found.next()) {
        (Some(e), None) => Ok(e),
        (None, _) => Err(format!("entry {name:?}: expected once / got none")),
        (Some(_), Some(_)) => Err(format!("entry {name:?}: expected once / got it twice")),
    }
}

fn readdir_empty(dir: Fd) -> Outcome {
    let entries = ok("fd_readdir", list(dir, 256))?;
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    expect_eq("names in an empty directory", vec![".", ".."], names)?;
    let dot = find(&entries, ".")?;
    expect_eq("d_type of .", wasi::FILETYPE_DIRECTORY, dot.kind)?;
    expect_eq("d_type of ..", wasi::FILETYPE_DIRECTORY, find(&entries, "..")?.kind)?;
    expect_eq(
        "d_ino of . (fd_filestat_get's ino)",
        ok("fd_filestat_get", fstat(dir))?.ino,
        dot.ino,
    )
}

fn readdir_entries(dir: Fd) -> Outcome {
    put(dir, "file", b"x")?;
    ok("mkdir sub", mkdir(dir, "sub"))?;
    ok("symlink", symlink("file", dir, "link"))?;
    let entries = ok("fd_readdir", list(dir, 256))?;
    expect_eq("number of entries", 5, entries.len())?;
    for (name, kind) in [
        ("file", wasi::FILETYPE_REGULAR_FILE),
        ("sub", wasi::FILETYPE_DIRECTORY),
        ("link", wasi::FILETYPE_SYMBOLIC_LINK),
    ] {
        let entry = find(&entries, name)?;
        expect_eq(&format!("d_type of {name}"), kind, entry.kind)?;
        expect_eq(
            &format!("d_ino of {name}"),
            ok("path_filestat_get", stat(dir, NOFOLLOW, name))?.ino,
            entry.ino,
        )?;
    }
    Ok(())
}

fn readdir_cookie(dir: Fd) -> Outcome {
    for name in ["a", "b", "c"] {
        put(dir, name, b"")?;
    }
    let all = ok("fd_readdir", list(dir, 4096))?;
    expect_eq("number of entries", 5, all.len())?;
    for k in 0..all.len() {
        let rest = ok("fd_readdir from a cookie", list_from(dir, 4096, all[k].next))?;
        let want: Vec<&str> = all[k + 1..].iter().map(|e| e.name.as_str()).collect();
        let got: Vec<&str> = rest.iter().map(|e| e.name.as_str()).collect();
        expect_eq(&format!("entries after entry {k}'s d_next"), want, got)?;
    }
    // Cookies are the runtime's own (an index on the wasmtime CLI, the
    // kernel's d_off on host-min): the last entry's leads past the end.
    let last = all.last().map_or(0, |e| e.next);
    let past = ok("fd_readdir from the last entry's cookie", list_from(dir, 4096, last))?;
    expect_eq("entries past the end", 0, past.len())?;
    let again = ok("fd_readdir from cookie 0 again", list(dir, 4096))?;
    expect_eq("a second listing", all.len(), again.len())
}

fn readdir_many(dir: Fd) -> Outcome {
    const N: usize = 300;
    for i in 0..N {
        let f = ok(
            "create",
            open(dir, FOLLOW, &format!("file-{i:03}"), wasi::OFLAGS_CREAT, RW, 0),
        )?;
        drop(f);
    }
    // 64 bytes: one or two entries per call, most cut off at the end.
    let entries = ok("fd_readdir through 64 bytes", list(dir, 64))?;
    expect_eq("entries", N + 2, entries.len())?;
    for i in 0..N {
        find(&entries, &format!("file-{i:03}"))?;
    }
    find(&entries, ".")?;
    find(&entries, "..").map(drop)
}

fn readdir_not_dir(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    let f = ok("open", open(dir, FOLLOW, "f", 0, READ | wasi::RIGHTS_FD_READDIR, 0))?;
    // host-min answers NOTDIR; the wasmtime CLI BADF; node:wasi NOTCAPABLE.
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_BADF, wasi::ERRNO_NOTCAPABLE];
    fails("fd_readdir on a file", list(f.0, 256), set)
}
