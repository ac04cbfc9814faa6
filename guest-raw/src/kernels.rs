//! The work itself, free of any ABI: plain Rust functions on slices and
//! strings. They compile to wasm inside the plugin and natively inside
//! host-min (as an rlib), so the benchmark runs one source on both sides.

use alloc::string::String;
use alloc::vec::Vec;

/// Upper-cases with `str::to_uppercase` semantics: `grüße` becomes `GRÜSSE`.
pub fn upper(text: &str) -> String {
    text.to_uppercase()
}

/// Counts runs of non-whitespace (Unicode whitespace, as `split_whitespace`).
pub fn word_count(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}

/// Reverses by `char`s, not bytes, so the result is still valid UTF-8.
pub fn reverse(text: &str) -> String {
    text.chars().rev().collect()
}

/// Deliberately the slow, recursive definition: a benchmark of calls.
pub fn fib(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib(n - 1).wrapping_add(fib(n - 2))
    }
}

/// `out = a × b` for row-major `n`×`n` matrices.
pub fn matmul(a: &[f64], b: &[f64], out: &mut [f64], n: usize) {
    assert!(a.len() >= n * n && b.len() >= n * n && out.len() >= n * n);
    for i in 0..n {
        for j in 0..n {
            out[i * n + j] = 0.0;
        }
        for k in 0..n {
            let a_ik = a[i * n + k];
            for j in 0..n {
                out[i * n + j] += a_ik * b[k * n + j];
            }
        }
    }
}

/// FNV-1a, 64-bit: the byte kernel (one multiply per byte, in order).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Allocation churn: `rounds` allocations of mixed sizes (16 B to 16 KiB),
/// each replacing one of 8 live buffers, so frees come out of order and some
/// buffers are always live. Returns the bytes allocated, as a check.
pub fn churn(rounds: u32) -> u64 {
    let mut live: [Vec<u8>; 8] = Default::default();
    let mut total = 0u64;
    for round in 0..rounds {
        let size = 16usize << (round % 11);
        let mut buffer = Vec::with_capacity(size);
        buffer.push(round as u8);
        total += size as u64;
        live[(round as usize * 5) % 8] = buffer; // drops the buffer it replaces
    }
    total
}
