;; Attacks: a descriptor it was never given. Writes to fd 7.
;; Refused with: EBADF (8).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "secret")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))   ;; iovec.buf
    (i32.store (i32.const 4) (i32.const 6))    ;; iovec.buf_len
    (call $proc_exit
      (call $fd_write
        (i32.const 7)      ;; fd: never granted
        (i32.const 0)      ;; iovs
        (i32.const 1)      ;; iovs_len
        (i32.const 8)))))  ;; nwritten
