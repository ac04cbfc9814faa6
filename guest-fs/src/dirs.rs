//! Checks on names inside the grant: mkdir and rmdir (EEXIST, ENOENT,
//! ENOTDIR, ENOTEMPTY, `.`), trailing slashes on rmdir, unlink and rename,
//! renaming files and directories over each other, and names reused after
//! what they named was removed.

use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    r.check("mkdir-rmdir", mkdir_rmdir);
    r.check("rmdir-trailing-slash", rmdir_trailing_slash);
    r.check("unlink-trailing-slash", unlink_trailing_slash);
    r.check("rename-file", rename_file);
    r.check("rename-dir", rename_dir);
    r.check("rename-trailing-slash", rename_trailing_slash);
    r.check("reuse-after-close", reuse_after_close);
}

fn mkdir_rmdir(dir: Fd) -> Outcome {
    ok("mkdir d", mkdir(dir, "d"))?;
    fails("mkdir d again", mkdir(dir, "d"), EXIST)?;
    put(dir, "f", b"x")?;
    fails("mkdir over a file", mkdir(dir, "f"), EXIST)?;
    fails("mkdir in a missing dir", mkdir(dir, "none/d"), NOENT)?;
    fails("mkdir beneath a file", mkdir(dir, "f/d"), NOTDIR)?;
    put(dir, "d/inner", b"x")?;
    fails("rmdir of a non-empty dir", rmdir(dir, "d"), &[wasi::ERRNO_NOTEMPTY])?;
    ok("unlink d/inner", unlink(dir, "d/inner"))?;
    ok("rmdir d", rmdir(dir, "d"))?;
    fails("rmdir d again", rmdir(dir, "d"), NOENT)?;
    fails("rmdir of a file", rmdir(dir, "f"), NOTDIR)?;
    fails("unlink of a missing file", unlink(dir, "missing"), NOENT)?;
    ok("mkdir \"e/\"", mkdir(dir, "e/"))?;
    // host-min and the wasmtime CLI answer INVAL (node:wasi NOTEMPTY, a known
    // failure there). BUSY: none of the three; rmdir(2)'s answer for a
    // directory in use as a mount point or root.
    fails("rmdir \".\"", rmdir(dir, "."), &[wasi::ERRNO_INVAL, wasi::ERRNO_BUSY])?;
    // host-min and the wasmtime CLI answer INVAL; node:wasi NOTEMPTY, as
    // Linux's rmdir(2) does for a final "..". BUSY: as for ".".
    fails(
        "rmdir \"e/..\"",
        rmdir(dir, "e/.."),
        &[wasi::ERRNO_INVAL, wasi::ERRNO_BUSY, wasi::ERRNO_NOTEMPTY],
    )?;
    // All three answer ISDIR (Linux). PERM: macOS's unlink(2) of a directory;
    // ACCES: a Windows host's (wasmtime's tests).
    fails(
        "unlink \".\"",
        unlink(dir, "."),
        &[wasi::ERRNO_ISDIR, wasi::ERRNO_PERM, wasi::ERRNO_ACCES],
    )
}

fn rmdir_trailing_slash(dir: Fd) -> Outcome {
    ok("mkdir d", mkdir(dir, "d"))?;
    // Linux removes "d/"; the wasmtime CLI refuses it with INVAL (a known
    // wasi-testsuite skip). Either way, "d" must then go.
    match rmdir(dir, "d/") {
        Err(wasi::ERRNO_INVAL) if lenient() => ok("rmdir d", rmdir(dir, "d"))?,
        other => ok("rmdir \"d/\"", other)?,
    }
    expect("removed: expected no `d`", !exists(dir, "d"), "it exists")?;
    put(dir, "f", b"x")?;
    // All three answer NOTDIR; NOENT is a Windows host's answer (wasmtime's tests).
    fails(
        "rmdir \"f/\"",
        rmdir(dir, "f/"),
        &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT],
    )
}

fn unlink_trailing_slash(dir: Fd) -> Outcome {
    ok("mkdir d", mkdir(dir, "d"))?;
    put(dir, "f", b"x")?;
    // All three answer ISDIR (Linux); PERM is macOS's, ACCES a Windows host's.
    let isdir = &[wasi::ERRNO_ISDIR, wasi::ERRNO_PERM, wasi::ERRNO_ACCES];
    fails("unlink of a dir", unlink(dir, "d"), isdir)?;
    fails("unlink \"d/\"", unlink(dir, "d/"), isdir)?;
    // All three answer NOTDIR; NOENT is a Windows host's answer (wasmtime's tests).
    fails(
        "unlink \"f/\"",
        unlink(dir, "f/"),
        &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT],
    )?;
    expect("after refused unlinks: expected f", exists(dir, "f"), "f is gone")?;
    ok("unlink f", unlink(dir, "f"))?;
    ok("symlink to d", symlink("d", dir, "link"))?;
    ok("unlink the symlink", unlink(dir, "link"))?;
    expect(
        "unlinking a symlink keeps its target: expected d",
        exists(dir, "d"),
        "d is gone",
    )
}

fn rename_file(dir: Fd) -> Outcome {
    put(dir, "a", b"A")?;
    ok("rename a -> b", rename(dir, "a", dir, "b"))?;
    expect("renamed: expected no `a`", !exists(dir, "a"), "a exists")?;
    expect_eq("content of b", b"A".to_vec(), slurp(dir, "b")?)?;
    put(dir, "c", b"C")?;
    ok("rename b over an existing file", rename(dir, "b", dir, "c"))?;
    expect_eq("content of the replaced file", b"A".to_vec(), slurp(dir, "c")?)?;
    ok("mkdir d", mkdir(dir, "d"))?;
    // All three answer ISDIR; ACCES is a Windows host's (wasmtime's tests).
    fails(
        "rename a file over a dir",
        rename(dir, "c", dir, "d"),
        &[wasi::ERRNO_ISDIR, wasi::ERRNO_ACCES],
    )?;
    fails("rename a missing file", rename(dir, "missing", dir, "e"), NOENT)?;
    ok("rename into a subdir", rename(dir, "c", dir, "d/c"))?;
    ok("rename to itself", rename(dir, "d/c", dir, "d/c"))?;
    expect_eq("content after moves", b"A".to_vec(), slurp(dir, "d/c")?)
}

fn rename_dir(dir: Fd) -> Outcome {
    ok("mkdir src", mkdir(dir, "src"))?;
    put(dir, "src/f", b"x")?;
    ok("rename src -> dst", rename(dir, "src", dir, "dst"))?;
    fails(
        "open DIRECTORY of the old name",
        open(dir, FOLLOW, "src", wasi::OFLAGS_DIRECTORY, DIR, 0),
        NOENT,
    )?;
    ok("mkdir empty", mkdir(dir, "empty"))?;
    ok("rename a dir over an empty dir", rename(dir, "dst", dir, "empty"))?;
    expect("moved content: expected empty/f", exists(dir, "empty/f"), "missing")?;
    ok("mkdir full", mkdir(dir, "full"))?;
    put(dir, "full/g", b"x")?;
    ok("mkdir other", mkdir(dir, "other"))?;
    // All three answer NOTEMPTY; ACCES is a Windows host's (wasmtime's tests).
    let notempty = &[wasi::ERRNO_NOTEMPTY, wasi::ERRNO_ACCES];
    fails(
        "rename a dir over a non-empty dir",
        rename(dir, "other", dir, "full"),
        notempty,
    )?;
    put(dir, "file", b"x")?;
    fails("rename a dir over a file", rename(dir, "other", dir, "file"), NOTDIR)?;
    fails(
        "rename a dir into itself",
        rename(dir, "other", dir, "other/inside"),
        &[wasi::ERRNO_INVAL],
    )
}

fn rename_trailing_slash(dir: Fd) -> Outcome {
    ok("mkdir source", mkdir(dir, "source"))?;
    ok(
        "rename \"source/\" -> \"target\"",
        rename(dir, "source/", dir, "target"),
    )?;
    ok(
        "rename \"target\" -> \"source/\"",
        rename(dir, "target", dir, "source/"),
    )?;
    ok(
        "rename \"source/\" -> \"target/\"",
        rename(dir, "source/", dir, "target/"),
    )?;
    ok("rename \"target\" -> \"source\"", rename(dir, "target", dir, "source"))?;
    put(dir, "f", b"x")?;
    // All three answer NOTDIR; NOENT is how a Windows host answers a trailing
    // slash on a file (wasmtime's tests, for unlink and rmdir).
    let set = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT];
    fails("rename \"f/\" -> \"g\"", rename(dir, "f/", dir, "g"), set)?;
    fails("rename \"f\" -> \"g/\"", rename(dir, "f", dir, "g/"), set)?;
    expect(
        "after refused renames: expected f",
        exists(dir, "f") && !exists(dir, "g"),
        "f moved",
    )
}

fn reuse_after_close(dir: Fd) -> Outcome {
    drop(ok("create f", open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT, RW, 0))?);
    ok("unlink f", unlink(dir, "f"))?;
    drop(ok(
        "create f again",
        open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL, RW, 0),
    )?);
    ok("mkdir d", mkdir(dir, "d"))?;
    let d = ok("open d", open_dir(dir, "d"))?;
    ok("rmdir d while open", rmdir(dir, "d"))?;
    fails(
        "create in the removed dir",
        open(d.0, FOLLOW, "x", wasi::OFLAGS_CREAT, RW, 0),
        NOENT,
    )?;
    drop(d);
    ok("mkdir d again", mkdir(dir, "d"))
}
