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
#[inline]
pub fn fib(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib(n - 1).wrapping_add(fib(n - 2))
    }
}

/// Rows and columns of `out` that `matmul` keeps in registers at once.
const BLOCK: usize = 4;

/// `out = a × b` for row-major `n`×`n` matrices.
///
/// Register blocking: a 4×4 block of `out` is summed in local variables over
/// the whole `k` loop, so each step loads one row piece of `b` and four
/// values of `a` for 16 multiply-adds, where a plain triple loop loads and
/// stores `out` for every one. Wasm compilers do not block loops themselves
/// (Cranelift does not even unroll), so it is written in the source, which
/// both sides share. Every element is still summed from 0.0 in `k` order:
/// the results are bit for bit those of the plain loop (`matmul_plain`).
/// Always inlined, so host-min's benchmark can compile a copy of it with
/// wider vector features (its "native wide" column).
#[inline(always)]
pub fn matmul(a: &[f64], b: &[f64], out: &mut [f64], n: usize) {
    assert!(a.len() >= n * n && b.len() >= n * n && out.len() >= n * n);
    let blocked = n - n % BLOCK;
    for i in (0..blocked).step_by(BLOCK) {
        let a_rows: [&[f64]; BLOCK] = core::array::from_fn(|r| &a[(i + r) * n..][..n]);
        for j in (0..blocked).step_by(BLOCK) {
            let mut sums = [[0.0f64; BLOCK]; BLOCK];
            for (k, b_row) in b[..n * n].chunks_exact(n).enumerate() {
                let b_part = &b_row[j..j + BLOCK];
                for (sum_row, a_row) in sums.iter_mut().zip(&a_rows) {
                    let a_ik = a_row[k];
                    for (sum, &b_kj) in sum_row.iter_mut().zip(b_part) {
                        *sum += a_ik * b_kj;
                    }
                }
            }
            for (r, sum_row) in sums.iter().enumerate() {
                out[(i + r) * n + j..][..BLOCK].copy_from_slice(sum_row);
            }
        }
        // Columns past the last whole block.
        for r in i..i + BLOCK {
            dot_products(a, b, out, n, r, blocked..n);
        }
    }
    // Rows past the last whole block.
    for r in blocked..n {
        dot_products(a, b, out, n, r, 0..n);
    }
}

/// `out[i][j]` for each `j` in `columns`: row `i` of `a` times column `j` of `b`.
fn dot_products(a: &[f64], b: &[f64], out: &mut [f64], n: usize, i: usize, columns: core::ops::Range<usize>) {
    for j in columns {
        let mut sum = 0.0;
        for k in 0..n {
            sum += a[i * n + k] * b[k * n + j];
        }
        out[i * n + j] = sum;
    }
}

/// The plain triple loop `matmul` must agree with, bit for bit (tested).
pub fn matmul_plain(a: &[f64], b: &[f64], out: &mut [f64], n: usize) {
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
#[inline(always)]
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
