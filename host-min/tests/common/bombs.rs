//! Compile bombs: valid modules built to be expensive to compile, written
//! as binary wasm byte by byte, so the tests and `examples/compile_cost.rs`
//! generate them when they run instead of committing megabytes.
//!
//! Every module exports `_start: [] -> []` (function 0), so a module that
//! compiles within the budget runs as a WASI command and exits 0.

/// The shapes that make a compiler work: many functions, one big function,
/// deep nesting, and many locals (cheap in bytes: one count covers them all).
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// `count` small functions of a few instructions each.
    ManyFunctions,
    /// One function of `count` times `x = x + 1`.
    OneHugeFunction,
    /// One function of `count` nested blocks.
    DeepNesting,
    /// `count` empty functions, each declaring 50,000 locals (the most
    /// wasmparser accepts): a few bytes each.
    ManyLocals,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::ManyFunctions,
        Shape::OneHugeFunction,
        Shape::DeepNesting,
        Shape::ManyLocals,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::ManyFunctions => "many functions",
            Shape::OneHugeFunction => "one huge function",
            Shape::DeepNesting => "deep nesting",
            Shape::ManyLocals => "many locals",
        }
    }
}

/// The module of `shape` with `count` functions, instructions or blocks.
pub fn bomb(shape: Shape, count: u32) -> Vec<u8> {
    let bodies: Vec<Vec<u8>> = match shape {
        Shape::ManyFunctions => {
            // i32.const 1, i32.const 2, i32.add, drop; twice.
            let body = [0x41, 1, 0x41, 2, 0x6a, 0x1a, 0x41, 1, 0x41, 2, 0x6a, 0x1a];
            vec![function(&[], &body); count as usize]
        }
        Shape::OneHugeFunction => {
            // One i32 local; local.get 0, i32.const 1, i32.add, local.set 0.
            let body = [0x20, 0, 0x41, 1, 0x6a, 0x21, 0].repeat(count as usize);
            vec![function(&[(1, 0x7f)], &body)]
        }
        Shape::DeepNesting => {
            // block (empty type) `count` times, then as many ends.
            let mut body = [0x02, 0x40].repeat(count as usize);
            body.extend(std::iter::repeat_n(0x0b, count as usize));
            vec![function(&[], &body)]
        }
        Shape::ManyLocals => vec![function(&[(50_000, 0x7e)], &[]); count as usize],
    };
    module(&bodies)
}

/// A code entry: the local declarations (count, type), the body, `end`.
fn function(locals: &[(u32, u8)], body: &[u8]) -> Vec<u8> {
    let mut code = leb(locals.len() as u32);
    for &(count, value_type) in locals {
        code.extend(leb(count));
        code.push(value_type);
    }
    code.extend_from_slice(body);
    code.push(0x0b);
    code
}

/// Header, one type `[] -> []`, every function of that type, `_start`
/// exported as function 0, the code.
fn module(bodies: &[Vec<u8>]) -> Vec<u8> {
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    section(&mut wasm, 1, &[1, 0x60, 0, 0]);
    let mut functions = leb(bodies.len() as u32);
    functions.extend(std::iter::repeat_n(0, bodies.len()));
    section(&mut wasm, 3, &functions);
    section(&mut wasm, 7, &[1, 6, b'_', b's', b't', b'a', b'r', b't', 0, 0]);
    let mut code = leb(bodies.len() as u32);
    for body in bodies {
        code.extend(leb(body.len() as u32));
        code.extend_from_slice(body);
    }
    section(&mut wasm, 10, &code);
    wasm
}

fn section(wasm: &mut Vec<u8>, id: u8, contents: &[u8]) {
    wasm.push(id);
    wasm.extend(leb(contents.len() as u32));
    wasm.extend_from_slice(contents);
}

/// Unsigned LEB128, as every count and size in the binary format.
fn leb(mut value: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            bytes.push(byte);
            return bytes;
        }
        bytes.push(byte | 0x80);
    }
}

/// What one run of host-min cost, measured from outside: its exit status,
/// its stderr, the wall-clock seconds and its peak resident memory
/// (`ru_maxrss` from `wait4`, the kernel's own count).
pub struct Measured {
    pub status: i32,
    pub stderr: String,
    pub seconds: f64,
    pub peak_mib: f64,
}

#[allow(clippy::zombie_processes)] // reaped below, by wait4, which also gives ru_maxrss
pub fn measure(command: &mut std::process::Command) -> Measured {
    use std::io::Read;
    use std::process::Stdio;
    let start = std::time::Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("host-min starts");
    let mut stderr = String::new();
    let _ = child.stderr.take().expect("piped").read_to_string(&mut stderr);
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child we spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let seconds = start.elapsed().as_secs_f64();
    let status = match libc::WIFEXITED(status) {
        true => libc::WEXITSTATUS(status),
        false => 128 + libc::WTERMSIG(status),
    };
    Measured {
        status,
        stderr,
        seconds,
        peak_mib: usage.ru_maxrss as f64 / 1024.0, // ru_maxrss is in KiB on Linux
    }
}
