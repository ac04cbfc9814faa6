//! The work itself, free of any ABI: plain Rust functions on slices and
//! strings. They compile to wasm inside the plugin and natively inside
//! host-min (as an rlib), so the benchmark runs one source on both sides.

use alloc::string::String;

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
