//! `writes N`: N writes of 16 bytes each to `writes.out` in the granted
//! directory, unbuffered, so each is one WASI write. Built for
//! wasm32-wasip1 and wasm32-wasip2 from this one source: `make bench`
//! times both on host-min (host-min/src/bench/wasi.rs).

use std::io::Write;

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let mut file = std::fs::File::create("writes.out").expect("create writes.out in the grant");
    for _ in 0..n {
        file.write_all(b"0123456789abcdef").expect("write");
    }
}
