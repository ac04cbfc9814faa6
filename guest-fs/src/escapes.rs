//! Checks that nothing leaves the granted directory. Each attempt must be
//! refused (NOTCAPABLE or PERM: see `REFUSED`), and each tries to create or
//! write something named `escaped-<check>` outside, so that the host test,
//! which can see outside, finds it if the refusal was only a pretence.
//!
//! Each check runs in `SCRATCH/guest-fs.scratch/<check>`, so from there
//! `../../..` is SCRATCH's parent: outside. Absolute paths and absolute
//! symlink targets use `/tmp/escaped-<check>`.
//!
//! Covered here: `..` past the root, `../` chains, absolute paths,
//! guest-made symlinks pointing outside (relative, absolute, chained, in an
//! intermediate component, dangling under O_CREAT), and a symlink loop.
//! `..` that stays inside the grant must keep working. escape_ops.rs does
//! rename, link, unlink, filestat and readlink by outside paths, and the
//! symlinks the host planted in SCRATCH (`--planted NAME`).

use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    let p = r.ctx.preopen;
    r.check("dotdot-inside-ok", |d| dotdot_inside(p, d));
    r.check("escape-dotdot", |_| dotdot(p));
    r.check("escape-dotdot-dirfd", |d| dotdot_dirfd(p, d));
    r.check("escape-dotdot-chain", dotdot_chain);
    r.check("escape-absolute", |_| absolute(p));
    r.check("escape-symlink-relative", symlink_relative);
    r.check("escape-symlink-absolute", symlink_absolute);
    r.check("escape-symlink-chain", symlink_chain);
    r.check("escape-symlink-loop", symlink_loop);
    r.check("escape-symlink-intermediate", symlink_intermediate);
    r.check("escape-creat-dangling", creat_dangling);
}

/// Creating `path` beneath `dir` must be refused.
pub fn no_create(what: &str, dir: Fd, lookup: u32, path: &str) -> Outcome {
    let attempt = open(dir, lookup, path, wasi::OFLAGS_CREAT, RW, 0).map(|f| write(f.0, b"escaped"));
    fails(what, attempt, REFUSED)
}

/// `..` that stays beneath the descriptor works.
fn dotdot_inside(p: Fd, d: Fd) -> Outcome {
    ok("mkdir sub", mkdir(d, "sub"))?;
    let here = ok("fd_filestat_get", fstat(d))?;
    let back = ok("path_filestat_get \"sub/..\"", stat(d, NOFOLLOW, "sub/.."))?;
    expect_eq("ino of sub/..", here.ino, back.ino)?;
    ok("path_filestat_get \".\" of the preopen", stat(p, NOFOLLOW, "."))?;
    let round = "guest-fs.scratch/../guest-fs.scratch/dotdot-inside-ok/sub";
    ok(
        "path_filestat_get from the preopen, down, up and down",
        stat(p, NOFOLLOW, round),
    )?;
    drop(ok(
        "open \"sub/../f\"",
        open(d, FOLLOW, "sub/../f", wasi::OFLAGS_CREAT, RW, 0),
    )?);
    ok("symlink sub/up -> ../sub", symlink("../sub", d, "sub/up"))?;
    let kind = ok("stat", stat(d, FOLLOW, "sub/up"))?.filetype;
    expect_eq("a symlink that climbs but stays inside", wasi::FILETYPE_DIRECTORY, kind)
}

/// A directory opened beneath a preopen is a root of its own: its `..` is
/// refused, though it is inside the preopen.
fn dotdot_dirfd(p: Fd, d: Fd) -> Outcome {
    fails(
        "path_filestat_get \"..\" of a subdirectory fd",
        stat(d, NOFOLLOW, ".."),
        REFUSED,
    )?;
    let back_in = "../escaped-escape-dotdot-dirfd";
    no_create("open CREAT \"../NAME\" from a subdirectory fd", d, FOLLOW, back_in)?;
    let leaked = "guest-fs.scratch/escaped-escape-dotdot-dirfd";
    expect(
        "nothing made beside the subdirectory: expected no NAME",
        !exists(p, leaked),
        "it exists",
    )
}

fn dotdot(p: Fd) -> Outcome {
    no_create(
        "open CREAT \"../escaped-escape-dotdot\" from the preopen",
        p,
        FOLLOW,
        "../escaped-escape-dotdot",
    )?;
    fails(
        "open \"..\" from the preopen",
        open(p, FOLLOW, "..", wasi::OFLAGS_DIRECTORY, DIR, 0),
        REFUSED,
    )?;
    fails(
        "mkdir \"../escaped-escape-dotdot\"",
        mkdir(p, "../escaped-escape-dotdot"),
        REFUSED,
    )
}

fn dotdot_chain(d: Fd) -> Outcome {
    let name = "escaped-escape-dotdot-chain";
    ok("mkdir a", mkdir(d, "a"))?;
    no_create("open CREAT \"../../../NAME\"", d, FOLLOW, &format!("../../../{name}"))?;
    no_create(
        "open CREAT \"a/../../../../NAME\"",
        d,
        FOLLOW,
        &format!("a/../../../../{name}"),
    )?;
    no_create(
        "open CREAT \"../../../../../../NAME\"",
        d,
        FOLLOW,
        &format!("../../../../../../{name}"),
    )?;
    let back = format!("../../../x/../{name}"); // out and back: still refused
    no_create("open CREAT through a `..` that leaves, then returns", d, FOLLOW, &back)?;
    fails(
        "mkdir \"a/../../../../NAME\"",
        mkdir(d, &format!("a/../../../../{name}")),
        REFUSED,
    )
}

fn absolute(p: Fd) -> Outcome {
    let path = "/tmp/escaped-escape-absolute";
    no_create("open CREAT of an absolute path", p, FOLLOW, path)?;
    fails(
        "open \"/\"",
        open(p, FOLLOW, "/", wasi::OFLAGS_DIRECTORY, DIR, 0),
        REFUSED,
    )?;
    fails("mkdir of an absolute path", mkdir(p, path), REFUSED)?;
    fails("path_filestat_get of \"/tmp\"", stat(p, FOLLOW, "/tmp"), REFUSED)
}

/// A guest-made symlink whose text leads outside. Making it is allowed (it
/// is only text, resolved beneath the grant whenever it is used); going
/// through it must be refused.
fn symlink_relative(d: Fd) -> Outcome {
    let name = "escaped-escape-symlink-relative";
    // A relative target: every runtime makes the link; going through it is the test.
    ok("make the symlink", symlink("../../..", d, "out"))?;
    no_create("open CREAT out/NAME", d, FOLLOW, &format!("out/{name}"))?;
    fails("mkdir out/NAME", mkdir(d, &format!("out/{name}")), REFUSED)?;
    fails(
        "open DIRECTORY of the link, follow",
        open(d, FOLLOW, "out", wasi::OFLAGS_DIRECTORY, DIR, 0),
        REFUSED,
    )?;
    // A relative target: every runtime makes the link; going through it is the test.
    ok("make the symlink", symlink(&format!("../../../{name}"), d, "out-file"))?;
    no_create("open CREAT of a link to an outside file", d, FOLLOW, "out-file")?;
    Ok(())
}

fn symlink_absolute(d: Fd) -> Outcome {
    let target = "/tmp/escaped-escape-symlink-absolute";
    let made = symlink(target, d, "abs");
    if made.is_ok() {
        no_create("open CREAT through an absolute symlink", d, FOLLOW, "abs")?;
    }
    fails("path_symlink with an absolute target", made, REFUSED)?;
    fails("path_symlink with target \"/\"", symlink("/", d, "root"), REFUSED)
}

fn symlink_chain(d: Fd) -> Outcome {
    ok("symlink a -> b", symlink("b", d, "a"))?;
    ok("symlink b -> sub/c", symlink("sub/c", d, "b"))?;
    ok("mkdir sub", mkdir(d, "sub"))?;
    // A relative target: every runtime makes the link; going through it is the test.
    ok(
        "make the symlink",
        symlink("../../../../escaped-escape-symlink-chain", d, "sub/c"),
    )?;
    no_create("open CREAT through a chain ending outside", d, FOLLOW, "a")?;
    fails("path_filestat_get through the chain", stat(d, FOLLOW, "a"), REFUSED)?;
    Ok(())
}

fn symlink_loop(d: Fd) -> Outcome {
    ok("symlink x -> y", symlink("y", d, "x"))?;
    ok("symlink y -> x", symlink("x", d, "y"))?;
    let attempt = open(d, FOLLOW, "x/escaped-escape-symlink-loop", wasi::OFLAGS_CREAT, RW, 0);
    fails("open CREAT beneath a loop", attempt, &[wasi::ERRNO_LOOP])?;
    fails(
        "open CREAT of a loop",
        open(d, FOLLOW, "x", wasi::OFLAGS_CREAT, RW, 0),
        &[wasi::ERRNO_LOOP],
    )
}

fn symlink_intermediate(d: Fd) -> Outcome {
    let name = "escaped-escape-symlink-intermediate";
    ok("mkdir in", mkdir(d, "in"))?;
    // A relative target: every runtime makes the link; going through it is the test.
    ok("make the symlink", symlink("../../../..", d, "in/up"))?;
    no_create("open CREAT in/up/NAME", d, FOLLOW, &format!("in/up/{name}"))?;
    no_create("open CREAT in/up/NAME, nofollow", d, NOFOLLOW, &format!("in/up/{name}"))?;
    fails("mkdir in/up/NAME", mkdir(d, &format!("in/up/{name}")), REFUSED)?;
    fails(
        "symlink at in/up/NAME",
        symlink("x", d, &format!("in/up/{name}")),
        REFUSED,
    )?;
    fails("path_filestat_get in/up/.", stat(d, NOFOLLOW, "in/up/."), REFUSED)?;
    Ok(())
}

fn creat_dangling(d: Fd) -> Outcome {
    // A relative target: every runtime makes the link; going through it is the test.
    ok(
        "make the symlink",
        symlink("../../../escaped-escape-creat-dangling", d, "dangling"),
    )?;
    no_create("open CREAT of a dangling link pointing outside", d, FOLLOW, "dangling")?;
    let excl = open(d, FOLLOW, "dangling", wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL, RW, 0);
    fails("open CREAT|EXCL of it (never follows)", excl, &[wasi::ERRNO_EXIST])?;
    Ok(())
}
