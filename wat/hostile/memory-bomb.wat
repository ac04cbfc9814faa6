;; Attacks: the host's memory. Grows its memory 1 MiB at a time until refused,
;; says so, then traps (as a Rust program aborts when allocation fails).
;; Stopped by: the memory cap (64 MiB by default): memory.grow returns -1.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "memory.grow returned -1\n")
  (func (export "_start")
    (loop $grow
      (br_if $grow (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))  ;; 16 pages = 1 MiB
    (i32.store (i32.const 0) (i32.const 16))   ;; iovec.buf: the message
    (i32.store (i32.const 4) (i32.const 24))   ;; iovec.buf_len: its length
    (drop (call $fd_write
      (i32.const 1)     ;; fd: stdout
      (i32.const 0)     ;; iovs: the iovec at offset 0
      (i32.const 1)     ;; iovs_len: one
      (i32.const 8)))   ;; nwritten: stored at offset 8
    unreachable))
