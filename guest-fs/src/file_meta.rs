//! Checks on an open file's metadata and hints: advise, sync and datasync,
//! filestat, set_times (exact nanoseconds, one time at a time, NOW),
//! the validation of fstflags (nothing changes on EINVAL), descriptors
//! opened read-only or write-only, and O_TRUNC refused to a directory that
//! may not pass on the right to change sizes.

use crate::files::new_file;
use crate::support::*;
use crate::Runner;
use wasi::{Errno, Fd};

pub fn run(r: &mut Runner) {
    r.check("file-advise", advise);
    r.check("file-sync", sync);
    r.check("file-filestat", filestat);
    r.check("file-set-times", set_times);
    r.check("file-fstflags-invalid", fstflags_invalid);
    r.check("file-read-only", read_only);
    r.check("file-write-only", write_only);
    r.check("file-trunc-needs-rights", trunc_needs_rights);
}

/// O_TRUNC changes a file's size, so the directory must be able to pass on
/// FD_FILESTAT_SET_SIZE. A copy of the directory descriptor loses that
/// right; opening with TRUNC through it, even for reading only, is then
/// refused and the file keeps its bytes. The wasmtime CLI cannot change
/// rights (NOTSUP), so there the check ends early unless `--strict`.
fn trunc_needs_rights(dir: Fd) -> Outcome {
    put(dir, "f", b"content")?;
    let copy = ok("open \".\" again", open_dir(dir, "."))?;
    let st = ok("fd_fdstat_get", unsafe { wasi::fd_fdstat_get(copy.0) })?;
    let narrower = st.fs_rights_inheriting & !wasi::RIGHTS_FD_FILESTAT_SET_SIZE;
    match unsafe { wasi::fd_fdstat_set_rights(copy.0, st.fs_rights_base, narrower) } {
        Err(wasi::ERRNO_NOTSUP) if lenient() => return Ok(()),
        other => ok("dropping FD_FILESTAT_SET_SIZE from inheriting", other)?,
    }
    let truncating = open(copy.0, FOLLOW, "f", wasi::OFLAGS_TRUNC, wasi::RIGHTS_FD_READ, 0);
    fails("open TRUNC without the right", truncating, &[wasi::ERRNO_NOTCAPABLE])?;
    expect_eq("content after the refused open", b"content".to_vec(), slurp(dir, "f")?)
}

const ATIM: u64 = 1_000_000_000_123_456_789;

const MTIM: u64 = 1_100_000_000_987_654_321;

/// What a read or write on a descriptor without the right gets: EBADF from
/// Linux (the wasmtime CLI), ENOTCAPABLE from a rights check (host-min,
/// node:wasi). ACCES: none of the three; a Windows host's access denied, as
/// wasmtime's tests allow for set_size on a read-only fd.
const NO_ACCESS: &[Errno] = &[wasi::ERRNO_BADF, wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_ACCES];

fn advise(dir: Fd) -> Outcome {
    let f = new_file(dir, 0, 0)?;
    ok("set_size 100", unsafe { wasi::fd_filestat_set_size(f.0, 100) })?;
    let all = [
        wasi::ADVICE_NORMAL,
        wasi::ADVICE_SEQUENTIAL,
        wasi::ADVICE_RANDOM,
        wasi::ADVICE_WILLNEED,
        wasi::ADVICE_DONTNEED,
        wasi::ADVICE_NOREUSE,
    ];
    for advice in all {
        ok(&format!("fd_advise {}", advice.name()), unsafe {
            wasi::fd_advise(f.0, 0, 50, advice)
        })?;
    }
    ok("fd_advise of the whole file (len 0)", unsafe {
        wasi::fd_advise(f.0, 0, 0, wasi::ADVICE_NORMAL)
    })?;
    expect_eq("size after advice", 100, ok("fd_filestat_get", fstat(f.0))?.size)
}

fn sync(dir: Fd) -> Outcome {
    let f = new_file(dir, 0, 0)?;
    ok("write", write(f.0, b"data"))?;
    ok("fd_sync", unsafe { wasi::fd_sync(f.0) })?;
    ok("fd_datasync", unsafe { wasi::fd_datasync(f.0) })
}

fn filestat(dir: Fd) -> Outcome {
    let f = new_file(dir, 0, 0)?;
    ok("write", write(f.0, b"12345"))?;
    let by_fd = ok("fd_filestat_get", fstat(f.0))?;
    expect_eq("filetype", wasi::FILETYPE_REGULAR_FILE, by_fd.filetype)?;
    expect_eq("size", 5, by_fd.size)?;
    expect_eq("nlink", 1, by_fd.nlink)?;
    let by_path = ok("path_filestat_get", stat(dir, NOFOLLOW, "f"))?;
    expect_eq("ino by path and by fd", by_fd.ino, by_path.ino)?;
    expect_eq("dev by path and by fd", by_fd.dev, by_path.dev)?;
    let of_dir = ok("fd_filestat_get of the directory", fstat(dir))?;
    expect_eq("filetype of the directory", wasi::FILETYPE_DIRECTORY, of_dir.filetype)?;
    expect_eq("same device as the directory", of_dir.dev, by_fd.dev)
}

fn set_times(dir: Fd) -> Outcome {
    let f = new_file(dir, 0, 0)?;
    let both = wasi::FSTFLAGS_ATIM | wasi::FSTFLAGS_MTIM;
    ok("set atim and mtim", unsafe {
        wasi::fd_filestat_set_times(f.0, ATIM, MTIM, both)
    })?;
    let st = ok("fd_filestat_get", fstat(f.0))?;
    expect_eq("atim, to the nanosecond", ATIM, st.atim)?;
    expect_eq("mtim, to the nanosecond", MTIM, st.mtim)?;
    ok("set mtim only", unsafe {
        wasi::fd_filestat_set_times(f.0, 5, MTIM - 100, wasi::FSTFLAGS_MTIM)
    })?;
    let st = ok("fd_filestat_get", fstat(f.0))?;
    expect_eq("mtim after setting mtim only", MTIM - 100, st.mtim)?;
    expect_eq("atim after setting mtim only", ATIM, st.atim)?;
    ok("set mtim to now", unsafe {
        wasi::fd_filestat_set_times(f.0, 0, 0, wasi::FSTFLAGS_MTIM_NOW)
    })?;
    let st = ok("fd_filestat_get", fstat(f.0))?;
    expect(
        "mtim after MTIM_NOW: expected later than 2020",
        st.mtim > 1_577_836_800_000_000_000,
        st.mtim,
    )?;
    expect_eq("atim after MTIM_NOW", ATIM, st.atim)?;
    ok("set by path, atim only", unsafe {
        wasi::path_filestat_set_times(dir, NOFOLLOW, "f", MTIM, 0, 1)
    })?;
    expect_eq(
        "atim set by path",
        MTIM,
        ok("path_filestat_get", stat(dir, NOFOLLOW, "f"))?.atim,
    )
}

fn fstflags_invalid(dir: Fd) -> Outcome {
    let f = new_file(dir, 0, 0)?;
    let both = wasi::FSTFLAGS_ATIM | wasi::FSTFLAGS_MTIM;
    ok("set atim and mtim", unsafe {
        wasi::fd_filestat_set_times(f.0, ATIM, MTIM, both)
    })?;
    let inval = &[wasi::ERRNO_INVAL];
    let bad = [
        ("ATIM|ATIM_NOW", wasi::FSTFLAGS_ATIM | wasi::FSTFLAGS_ATIM_NOW),
        ("MTIM|MTIM_NOW", wasi::FSTFLAGS_MTIM | wasi::FSTFLAGS_MTIM_NOW),
    ];
    for (name, flags) in bad {
        let by_fd = unsafe { wasi::fd_filestat_set_times(f.0, 1, 1, flags) };
        fails(&format!("fd_filestat_set_times {name}"), by_fd, inval)?;
        let by_path = unsafe { wasi::path_filestat_set_times(dir, FOLLOW, "f", 1, 1, flags) };
        fails(&format!("path_filestat_set_times {name}"), by_path, inval)?;
    }
    let st = ok("fd_filestat_get", fstat(f.0))?;
    expect_eq("atim after refused calls", ATIM, st.atim)?;
    expect_eq("mtim after refused calls", MTIM, st.mtim)
}

fn read_only(dir: Fd) -> Outcome {
    put(dir, "f", b"content")?;
    let f = ok("open with FD_READ only", open(dir, FOLLOW, "f", 0, READ, 0))?;
    let st = ok("fd_fdstat_get", unsafe { wasi::fd_fdstat_get(f.0) })?;
    expect(
        "fdstat: expected FD_READ",
        st.fs_rights_base & wasi::RIGHTS_FD_READ != 0,
        st.fs_rights_base,
    )?;
    expect(
        "fdstat: expected no FD_WRITE",
        st.fs_rights_base & wasi::RIGHTS_FD_WRITE == 0,
        st.fs_rights_base,
    )?;
    // host-min also takes away what only writing makes possible.
    let writing = wasi::RIGHTS_FD_ALLOCATE | wasi::RIGHTS_FD_FILESTAT_SET_SIZE;
    if !lenient() {
        let kept = st.fs_rights_base & writing;
        expect_eq("fdstat: allocate and set-size rights", 0, kept)?;
    }
    expect_eq("read", b"content".to_vec(), ok("read", read(f.0, 100))?)?;
    fails("write on a read-only fd", write(f.0, b"x"), NO_ACCESS)?;
    fails("pwrite on a read-only fd", pwrite(f.0, b"x", 0), NO_ACCESS)?;
    expect_eq("content after refused writes", b"content".to_vec(), slurp(dir, "f")?)
}

fn write_only(dir: Fd) -> Outcome {
    put(dir, "f", b"content")?;
    let f = ok("open with FD_WRITE only", open(dir, FOLLOW, "f", 0, WRITE, 0))?;
    let st = ok("fd_fdstat_get", unsafe { wasi::fd_fdstat_get(f.0) })?;
    expect(
        "fdstat: expected FD_WRITE",
        st.fs_rights_base & wasi::RIGHTS_FD_WRITE != 0,
        st.fs_rights_base,
    )?;
    expect(
        "fdstat: expected no FD_READ",
        st.fs_rights_base & wasi::RIGHTS_FD_READ == 0,
        st.fs_rights_base,
    )?;
    fails("read on a write-only fd", read(f.0, 10), NO_ACCESS)?;
    fails("pread on a write-only fd", read_at(f.0, 10, Some(0)), NO_ACCESS)?;
    ok("write", write(f.0, b"C"))?;
    expect_eq("content", b"Content".to_vec(), slurp(dir, "f")?)
}
