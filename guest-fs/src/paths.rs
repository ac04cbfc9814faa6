//! Checks on path_open inside the grant: each oflag (CREAT, EXCL, TRUNC,
//! DIRECTORY), fdflags and lookupflags; EEXIST, ENOENT, ENOTDIR, EISDIR
//! and ELOOP; a file as the directory fd; trailing slashes; odd but legal
//! paths; symlinks followed or not, dangling, and in a loop.

use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    r.check("open-missing", open_missing);
    r.check("open-creat", open_creat);
    r.check("open-creat-excl", open_creat_excl);
    r.check("open-directory-flag", open_directory_flag);
    r.check("open-dirfd-not-dir", open_dirfd_not_dir);
    r.check("open-trailing-slash", open_trailing_slash);
    r.check("open-odd-paths", open_odd_paths);
    r.check("open-fdflags", open_fdflags);
    r.check("open-nofollow", open_nofollow);
    r.check("open-dangling-symlink", open_dangling);
    r.check("symlink-loop", symlink_loop);
}

fn open_missing(dir: Fd) -> Outcome {
    fails(
        "open of a missing file",
        open(dir, FOLLOW, "missing", 0, READ, 0),
        NOENT,
    )?;
    fails(
        "open TRUNC of a missing file",
        open(dir, FOLLOW, "missing", wasi::OFLAGS_TRUNC, RW, 0),
        NOENT,
    )?;
    fails(
        "open in a missing directory",
        open(dir, FOLLOW, "nodir/f", wasi::OFLAGS_CREAT, RW, 0),
        NOENT,
    )?;
    expect(
        "nothing created: expected no `missing`",
        !exists(dir, "missing"),
        "it exists",
    )
}

fn open_creat(dir: Fd) -> Outcome {
    drop(ok(
        "open CREAT of a new file",
        open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT, RW, 0),
    )?);
    expect_eq(
        "filetype",
        wasi::FILETYPE_REGULAR_FILE,
        ok("path_filestat_get", stat(dir, NOFOLLOW, "f"))?.filetype,
    )?;
    put(dir, "f", b"keep")?;
    drop(ok(
        "open CREAT of an existing file",
        open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT, RW, 0),
    )?);
    expect_eq("content after CREAT without TRUNC", b"keep".to_vec(), slurp(dir, "f")?)
}

fn open_creat_excl(dir: Fd) -> Outcome {
    let excl = wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL;
    drop(ok(
        "open CREAT|EXCL of a new file",
        open(dir, FOLLOW, "f", excl, RW, 0),
    )?);
    fails(
        "open CREAT|EXCL of an existing file",
        open(dir, FOLLOW, "f", excl, RW, 0),
        EXIST,
    )?;
    ok("mkdir d", mkdir(dir, "d"))?;
    fails(
        "open CREAT|EXCL of a directory",
        open(dir, FOLLOW, "d", excl, READ, 0),
        EXIST,
    )?;
    ok("dangling symlink", symlink("nowhere", dir, "dangling"))?;
    fails(
        "open CREAT|EXCL of a dangling symlink",
        open(dir, FOLLOW, "dangling", excl, RW, 0),
        EXIST,
    )?;
    expect(
        "CREAT|EXCL does not follow: expected no `nowhere`",
        !exists(dir, "nowhere"),
        "it exists",
    )
}

fn open_directory_flag(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    ok("mkdir d", mkdir(dir, "d"))?;
    let d = wasi::OFLAGS_DIRECTORY;
    fails("open DIRECTORY of a file", open(dir, FOLLOW, "f", d, READ, 0), NOTDIR)?;
    drop(ok("open DIRECTORY of a directory", open(dir, FOLLOW, "d", d, DIR, 0))?);
    drop(ok(
        "open of a directory, no oflags, no rights",
        open(dir, FOLLOW, "d", 0, 0, 0),
    )?);
    drop(ok(
        "open of a directory with FD_READ",
        open(dir, FOLLOW, "d", d, wasi::RIGHTS_FD_READ, 0),
    )?);
    drop(ok("open of \".\"", open(dir, FOLLOW, ".", d, DIR, 0))?);
    let rw = wasi::RIGHTS_FD_READ | wasi::RIGHTS_FD_WRITE;
    fails(
        "open of a directory with FD_WRITE",
        open(dir, FOLLOW, "d", d, rw, 0),
        &[wasi::ERRNO_ISDIR],
    )?;
    fails(
        "open of a directory with TRUNC",
        open(dir, FOLLOW, "d", wasi::OFLAGS_TRUNC, rw, 0),
        &[wasi::ERRNO_ISDIR],
    )?;
    let creat_dir = wasi::OFLAGS_CREAT | wasi::OFLAGS_DIRECTORY; // never makes a file
    fails(
        "open CREAT|DIRECTORY",
        open(dir, FOLLOW, "new", creat_dir, DIR, 0),
        // All three answer INVAL. ISDIR: none of the three; origin not established.
        &[wasi::ERRNO_INVAL, wasi::ERRNO_ISDIR],
    )?;
    expect(
        "after CREAT|DIRECTORY: expected no `new`",
        !exists(dir, "new"),
        "it exists",
    )
}

fn open_dirfd_not_dir(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    let f = ok("open f", open(dir, FOLLOW, "f", 0, READ | wasi::RIGHTS_PATH_OPEN, 0))?;
    // host-min and the wasmtime CLI answer NOTDIR; node:wasi NOTCAPABLE (a
    // file has no PATH_OPEN right).
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOTCAPABLE];
    fails(
        "path_open with a file as dirfd",
        open(f.0, FOLLOW, "g", wasi::OFLAGS_CREAT, RW, 0),
        set,
    )?;
    // Beyond path_open, the wasmtime CLI answers BADF; host-min NOTDIR;
    // node:wasi NOTCAPABLE.
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_BADF];
    fails("path_create_directory with a file as dirfd", mkdir(f.0, "g"), set)?;
    fails("path_filestat_get with a file as dirfd", stat(f.0, NOFOLLOW, "."), set)
}

fn open_trailing_slash(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    ok("mkdir d", mkdir(dir, "d"))?;
    // All three answer NOTDIR; NOENT is how a Windows host answers a trailing
    // slash on a file (wasmtime's tests, for unlink and rmdir).
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT];
    fails("open \"f/\"", open(dir, FOLLOW, "f/", 0, READ, 0), set)?;
    fails("open \"f///\"", open(dir, FOLLOW, "f///", 0, READ, 0), set)?;
    fails("path_filestat_get \"f/\"", stat(dir, FOLLOW, "f/"), set)?;
    drop(ok("open \"d/\"", open(dir, FOLLOW, "d/", 0, DIR, 0))?);
    drop(ok("open \"d///\"", open(dir, FOLLOW, "d///", 0, DIR, 0))?);
    // All three answer ISDIR (Linux). NOENT: none of the three; what a Windows
    // host answers to other trailing slashes (wasmtime's tests).
    fails(
        "open CREAT \"new/\"",
        open(dir, FOLLOW, "new/", wasi::OFLAGS_CREAT, RW, 0),
        &[wasi::ERRNO_ISDIR, wasi::ERRNO_NOENT],
    )
}

fn open_odd_paths(dir: Fd) -> Outcome {
    ok("mkdir sub", mkdir(dir, "sub"))?;
    ok("mkdir sub/nested", mkdir(dir, "sub/nested"))?;
    put(dir, "sub/nested/f", b"deep")?;
    let odd = "sub/.//nested/../../sub/nested/../nested///./f";
    expect_eq("content through an odd path", b"deep".to_vec(), slurp(dir, odd)?)?;
    expect_eq("content through ./", b"deep".to_vec(), slurp(dir, "./sub/nested/f")?)?;
    // host-min and the wasmtime CLI answer INVAL (node:wasi opens the file, a
    // known failure there); older wasmtime answered ILSEQ; NOENT is a Windows
    // host's (wasmtime's tests).
    let nul = &[wasi::ERRNO_INVAL, wasi::ERRNO_ILSEQ, wasi::ERRNO_NOENT];
    fails(
        "open of a path with a NUL",
        open(dir, FOLLOW, "sub/nested/f\0", 0, READ, 0),
        nul,
    )?;
    fails("open of the empty path", open(dir, FOLLOW, "", 0, READ, 0), NOENT)
}

fn open_fdflags(dir: Fd) -> Outcome {
    drop(ok(
        "open \".\" NONBLOCK",
        open(dir, FOLLOW, ".", 0, 0, wasi::FDFLAGS_NONBLOCK),
    )?);
    let f = ok(
        "create NONBLOCK",
        open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT, RW, wasi::FDFLAGS_NONBLOCK),
    )?;
    ok("write", write(f.0, b"x"))?;
    drop(f);
    // A runtime may refuse the sync flags (NOTSUP); one that takes them says so.
    for (name, flag) in [
        ("DSYNC", wasi::FDFLAGS_DSYNC),
        ("SYNC", wasi::FDFLAGS_SYNC),
        ("RSYNC", wasi::FDFLAGS_RSYNC),
    ] {
        let f = match open(dir, FOLLOW, "f", 0, RW, flag) {
            Err(wasi::ERRNO_NOTSUP) => continue,
            other => ok(&format!("open {name}"), other)?,
        };
        let flags = ok("fd_fdstat_get", unsafe { wasi::fd_fdstat_get(f.0) })?.fs_flags;
        expect_eq(&format!("{name} in fdstat"), flag, flags & flag)?;
        ok(&format!("write with {name}"), write(f.0, b"y"))?;
    }
    Ok(())
}

fn open_nofollow(dir: Fd) -> Outcome {
    put(dir, "f", b"target")?;
    ok("mkdir d", mkdir(dir, "d"))?;
    ok("symlink to f", symlink("f", dir, "to-file"))?;
    ok("symlink to d", symlink("d", dir, "to-dir"))?;
    let d = wasi::OFLAGS_DIRECTORY;
    fails(
        "open of a link to a file, nofollow",
        open(dir, NOFOLLOW, "to-file", 0, READ, 0),
        LOOP,
    )?;
    // The wasmtime CLI answers LOOP; host-min NOTDIR; node:wasi NOTDIR for the
    // link to a file and opens the link to a dir (a known failure there).
    let loop_or_notdir = &[wasi::ERRNO_LOOP, wasi::ERRNO_NOTDIR];
    fails(
        "open DIRECTORY of a link to a file, nofollow",
        open(dir, NOFOLLOW, "to-file", d, DIR, 0),
        loop_or_notdir,
    )?;
    fails(
        "open DIRECTORY of a link to a dir, nofollow",
        open(dir, NOFOLLOW, "to-dir", d, DIR, 0),
        loop_or_notdir,
    )?;
    // host-min and the wasmtime CLI answer LOOP (node:wasi opens it, a known
    // failure there). ACCES: none of the three; wasmtime's own nofollow test
    // accepts it too.
    fails(
        "open of a link to a dir, nofollow",
        open(dir, NOFOLLOW, "to-dir", 0, DIR, 0),
        &[wasi::ERRNO_LOOP, wasi::ERRNO_ACCES],
    )?;
    fails(
        "open DIRECTORY of a link to a file, follow",
        open(dir, FOLLOW, "to-file", d, DIR, 0),
        NOTDIR,
    )?;
    drop(ok(
        "open DIRECTORY of a link to a dir, follow",
        open(dir, FOLLOW, "to-dir", d, DIR, 0),
    )?);
    expect_eq("content through the link", b"target".to_vec(), slurp(dir, "to-file")?)?;
    // Only the last component is "not followed": links before it are.
    put(dir, "d/g", b"in d")?;
    expect_eq("nofollow with a link in the middle", b"in d".to_vec(), {
        let g = ok("open to-dir/g nofollow", open(dir, NOFOLLOW, "to-dir/g", 0, READ, 0))?;
        ok("read", read(g.0, 100))?
    })
}

fn open_dangling(dir: Fd) -> Outcome {
    ok("dangling symlink", symlink("target", dir, "dangling"))?;
    fails("open, nofollow", open(dir, NOFOLLOW, "dangling", 0, READ, 0), LOOP)?;
    // host-min answers NOTDIR; the wasmtime CLI LOOP (node:wasi NOENT, a known
    // failure there).
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_LOOP];
    fails(
        "open DIRECTORY, nofollow",
        open(dir, NOFOLLOW, "dangling", wasi::OFLAGS_DIRECTORY, DIR, 0),
        set,
    )?;
    fails("open, follow", open(dir, FOLLOW, "dangling", 0, READ, 0), NOENT)?;
    ok("unlink the symlink", unlink(dir, "dangling"))?;
    expect(
        "unlinked: expected no `dangling`",
        !exists(dir, "dangling"),
        "it exists",
    )
}

fn symlink_loop(dir: Fd) -> Outcome {
    ok("symlink to itself", symlink("self", dir, "self"))?;
    ok("symlink a -> b", symlink("b", dir, "a"))?;
    ok("symlink b -> a", symlink("a", dir, "b"))?;
    fails("open self, nofollow", open(dir, NOFOLLOW, "self", 0, READ, 0), LOOP)?;
    fails("open self, follow", open(dir, FOLLOW, "self", 0, READ, 0), LOOP)?;
    fails("open a, follow", open(dir, FOLLOW, "a", 0, READ, 0), LOOP)?;
    fails(
        "open CREAT through a",
        open(dir, FOLLOW, "a", wasi::OFLAGS_CREAT, RW, 0),
        LOOP,
    )?;
    fails("open self/x", open(dir, NOFOLLOW, "self/x", 0, READ, 0), LOOP)?;
    fails("path_filestat_get follow", stat(dir, FOLLOW, "a"), LOOP)?;
    expect_eq(
        "path_filestat_get nofollow",
        wasi::FILETYPE_SYMBOLIC_LINK,
        ok("stat", stat(dir, NOFOLLOW, "a"))?.filetype,
    )
}
