//! Escape checks by operation (see escapes.rs for the rules): rename,
//! link, unlink, rmdir, symlink, path_filestat_get/set_times and readlink
//! naming outside paths, and the symlinks the host planted in SCRATCH
//! before the run (`--planted NAME`, one check `planted-NAME` each).

use crate::escapes::no_create;
use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    let p = r.ctx.preopen;
    r.check("escape-rename", rename_out);
    r.check("escape-link", link_out);
    r.check("escape-unlink", |d| unlink_out(p, d));
    r.check("escape-filestat", |d| filestat_out(p, d));
    r.check("escape-readlink", readlink_out);
    for name in r.ctx.planted.clone() {
        r.check(&format!("planted-{name}"), |d| planted(p, d, &name));
    }
}

fn rename_out(d: Fd) -> Outcome {
    put(d, "f", b"escaped")?;
    let to = "../../../escaped-escape-rename";
    fails("rename a file to outside", rename(d, "f", d, to), REFUSED)?;
    fails("rename from outside", rename(d, "../../../anything", d, "g"), REFUSED)?;
    ok("mkdir sub", mkdir(d, "sub"))?;
    fails(
        "rename a dir to outside",
        rename(d, "sub", d, "../../../escaped-escape-rename-dir"),
        REFUSED,
    )?;
    expect("after refused renames: expected f", exists(d, "f"), "f is gone")
}

fn link_out(d: Fd) -> Outcome {
    put(d, "f", b"escaped")?;
    fails(
        "link to outside",
        link(d, NOFOLLOW, "f", d, "../../../escaped-escape-link"),
        REFUSED,
    )?;
    fails(
        "link from outside",
        link(d, NOFOLLOW, "../../../anything", d, "g"),
        REFUSED,
    )?;
    // A relative target: every runtime makes the link; going through it is the test.
    ok("make the symlink", symlink("../../../anything", d, "out"))?;
    // FOLLOW would link what is outside: refused as REFUSED says (host-min
    // NOTCAPABLE), or FOLLOW itself refused (the wasmtime CLI, INVAL).
    let set = &[wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_PERM, wasi::ERRNO_INVAL];
    fails(
        "link FOLLOW of a symlink pointing outside",
        link(d, FOLLOW, "out", d, "h"),
        set,
    )?;
    Ok(())
}

fn unlink_out(p: Fd, d: Fd) -> Outcome {
    fails(
        "unlink \"../NAME\" from the preopen",
        unlink(p, "../escaped-escape-unlink"),
        REFUSED,
    )?;
    fails(
        "unlink of an absolute path",
        unlink(p, "/tmp/escaped-escape-unlink"),
        REFUSED,
    )?;
    fails("rmdir \"../../..\"", rmdir(d, "../../.."), REFUSED)?;
    fails(
        "rmdir \"../../../NAME\"",
        rmdir(d, "../../../escaped-escape-unlink"),
        REFUSED,
    )?;
    fails(
        "symlink at \"../NAME\"",
        symlink("x", p, "../escaped-escape-unlink"),
        REFUSED,
    )
}

fn filestat_out(p: Fd, d: Fd) -> Outcome {
    fails(
        "path_filestat_get \"..\" of the preopen",
        stat(p, NOFOLLOW, ".."),
        REFUSED,
    )?;
    fails("path_filestat_get \"../\"", stat(p, FOLLOW, "../"), REFUSED)?;
    fails("path_filestat_get \"../../..\"", stat(d, FOLLOW, "../../.."), REFUSED)?;
    let times = unsafe { wasi::path_filestat_set_times(p, FOLLOW, "..", 0, 0, wasi::FSTFLAGS_MTIM_NOW) };
    fails("path_filestat_set_times \"..\"", times, REFUSED)?;
    // A relative target: every runtime makes the link; going through it is the test.
    ok("make the symlink", symlink("../../..", d, "out"))?;
    fails(
        "path_filestat_get through a link, follow",
        stat(d, FOLLOW, "out"),
        REFUSED,
    )?;
    let times = unsafe { wasi::path_filestat_set_times(d, FOLLOW, "out", 0, 0, wasi::FSTFLAGS_MTIM_NOW) };
    fails("path_filestat_set_times through a link, follow", times, REFUSED)?;
    Ok(())
}

fn readlink_out(d: Fd) -> Outcome {
    fails(
        "readlink \"../../../x\"",
        readlink(d, "../../../escaped-escape-readlink", 64, 0),
        REFUSED,
    )?;
    // A relative target: every runtime makes the link; going through it is the test.
    ok("make the symlink", symlink("../../..", d, "out"))?;
    fails(
        "readlink through a link pointing outside",
        readlink(d, "out/x", 64, 0),
        REFUSED,
    )?;
    Ok(())
}

/// A symlink the host made in SCRATCH, pointing outside: it is inside the
/// grant itself (path_filestat_get without following sees it), but every
/// way through it must be refused.
fn planted(p: Fd, d: Fd, name: &str) -> Outcome {
    let kind = ok("path_filestat_get, nofollow", stat(p, NOFOLLOW, name))?.filetype;
    expect_eq("the planted link", wasi::FILETYPE_SYMBOLIC_LINK, kind)?;
    let inside = format!("{name}/escaped-planted-{name}");
    no_create("open CREAT beneath it", p, FOLLOW, &inside)?;
    no_create("open CREAT beneath it, nofollow", p, NOFOLLOW, &inside)?;
    no_create("open CREAT of it, follow", p, FOLLOW, name)?;
    fails(
        "open DIRECTORY of it, follow",
        open(p, FOLLOW, name, wasi::OFLAGS_DIRECTORY, DIR, 0),
        REFUSED,
    )?;
    fails("mkdir beneath it", mkdir(p, &inside), REFUSED)?;
    fails("path_filestat_get, follow", stat(p, FOLLOW, name), REFUSED)?;
    fails("symlink beneath it", symlink("x", p, &inside), REFUSED)?;
    put(d, "f", b"escaped")?;
    fails("rename a file to beneath it", rename(d, "f", p, &inside), REFUSED)
}
