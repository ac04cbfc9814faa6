;; hello.wat: the smallest WASI command that prints, written by hand.
;; Compare it with guest-wasi, which does the same fd_write from Rust.
;;
;;   make build                       # assembles it into out/wat/hello.wasm
;;   wasmtime run out/wat/hello.wasm  # or: host-min run wat/hello.wat
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno           (WASI preview 1)
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; proc_exit(status): ends the command with that exit status.
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  ;; One page (64 KiB) of linear memory, exported so the runtime can read it.
  (memory (export "memory") 1)

  ;; The text lives in a data segment at offset 16. Bytes 0..8 hold the one
  ;; iovec that points at it, bytes 8..12 receive the byte count.
  (data (i32.const 16) "Hello from hand-written WebAssembly!\n")

  (func (export "_start")
    (local $errno i32)
    ;; iovec[0] = { buf: 16, buf_len: 37 }
    (i32.store (i32.const 0) (i32.const 16))   ;; iovec.buf: where the text starts
    (i32.store (i32.const 4) (i32.const 37))   ;; iovec.buf_len: its length in bytes
    (local.set $errno
      (call $fd_write
        (i32.const 1)     ;; fd: 1 is stdout
        (i32.const 0)     ;; iovs: the iovec array starts at offset 0
        (i32.const 1)     ;; iovs_len: one iovec
        (i32.const 8)))   ;; nwritten: the runtime stores the byte count at offset 8
    ;; A failed write ends the command with the errno as its exit status.
    (if (local.get $errno)
      (then (call $proc_exit (local.get $errno))))))
