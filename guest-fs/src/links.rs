//! Checks on links inside the grant: hard links (same inode, nlink, EEXIST,
//! directories refused, symlinks linked themselves or followed), symlinks
//! and trailing slashes, readlink with truncation, and path_filestat_get /
//! path_filestat_set_times on a symlink versus its target.

use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    r.check("link", hard_link);
    r.check("link-symlink", link_symlink);
    r.check("symlink-trailing-slash", symlink_trailing_slash);
    r.check("readlink", read_link);
    r.check("filestat-follow", filestat_follow);
    r.check("set-times-link-vs-target", set_times_link);
}

fn hard_link(dir: Fd) -> Outcome {
    put(dir, "f", b"linked")?;
    ok("mkdir sub", mkdir(dir, "sub"))?;
    ok("link f -> g", link(dir, NOFOLLOW, "f", dir, "g"))?;
    ok("link f -> sub/h", link(dir, NOFOLLOW, "f", dir, "sub/h"))?;
    let (f, g) = (
        ok("stat f", stat(dir, NOFOLLOW, "f"))?,
        ok("stat g", stat(dir, NOFOLLOW, "g"))?,
    );
    expect_eq("ino of the link", f.ino, g.ino)?;
    expect_eq("nlink", 3, g.nlink)?;
    expect_eq("content through sub/h", b"linked".to_vec(), slurp(dir, "sub/h")?)?;
    fails("link onto an existing file", link(dir, NOFOLLOW, "f", dir, "g"), EXIST)?;
    fails("link onto itself", link(dir, NOFOLLOW, "f", dir, "f"), EXIST)?;
    fails("link onto a dir", link(dir, NOFOLLOW, "f", dir, "sub"), EXIST)?;
    // All three answer PERM (Linux). ACCES: none of the three; wasmtime's own
    // path_link test accepts it too.
    fails(
        "link of a dir",
        link(dir, NOFOLLOW, "sub", dir, "sub2"),
        &[wasi::ERRNO_PERM, wasi::ERRNO_ACCES],
    )?;
    // All three answer NOENT, as wasmtime's tests expect. NOTDIR: none of the
    // three; its origin is not established.
    fails(
        "link to \"new/\"",
        link(dir, NOFOLLOW, "f", dir, "new/"),
        &[wasi::ERRNO_NOENT, wasi::ERRNO_NOTDIR],
    )?;
    // All three answer NOTDIR; NOENT is how a Windows host answers a trailing
    // slash on a file (wasmtime's tests, for unlink and rmdir).
    fails(
        "link of \"f/\"",
        link(dir, NOFOLLOW, "f/", dir, "new"),
        &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT],
    )?;
    fails(
        "link of a missing file",
        link(dir, NOFOLLOW, "missing", dir, "new"),
        NOENT,
    )
}

fn link_symlink(dir: Fd) -> Outcome {
    ok("dangling symlink", symlink("nowhere", dir, "dangling"))?;
    ok(
        "link of a dangling symlink",
        link(dir, NOFOLLOW, "dangling", dir, "copy"),
    )?;
    expect_eq(
        "the link is a symlink",
        wasi::FILETYPE_SYMBOLIC_LINK,
        ok("stat", stat(dir, NOFOLLOW, "copy"))?.filetype,
    )?;
    put(dir, "f", b"x")?;
    fails(
        "link onto a dangling symlink",
        link(dir, NOFOLLOW, "f", dir, "dangling"),
        EXIST,
    )?;
    // host-min and node:wasi answer NOENT; the wasmtime CLI refuses FOLLOW (INVAL).
    let follow = link(dir, FOLLOW, "dangling", dir, "followed");
    fails(
        "link FOLLOW of a dangling symlink",
        follow,
        &[wasi::ERRNO_NOENT, wasi::ERRNO_INVAL],
    )?;
    ok("symlink to f", symlink("f", dir, "to-f"))?;
    // FOLLOW links what the symlink names; a runtime may refuse FOLLOW (INVAL).
    match link(dir, FOLLOW, "to-f", dir, "f2") {
        Err(wasi::ERRNO_INVAL) if lenient() => Ok(()),
        other => {
            ok("link FOLLOW of a symlink to a file", other)?;
            let kind = ok("stat f2", stat(dir, NOFOLLOW, "f2"))?.filetype;
            expect_eq(
                "link FOLLOW makes a link to the target",
                wasi::FILETYPE_REGULAR_FILE,
                kind,
            )
        }
    }
}

fn symlink_trailing_slash(dir: Fd) -> Outcome {
    fails("symlink at \"missing/\"", symlink("source", dir, "missing/"), NOENT)?;
    ok("mkdir d", mkdir(dir, "d"))?;
    // All three answer EXIST; NOENT is a Windows host's (wasmtime's tests).
    let exist_or_noent = &[wasi::ERRNO_EXIST, wasi::ERRNO_NOENT];
    fails(
        "symlink at an existing dir",
        symlink("source", dir, "d"),
        exist_or_noent,
    )?;
    fails("symlink at \"d/\"", symlink("source", dir, "d/"), exist_or_noent)?;
    put(dir, "f", b"x")?;
    fails(
        "symlink at an existing file",
        symlink("source", dir, "f"),
        exist_or_noent,
    )?;
    // host-min and node:wasi answer EXIST; the wasmtime CLI NOTDIR; NOENT is a
    // Windows host's (wasmtime's tests).
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT, wasi::ERRNO_EXIST];
    fails("symlink at \"f/\"", symlink("source", dir, "f/"), set)
}

fn read_link(dir: Fd) -> Outcome {
    ok("symlink", symlink("target", dir, "link"))?;
    let (used, buf) = ok("readlink into 10 bytes", readlink(dir, "link", 10, b'#'))?;
    expect_eq("readlink into 10 bytes", (6, b"target####".to_vec()), (used, buf))?;
    let (used, buf) = ok("readlink into 4 bytes", readlink(dir, "link", 4, b'#'))?;
    expect_eq("readlink into 4 bytes (cut off)", (4, b"targ".to_vec()), (used, buf))?;
    put(dir, "f", b"x")?;
    fails("readlink of a file", readlink(dir, "f", 10, 0), &[wasi::ERRNO_INVAL])?;
    fails("readlink of a missing name", readlink(dir, "missing", 10, 0), NOENT)
}

fn filestat_follow(dir: Fd) -> Outcome {
    put(dir, "f", b"12345")?;
    ok("mkdir d", mkdir(dir, "d"))?;
    ok("symlink to f", symlink("f", dir, "to-f"))?;
    ok("symlink to d", symlink("d", dir, "to-d"))?;
    let cases = [
        ("to-f", NOFOLLOW, wasi::FILETYPE_SYMBOLIC_LINK),
        ("to-f", FOLLOW, wasi::FILETYPE_REGULAR_FILE),
        ("to-d", NOFOLLOW, wasi::FILETYPE_SYMBOLIC_LINK),
        ("to-d", FOLLOW, wasi::FILETYPE_DIRECTORY),
        ("d", NOFOLLOW, wasi::FILETYPE_DIRECTORY),
    ];
    for (path, lookup, kind) in cases {
        let what = format!("filetype of {path} (follow={lookup})");
        expect_eq(&what, kind, ok(&what, stat(dir, lookup, path))?.filetype)?;
    }
    expect_eq("size through the link", 5, ok("stat", stat(dir, FOLLOW, "to-f"))?.size)?;
    fails(
        "path_filestat_get of a missing name",
        stat(dir, NOFOLLOW, "missing"),
        NOENT,
    )
}

fn set_times_link(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    ok("symlink to f", symlink("f", dir, "link"))?;
    let before = ok("stat f", stat(dir, NOFOLLOW, "f"))?.mtim;
    let (t1, t2) = (1_200_000_000_000_000_001, 1_300_000_000_000_000_002);
    ok("set the link's own mtim", unsafe {
        wasi::path_filestat_set_times(dir, NOFOLLOW, "link", 0, t1, wasi::FSTFLAGS_MTIM)
    })?;
    expect_eq(
        "the link's mtim",
        t1,
        ok("stat link", stat(dir, NOFOLLOW, "link"))?.mtim,
    )?;
    expect_eq(
        "the target's mtim, unchanged",
        before,
        ok("stat f", stat(dir, NOFOLLOW, "f"))?.mtim,
    )?;
    ok("set the target's mtim", unsafe {
        wasi::path_filestat_set_times(dir, FOLLOW, "link", 0, t2, wasi::FSTFLAGS_MTIM)
    })?;
    expect_eq("the target's mtim", t2, ok("stat f", stat(dir, NOFOLLOW, "f"))?.mtim)?;
    expect_eq(
        "the target's mtim, through the link",
        t2,
        ok("stat link", stat(dir, FOLLOW, "link"))?.mtim,
    )?;
    expect_eq(
        "the link's mtim, unchanged",
        t1,
        ok("stat link", stat(dir, NOFOLLOW, "link"))?.mtim,
    )
}
