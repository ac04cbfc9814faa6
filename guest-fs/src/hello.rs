//! A std "hello", built for wasm32-wasip1 (out/hello-p1.wasm) and for
//! wasm32-wasip2 (out/p2/hello.wasm): the same source, so the difference
//! between the two files is what each WASI version costs a program.
//! `make bench` times both on host-min and on the wasmtime CLI.

fn main() {
    println!("hello, world");
}
