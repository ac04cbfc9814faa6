;; Attacks: host memory through fd_write. Its iovec points 100 bytes starting
;; at 0xffff_fff0, past the end of its 64 KiB memory (and wrapping in 32 bits).
;; Refused with: EFAULT (21), which the guest passes on as its exit status.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 0xffff_fff0))   ;; iovec.buf: far outside memory
    (i32.store (i32.const 4) (i32.const 100))           ;; iovec.buf_len
    (call $proc_exit
      (call $fd_write
        (i32.const 1)      ;; fd: stdout
        (i32.const 0)      ;; iovs: the bad iovec
        (i32.const 1)      ;; iovs_len: one
        (i32.const 8)))))  ;; nwritten
