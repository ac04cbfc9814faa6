//! Checks on descriptors themselves: closing, renumbering (onto a file and
//! onto a directory like a preopen), EBADF for numbers that are not open,
//! fdstat's filetype, flags and rights (read/write bits, directories without
//! FD_SEEK), fd_fdstat_set_rights (shrink only, or NOTSUP), turning APPEND
//! on and off, the preopen's prestat and name.

use crate::support::*;
use crate::Runner;
use wasi::Fd;

pub fn run(r: &mut Runner) {
    r.check("fd-close", close);
    r.check("fd-bad-number", bad_number);
    r.check("fd-renumber", renumber);
    r.check("fd-renumber-not-open", renumber_not_open);
    r.check("fd-renumber-onto-dir", renumber_onto_dir);
    r.check("fd-stdio-seek", |_| stdio_seek());
    r.check("fdstat-file-rights", file_rights);
    let preopen = r.ctx.preopen;
    r.check("fdstat-dir", |dir| dir_fdstat(preopen, dir));
    r.check("fdstat-set-rights", set_rights);
    r.check("fdstat-set-flags-append", set_flags_append);
    let (preopen, name) = (r.ctx.preopen, r.ctx.preopen_name.clone());
    r.check("prestat-name", |dir| prestat(preopen, &name, dir));
    r.check("open-preopen-dot", |_| preopen_dot(preopen));
}

fn fdstat(fd: Fd) -> Result<wasi::Fdstat, wasi::Errno> {
    unsafe { wasi::fd_fdstat_get(fd) }
}

fn close(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    let f = ok("open", open(dir, FOLLOW, "f", 0, READ, 0))?.release();
    ok("fd_close", unsafe { wasi::fd_close(f) })?;
    fails("fd_close again", unsafe { wasi::fd_close(f) }, &[wasi::ERRNO_BADF])?;
    fails("fd_fdstat_get of a closed fd", fdstat(f), &[wasi::ERRNO_BADF])?;
    fails("fd_read of a closed fd", read(f, 1), &[wasi::ERRNO_BADF])
}

fn bad_number(_: Fd) -> Outcome {
    let bad = 0xFFFF_8567; // -31337
    fails("fd_write to a huge fd", write(bad, b"x"), &[wasi::ERRNO_BADF])?;
    fails(
        "fd_close of a huge fd",
        unsafe { wasi::fd_close(bad) },
        &[wasi::ERRNO_BADF],
    )?;
    fails("fd_fdstat_get of a huge fd", fdstat(bad), &[wasi::ERRNO_BADF])?;
    fails(
        "fd_prestat_get of a huge fd",
        unsafe { wasi::fd_prestat_get(bad) },
        &[wasi::ERRNO_BADF],
    )?;
    fails(
        "path_open from a huge fd",
        open(bad, FOLLOW, "f", 0, READ, 0),
        &[wasi::ERRNO_BADF],
    )
}

fn renumber(dir: Fd) -> Outcome {
    put(dir, "a", b"from a")?;
    put(dir, "b", b"from b")?;
    let a = ok("open a", open(dir, FOLLOW, "a", 0, READ, 0))?;
    let b = ok("open b", open(dir, FOLLOW, "b", 0, RW, 0))?;
    let before = ok("fd_fdstat_get a", fdstat(a.0))?;
    ok("fd_renumber a onto b", unsafe { wasi::fd_renumber(a.0, b.0) })?;
    let a = a.release();
    fails(
        "fd_close of the renumbered-from fd",
        unsafe { wasi::fd_close(a) },
        &[wasi::ERRNO_BADF],
    )?;
    let after = ok("fd_fdstat_get of the target", fdstat(b.0))?;
    expect_eq("filetype moved", before.fs_filetype, after.fs_filetype)?;
    expect_eq("flags moved", before.fs_flags, after.fs_flags)?;
    expect_eq("base rights moved", before.fs_rights_base, after.fs_rights_base)?;
    expect_eq(
        "inheriting rights moved",
        before.fs_rights_inheriting,
        after.fs_rights_inheriting,
    )?;
    expect_eq(
        "content through the target",
        b"from a".to_vec(),
        ok("read", read(b.0, 100))?,
    )
}

/// A stream cannot seek: ESPIPE (70), on both runtimes.
fn stdio_seek() -> Outcome {
    let spipe = &[wasi::ERRNO_SPIPE];
    fails(
        "fd_seek on stdout",
        unsafe { wasi::fd_seek(1, 0, wasi::WHENCE_CUR) },
        spipe,
    )?;
    fails(
        "fd_seek SET on stdout",
        unsafe { wasi::fd_seek(1, 5, wasi::WHENCE_SET) },
        spipe,
    )?;
    fails("fd_tell on stdout", unsafe { wasi::fd_tell(1) }, spipe)
}

fn renumber_not_open(dir: Fd) -> Outcome {
    put(dir, "a", b"x")?;
    let a = ok("open a", open(dir, FOLLOW, "a", 0, READ, 0))?;
    let gone = ok("open a again", open(dir, FOLLOW, "a", 0, READ, 0))?.0; // closed on drop
    fails(
        "fd_renumber onto a closed fd",
        unsafe { wasi::fd_renumber(a.0, gone) },
        &[wasi::ERRNO_BADF],
    )?;
    fails(
        "fd_renumber from a closed fd",
        unsafe { wasi::fd_renumber(gone, a.0) },
        &[wasi::ERRNO_BADF],
    )?;
    ok("fd_renumber onto itself", unsafe { wasi::fd_renumber(a.0, a.0) })?;
    ok("fd_fdstat_get of the fd that stayed", fdstat(a.0)).map(drop)
}

/// A file renumbered onto a directory fd (as a guest might onto a preopen):
/// the number now stands for the file, and is no directory any more.
fn renumber_onto_dir(dir: Fd) -> Outcome {
    put(dir, "f", b"file")?;
    ok("mkdir d", mkdir(dir, "d"))?;
    let d = ok("open d", open_dir(dir, "d"))?;
    let f = ok("open f", open(dir, FOLLOW, "f", 0, READ, 0))?;
    ok("fd_renumber file onto dir", unsafe { wasi::fd_renumber(f.0, d.0) })?;
    f.release();
    let st = ok("fd_fdstat_get", fdstat(d.0))?;
    expect_eq("filetype after renumber", wasi::FILETYPE_REGULAR_FILE, st.fs_filetype)?;
    expect_eq("content", b"file".to_vec(), ok("read", read(d.0, 100))?)?;
    // host-min and the wasmtime CLI answer NOTDIR; node:wasi NOTCAPABLE.
    let not_dir = &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOTCAPABLE];
    fails(
        "path_open beneath it",
        open(d.0, FOLLOW, "x", wasi::OFLAGS_CREAT, RW, 0),
        not_dir,
    )?;
    fails(
        "fd_prestat_get of it",
        unsafe { wasi::fd_prestat_get(d.0) },
        &[wasi::ERRNO_BADF],
    )?;
    expect(
        "nothing created by the refused path_open",
        !exists(dir, "d/x"),
        "d/x exists",
    )
}

fn file_rights(dir: Fd) -> Outcome {
    put(dir, "f", b"x")?;
    let cases = [
        ("READ", READ & !wasi::RIGHTS_FD_WRITE, true, false),
        ("WRITE", WRITE & !wasi::RIGHTS_FD_READ, false, true),
    ];
    for (name, rights, r, w) in cases.into_iter().chain([("READ|WRITE", RW, true, true)]) {
        let f = ok(&format!("open {name}"), open(dir, FOLLOW, "f", 0, rights, 0))?;
        let st = ok("fd_fdstat_get", fdstat(f.0))?;
        expect_eq("filetype", wasi::FILETYPE_REGULAR_FILE, st.fs_filetype)?;
        let base = st.fs_rights_base;
        expect_eq(
            &format!("FD_READ in base when opened {name}"),
            r,
            base & wasi::RIGHTS_FD_READ != 0,
        )?;
        expect_eq(
            &format!("FD_WRITE in base when opened {name}"),
            w,
            base & wasi::RIGHTS_FD_WRITE != 0,
        )?;
        expect(
            "FD_SEEK in a file's base: expected it",
            base & wasi::RIGHTS_FD_SEEK != 0,
            base,
        )?;
    }
    Ok(())
}

/// A directory's fdstat. The inheriting rights are checked on the preopen
/// only (wasi-libc's `open` asks for what they allow): for a directory a
/// guest opened, the wasmtime CLI derives them from the rights it asked for.
fn dir_fdstat(preopen: Fd, dir: Fd) -> Outcome {
    let st = ok("fd_fdstat_get", fdstat(dir))?;
    expect_eq("filetype", wasi::FILETYPE_DIRECTORY, st.fs_filetype)?;
    expect_eq("flags", 0, st.fs_flags)?;
    let needed = wasi::RIGHTS_PATH_OPEN
        | wasi::RIGHTS_FD_READDIR
        | wasi::RIGHTS_PATH_FILESTAT_GET
        | wasi::RIGHTS_PATH_CREATE_FILE;
    let base = st.fs_rights_base;
    expect(
        "base: expected PATH_OPEN, FD_READDIR, PATH_FILESTAT_GET, PATH_CREATE_FILE",
        base & needed == needed,
        base,
    )?;
    expect("base: expected no FD_SEEK", base & wasi::RIGHTS_FD_SEEK == 0, base)?;
    expect(
        "base: expected no FD_FILESTAT_SET_SIZE",
        base & wasi::RIGHTS_FD_FILESTAT_SET_SIZE == 0,
        base,
    )?;
    let pre = ok("fd_fdstat_get of the preopen", fdstat(preopen))?;
    expect(
        "preopen base: expected the same path rights",
        pre.fs_rights_base & needed == needed,
        pre.fs_rights_base,
    )?;
    let (inh, rw) = (pre.fs_rights_inheriting, wasi::RIGHTS_FD_READ | wasi::RIGHTS_FD_WRITE);
    expect("preopen inheriting: expected FD_READ and FD_WRITE", inh & rw == rw, inh)
}

/// Rights may shrink and never grow back; a runtime may also not support
/// changing them at all (NOTSUP, the wasmtime CLI).
fn set_rights(dir: Fd) -> Outcome {
    let f = ok("create f", open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT, RW, 0))?;
    let st = ok("fd_fdstat_get", fdstat(f.0))?;
    let fewer = st.fs_rights_base & !wasi::RIGHTS_FD_WRITE;
    match unsafe { wasi::fd_fdstat_set_rights(f.0, fewer, st.fs_rights_inheriting) } {
        Err(wasi::ERRNO_NOTSUP) if lenient() => return Ok(()),
        other => ok("dropping FD_WRITE", other)?,
    }
    let now = ok("fd_fdstat_get", fdstat(f.0))?;
    expect_eq("base after dropping FD_WRITE", fewer, now.fs_rights_base)?;
    // host-min and node:wasi answer NOTCAPABLE (the wasmtime CLI never gets
    // here). BADF: none of the three; what Linux's write(2) gives on an fd not
    // open for writing.
    fails(
        "write without FD_WRITE",
        write(f.0, b"x"),
        &[wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_BADF],
    )?;
    let grow = unsafe { wasi::fd_fdstat_set_rights(f.0, st.fs_rights_base, st.fs_rights_inheriting) };
    fails("getting FD_WRITE back", grow, &[wasi::ERRNO_NOTCAPABLE])?;
    expect_eq("size after refused writes", 0, ok("fd_filestat_get", fstat(f.0))?.size)
}

fn set_flags_append(dir: Fd) -> Outcome {
    let f = ok("create f", open(dir, FOLLOW, "f", wasi::OFLAGS_CREAT, RW, 0))?;
    expect_eq("flags when opened", 0, ok("fd_fdstat_get", fdstat(f.0))?.fs_flags)?;
    ok("write 100", write(f.0, &[b'0'; 100]))?;
    ok("set APPEND", unsafe {
        wasi::fd_fdstat_set_flags(f.0, wasi::FDFLAGS_APPEND)
    })?;
    expect_eq(
        "flags after set",
        wasi::FDFLAGS_APPEND,
        ok("fd_fdstat_get", fdstat(f.0))?.fs_flags,
    )?;
    ok("seek 0", unsafe { wasi::fd_seek(f.0, 0, wasi::WHENCE_SET) })?;
    ok("write 100 in append mode", write(f.0, &[b'1'; 100]))?;
    expect_eq("size with append on", 200, ok("fd_filestat_get", fstat(f.0))?.size)?;
    ok("clear APPEND", unsafe { wasi::fd_fdstat_set_flags(f.0, 0) })?;
    expect_eq("flags after clear", 0, ok("fd_fdstat_get", fdstat(f.0))?.fs_flags)?;
    ok("seek 0", unsafe { wasi::fd_seek(f.0, 0, wasi::WHENCE_SET) })?;
    ok("write 100 with append off", write(f.0, &[b'2'; 100]))?;
    let content = slurp(dir, "f")?;
    expect_eq("size with append off", 200, content.len())?;
    expect_eq("first half", vec![b'2'; 100], content[..100].to_vec())?;
    expect_eq("second half", vec![b'1'; 100], content[100..].to_vec())
}

fn prestat(preopen: Fd, name: &str, dir: Fd) -> Outcome {
    let pre = ok("fd_prestat_get of the preopen", unsafe {
        wasi::fd_prestat_get(preopen)
    })?;
    expect_eq("prestat tag", wasi::PREOPENTYPE_DIR.raw(), pre.tag)?;
    let len = unsafe { pre.u.dir.pr_name_len };
    expect_eq("pr_name_len", name.len(), len)?;
    let mut buf = vec![0xAAu8; len + 1];
    ok("fd_prestat_dir_name, one byte to spare", unsafe {
        wasi::fd_prestat_dir_name(preopen, buf.as_mut_ptr(), len + 1)
    })?;
    expect_eq("name", name.as_bytes(), &buf[..len])?;
    expect_eq("byte after the name (no NUL written)", 0xAA, buf[len])?;
    if !name.is_empty() {
        let short = unsafe { wasi::fd_prestat_dir_name(preopen, buf.as_mut_ptr(), len - 1) };
        // host-min and the wasmtime CLI answer NAMETOOLONG (node:wasi NOBUFS, a
        // known failure there). INVAL: none of the three; origin not established.
        fails(
            "fd_prestat_dir_name, buffer too short",
            short,
            &[wasi::ERRNO_NAMETOOLONG, wasi::ERRNO_INVAL],
        )?;
    }
    fails(
        "fd_prestat_get of a directory that is not a preopen",
        unsafe { wasi::fd_prestat_get(dir) },
        &[wasi::ERRNO_BADF],
    )?;
    fails(
        "fd_prestat_get of stdout",
        unsafe { wasi::fd_prestat_get(1) },
        &[wasi::ERRNO_BADF],
    )
}

/// The preopen reopened as ".": with its own rights, none, or FD_READ;
/// never for writing.
fn preopen_dot(preopen: Fd) -> Outcome {
    let st = ok("fd_fdstat_get of the preopen", fdstat(preopen))?;
    let (base, inh) = (st.fs_rights_base, st.fs_rights_inheriting);
    let with = |oflags: u16, base: u64| unsafe { wasi::path_open(preopen, 0, ".", oflags, base, inh, 0) }.map(Owned);
    drop(ok("open \".\" with the preopen's rights", with(0, base))?);
    drop(ok("open \".\" with no rights", with(0, 0))?);
    drop(ok("open \".\" DIRECTORY", with(wasi::OFLAGS_DIRECTORY, 0))?);
    let again = ok(
        "open \".\" DIRECTORY with FD_READ",
        with(wasi::OFLAGS_DIRECTORY, wasi::RIGHTS_FD_READ),
    )?;
    let same = ok("fd_filestat_get", fstat(again.0))?.ino == ok("fd_filestat_get", fstat(preopen))?.ino;
    expect("\".\" is the preopen: expected the same ino", same, "another ino")?;
    let rw = wasi::RIGHTS_FD_READ | wasi::RIGHTS_FD_WRITE;
    fails(
        "open \".\" for writing",
        with(wasi::OFLAGS_DIRECTORY, rw),
        &[wasi::ERRNO_ISDIR],
    )
}
