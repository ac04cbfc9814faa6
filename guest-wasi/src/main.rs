//! guest-wasi: a whole WASI preview-1 command in `#![no_std]` Rust, with no
//! libc and no allocator. Every system call is a direct call into the
//! `wasi_snapshot_preview1` import module through the `wasi` crate.
//!
//! Build and run it (`make all` does both):
//!
//! ```text
//! make build
//! wasmtime run --dir=/tmp/grant out/guest-wasi.wasm 35
//! ```
//!
//! Usage: `guest-wasi [N] [PATH...]`
//! 1. prints `fib(N) = …` (N defaults to 30, at most 93 so it fits in a u64);
//! 2. lists the directories the runtime pre-opened for it;
//! 3. creates `guest-wasi.txt` in the first one, holding the fib line;
//! 4. tries to create each PATH relative to that directory (default:
//!    `../escape.txt` and `/tmp/escape.txt`), expecting the runtime to refuse,
//!    and prints the errno it was refused with.
//!
//! Exit status: 0 all went as expected, 1 bad argument, 2 no directory was
//! granted, 3 a PATH that should have been refused was created, 4 a WASI call
//! failed unexpectedly.
#![no_std]
#![no_main]

use wasi::Fd;

const EXIT_BAD_ARGUMENT: u32 = 1;
const EXIT_NO_GRANT: u32 = 2;
const EXIT_ESCAPED: u32 = 3;
const EXIT_WASI_FAILED: u32 = 4;

/// fib(93) is the largest Fibonacci number that fits in a u64.
const MAX_N: u64 = 93;
const DEFAULT_N: u64 = 30;
const DEFAULT_ESCAPES: [&[u8]; 2] = [b"../escape.txt", b"/tmp/escape.txt"];
const OUTPUT_FILE: &[u8] = b"guest-wasi.txt";

// Fixed-size buffers on the stack stand in for an allocator.
const MAX_ARGS: usize = 16;
const ARG_BYTES: usize = 1024;

/// The command's entry point. We define `_start` ourselves because the crate
/// is linked without wasi-libc's `crt1-command.o` (see the Makefile).
#[no_mangle]
pub extern "C" fn _start() {
    let status = run();
    if status != 0 {
        unsafe { wasi::proc_exit(status) };
    }
}

fn run() -> u32 {
    let mut out = Line::new();

    // Phase 1: arguments. args_sizes_get says how much room args_get needs;
    // args_get fills argv with pointers to NUL-terminated strings in arg_bytes.
    let mut argv = [core::ptr::null_mut::<u8>(); MAX_ARGS];
    let mut arg_bytes = [0u8; ARG_BYTES];
    let argc = match unsafe { wasi::args_sizes_get() } {
        Ok((argc, len)) if argc <= MAX_ARGS && len <= ARG_BYTES => argc,
        Ok(_) => {
            return fail(
                &mut out,
                &[b"at most 15 arguments and 1 KiB of them"],
                EXIT_BAD_ARGUMENT,
            )
        }
        Err(_) => return fail(&mut out, &[b"args_sizes_get failed"], EXIT_WASI_FAILED),
    };
    if unsafe { wasi::args_get(argv.as_mut_ptr(), arg_bytes.as_mut_ptr()) }.is_err() {
        return fail(&mut out, &[b"args_get failed"], EXIT_WASI_FAILED);
    }
    // Each argument as a slice of arg_bytes, up to its NUL terminator.
    let arg = |i: usize| -> &[u8] {
        let rest = &arg_bytes[(argv[i] as usize)
            .wrapping_sub(arg_bytes.as_ptr() as usize)
            .min(ARG_BYTES)..];
        &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())]
    };

    // `wasmtime run guest-wasi.wasm --dir=.` hands `--dir=.` to the guest:
    // everything after the module is the guest's. Say so, rather than
    // failing to parse it as N.
    if let Some(option) = (1..argc).map(arg).find(|a| a.starts_with(b"--")) {
        let why: [&[u8]; 3] = [b"`", option, b"` reached guest-wasi as an argument; runtime options go before the module (wasmtime run --dir=. guest-wasi.wasm)"];
        return fail(&mut out, &why, EXIT_BAD_ARGUMENT);
    }

    // Phase 2: the computation, printed through fd_write on stdout (fd 1).
    let n = match (argc > 1).then(|| parse_u64(arg(1))) {
        None => DEFAULT_N,
        Some(Some(n)) if n <= MAX_N => n,
        Some(_) => return fail(&mut out, &[b"N must be a whole number from 0 to 93"], EXIT_BAD_ARGUMENT),
    };
    let mut fib_line = Line::new();
    fib_line.put(b"fib(").num(n).put(b") = ").num(fib(n)).put(b"\n");
    let _ = fib_line.send(wasi::FD_STDOUT); // kept: it goes to the file too

    // Phase 3: capabilities. The runtime numbers pre-opened directories from
    // fd 3 upwards; fd_prestat_get answers EBADF past the last one.
    let mut grant: Option<Fd> = None;
    for fd in 3..64 {
        let Ok(prestat) = (unsafe { wasi::fd_prestat_get(fd) }) else {
            break;
        };
        out.put(b"preopened fd ").num(fd as u64).put(b": ");
        if grant.is_none() {
            out.put(b"(where guest-wasi.txt goes) ");
        }
        grant = grant.or(Some(fd));
        let name = out.spare(unsafe { prestat.u.dir.pr_name_len });
        let len = name.len();
        match unsafe { wasi::fd_prestat_dir_name(fd, name.as_mut_ptr(), len) } {
            Ok(()) => out.grow(len),
            Err(_) => out.put(b"?"),
        };
        out.put(b"\n").show();
    }
    let Some(dir) = grant else {
        // Try anyway, through fd 3, to show what the runtime answers.
        let refused = create_file(3, OUTPUT_FILE, 0).err().map_or(&b"nothing"[..], errno_name);
        let why = b"no directory was granted: creating guest-wasi.txt through fd 3 was refused with ";
        return fail(&mut out, &[why, refused, b"; run with --dir=<dir>"], EXIT_NO_GRANT);
    };

    // Phase 4: a write inside the grant. path_open is openat(): the path is
    // always relative to a directory descriptor we were given.
    let written = create_file(dir, OUTPUT_FILE, 0).and_then(|file| {
        let sent = fib_line.send(file);
        let closed = unsafe { wasi::fd_close(file) }.map_err(|e| e.raw());
        sent.and(closed)
    });
    match written {
        Ok(()) => out.put(b"wrote ").put(OUTPUT_FILE).put(b" in that directory\n"),
        Err(errno) => out
            .put(b"writing guest-wasi.txt failed with ")
            .put(errno_name(errno))
            .put(b"\n"),
    };
    out.show();
    if written.is_err() {
        return EXIT_WASI_FAILED;
    }

    // Phase 5: writes outside the grant. Each must be refused by the runtime.
    let mut status = 0;
    let mut try_escape = |path: &[u8]| {
        out.put(b"create ").put(path);
        match create_file(dir, path, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW) {
            Err(errno) => out.put(b": refused with ").put(errno_name(errno)).put(b"\n"),
            Ok(_) => {
                status = EXIT_ESCAPED;
                out.put(b": NOT refused, the sandbox let it through\n")
            }
        };
        out.show();
    };
    if argc > 2 {
        (2..argc).for_each(|i| try_escape(arg(i)));
    } else {
        DEFAULT_ESCAPES.iter().for_each(|path| try_escape(path));
    }
    status
}

fn fib(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// Creates (or truncates) `path` relative to the directory `dir`, for writing.
/// The raw import takes the path as pointer and length, as any bytes; the
/// `wasi` crate's wrapper would want a `&str` and pull in UTF-8 validation.
fn create_file(dir: Fd, path: &[u8], lookup: wasi::Lookupflags) -> Result<Fd, u16> {
    let mut opened: Fd = 0;
    let errno = unsafe {
        wasi::wasi_snapshot_preview1::path_open(
            dir as i32,                                       // directory capability
            lookup as i32,                                    // follow symlinks or not
            path.as_ptr() as i32,                             // path bytes ...
            path.len() as i32,                                // ... and their length
            (wasi::OFLAGS_CREAT | wasi::OFLAGS_TRUNC) as i32, // create, truncate
            wasi::RIGHTS_FD_WRITE as i64,                     // rights we ask for
            0,                                                // rights to inherit
            0,                                                // fd flags
            &mut opened as *mut Fd as i32,                    // out: the new fd
        )
    };
    match errno {
        0 => Ok(opened),
        _ => Err(errno as u16),
    }
}

/// The errnos this program can meet, by their POSIX names. The `wasi` crate
/// has a table of all 77, which alone would double the module's size.
fn errno_name(code: u16) -> &'static [u8] {
    const NAMES: [(wasi::Errno, &[u8]); 8] = [
        (wasi::ERRNO_ACCES, b"EACCES"),
        (wasi::ERRNO_BADF, b"EBADF"),
        (wasi::ERRNO_INVAL, b"EINVAL"),
        (wasi::ERRNO_LOOP, b"ELOOP"),
        (wasi::ERRNO_NOENT, b"ENOENT"),
        (wasi::ERRNO_NOSYS, b"ENOSYS"),
        (wasi::ERRNO_PERM, b"EPERM"),
        (wasi::ERRNO_NOTCAPABLE, b"ENOTCAPABLE"),
    ];
    let known = NAMES.iter().find(|(errno, _)| errno.raw() == code);
    known.map_or(b"another errno", |(_, name)| name)
}

/// Sends "error: <message parts>" to stderr and returns `status`.
fn fail(out: &mut Line, message: &[&[u8]], status: u32) -> u32 {
    out.put(b"error: ");
    message.iter().for_each(|part| {
        out.put(part);
    });
    let _ = out.put(b"\n").send(wasi::FD_STDERR);
    status
}

fn parse_u64(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 19 {
        return None;
    }
    text.iter().try_fold(0u64, |acc, &b| match b {
        b'0'..=b'9' => Some(acc * 10 + (b - b'0') as u64),
        _ => None,
    })
}

/// One line of output, built in a stack buffer (we have no allocator) and
/// sent with fd_write. Text past the buffer's end is cut off.
struct Line {
    buf: [u8; 320],
    len: usize,
}

impl Line {
    fn new() -> Self {
        Line { buf: [0; 320], len: 0 }
    }

    fn put(&mut self, bytes: &[u8]) -> &mut Self {
        let take = self.spare(bytes.len()).len();
        self.spare(take).copy_from_slice(&bytes[..take]);
        self.grow(take)
    }

    fn num(&mut self, mut n: u64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return self.put(&digits[start..]);
            }
        }
    }

    /// Up to `want` unused bytes at the end, for a WASI call to fill.
    fn spare(&mut self, want: usize) -> &mut [u8] {
        let end = self.buf.len().min(self.len + want);
        &mut self.buf[self.len..end]
    }

    fn grow(&mut self, filled: usize) -> &mut Self {
        self.len += filled;
        self
    }

    /// Writes the line to stdout and empties it. If stdout itself fails there
    /// is no one left to tell, so the error is dropped.
    fn show(&mut self) {
        let _ = self.send(wasi::FD_STDOUT);
        self.len = 0;
    }

    /// Writes the line to `fd`. fd_write may write less than asked, so it
    /// loops until every byte is out.
    fn send(&self, fd: Fd) -> Result<(), u16> {
        let mut rest = &self.buf[..self.len];
        while !rest.is_empty() {
            let iovec = wasi::Ciovec {
                buf: rest.as_ptr(),
                buf_len: rest.len(),
            };
            match unsafe { wasi::fd_write(fd, &[iovec]) } {
                Ok(written) if written > 0 => rest = &rest[written.min(rest.len())..],
                Ok(_) => return Err(wasi::ERRNO_IO.raw()),
                Err(errno) => return Err(errno.raw()),
            }
        }
        Ok(())
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
