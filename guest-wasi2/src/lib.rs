//! guest-wasi2: guest-wasi's program as a WASI 0.2 command, in
//! `#![no_std]` Rust with no libc and no allocator beyond the one the
//! canonical ABI needs. Where guest-wasi calls preview 1's flat functions
//! with fd numbers and pointers, this calls WASI 0.2's interfaces with
//! resource handles and return areas, lowered by hand (wasi.rs).
//!
//! Build and run it (`make all` does both):
//!
//! ```text
//! make build
//! host-min run --dir /tmp/grant out/component/guest-wasi2.wasm 35
//! wasmtime run --dir=/tmp/grant out/component/guest-wasi2.wasm 35
//! ```
//!
//! Usage: `guest-wasi2 [N] [PATH...]`
//! 1. prints `fib(N) = …` (N defaults to 30, at most 93 so it fits in a u64);
//! 2. lists the directories the runtime pre-opened for it;
//! 3. creates `guest-wasi2.txt` in the first one, holding the fib line;
//! 4. tries to create each PATH relative to that directory (default:
//!    `../escape.txt` and `/tmp/escape.txt`), expecting the runtime to
//!    refuse, and prints the error-code it was refused with.
//!
//! Exit status, as guest-wasi's: 0 all went as expected, 1 bad argument,
//! 2 no directory was granted, 3 a PATH that should have been refused was
//! created, 4 a WASI call failed unexpectedly.
#![no_std]

mod line;
mod wasi;

use line::Line;
use wasi::Stdio;

const EXIT_BAD_ARGUMENT: u8 = 1;
const EXIT_NO_GRANT: u8 = 2;
const EXIT_ESCAPED: u8 = 3;
const EXIT_WASI_FAILED: u8 = 4;

const MAX_N: u64 = 93;
const DEFAULT_N: u64 = 30;
const DEFAULT_ESCAPES: [&[u8]; 2] = [b"../escape.txt", b"/tmp/escape.txt"];
const OUTPUT_FILE: &[u8] = b"guest-wasi2.txt";

/// `run: func() -> result` of `wasi:cli/run`, the command's entry point.
/// A result with no payloads flattens to one i32: 0 is `ok`. Failures end
/// through `exit-with-code` instead, to carry their status.
#[export_name = "wasi:cli/run@0.2.12#run"]
pub extern "C" fn run() -> i32 {
    match main() {
        0 => 0,
        status => wasi::exit(status),
    }
}

fn main() -> u8 {
    let mut out = Line::new();

    // Phase 1: arguments, a list<string> the host placed in our memory with
    // cabi_realloc: (pointer, length) pairs, each pointing at UTF-8 bytes.
    let args = wasi::arguments();
    let arg = |i: usize| wasi::text(args[i]);
    if let Some(option) = (1..args.len()).map(arg).find(|a| a.starts_with(b"--")) {
        let why: [&[u8]; 3] = [
            b"`",
            option,
            b"` reached guest-wasi2 as an argument; runtime options go before the module (wasmtime run --dir=. guest-wasi2.wasm)",
        ];
        return fail(&mut out, &why, EXIT_BAD_ARGUMENT);
    }

    // Phase 2: the computation, printed through stdout's output-stream.
    let n = match (args.len() > 1).then(|| parse_u64(arg(1))) {
        None => DEFAULT_N,
        Some(Some(n)) if n <= MAX_N => n,
        Some(_) => return fail(&mut out, &[b"N must be a whole number from 0 to 93"], EXIT_BAD_ARGUMENT),
    };
    let mut fib_line = Line::new();
    fib_line.put(b"fib(").num(n).put(b") = ").num(fib(n)).put(b"\n");
    let _ = wasi::print(Stdio::Out, fib_line.bytes());

    // Phase 3: capabilities. Preview 1 numbered granted directories from fd
    // 3 upwards; WASI 0.2 hands over descriptor handles with their names.
    let preopens = wasi::preopens();
    for (i, preopen) in preopens.iter().enumerate() {
        out.put(b"preopened directory: ").put(wasi::text(preopen.name));
        if i == 0 {
            out.put(b" (where guest-wasi2.txt goes)");
        }
        out.put(b"\n").show();
    }
    let Some(dir) = preopens.first().map(|p| p.handle) else {
        return fail(
            &mut out,
            &[b"no directory was granted; run with --dir=<dir>"],
            EXIT_NO_GRANT,
        );
    };

    // Phase 4: a write inside the grant. open-at is a method of the
    // directory's descriptor: the path is always relative to it.
    let written = wasi::create(dir, 0, OUTPUT_FILE).and_then(|file| wasi::write_all(file, fib_line.bytes()));
    match written {
        Ok(()) => out.put(b"wrote ").put(OUTPUT_FILE).put(b" in that directory\n"),
        Err(code) => out
            .put(b"writing guest-wasi2.txt failed with ")
            .put(wasi::error_name(code))
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
        match wasi::create(dir, wasi::SYMLINK_FOLLOW, path) {
            Err(code) => out.put(b": refused with ").put(wasi::error_name(code)).put(b"\n"),
            Ok(_) => {
                status = EXIT_ESCAPED;
                out.put(b": NOT refused, the sandbox let it through\n")
            }
        };
        out.show();
    };
    if args.len() > 2 {
        (2..args.len()).for_each(|i| try_escape(arg(i)));
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

/// Sends "error: <message parts>" to stderr and returns `status`.
fn fail(out: &mut Line, message: &[&[u8]], status: u8) -> u8 {
    out.put(b"error: ");
    message.iter().for_each(|part| {
        out.put(part);
    });
    let _ = wasi::print(Stdio::Err, out.put(b"\n").bytes());
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

/// `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr`: how the host
/// places a returned list in our memory. This program frees nothing, so
/// each call takes fresh bytes from the end of memory, grown a page
/// (64 KiB) at a time; a failed grow traps, as the canonical ABI expects.
///
/// # Safety
/// `old_ptr` and `old_size` describe an earlier allocation, or are 0.
#[no_mangle]
pub unsafe extern "C" fn cabi_realloc(old_ptr: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    static END: AtomicUsize = AtomicUsize::new(0);
    const PAGE: usize = 65536;
    let mut start = (NEXT.load(Relaxed) + align - 1) & !(align - 1);
    if start + new_size > END.load(Relaxed) || NEXT.load(Relaxed) == 0 {
        let pages = (new_size + align).div_ceil(PAGE);
        let first = core::arch::wasm32::memory_grow(0, pages);
        if first == usize::MAX {
            core::arch::wasm32::unreachable();
        }
        start = (first * PAGE + align - 1) & !(align - 1);
        END.store((first + pages) * PAGE, Relaxed);
    }
    NEXT.store(start + new_size, Relaxed);
    if !old_ptr.is_null() {
        core::ptr::copy_nonoverlapping(old_ptr, start as *mut u8, old_size.min(new_size));
    }
    start as *mut u8
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
