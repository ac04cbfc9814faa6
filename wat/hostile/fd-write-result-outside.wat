;; Attacks: host memory through fd_write's out-parameter: a valid iovec, but
;; the byte count is to be stored at 0xffff_fffe, outside memory.
;; Refused with: EFAULT (21), and nothing is written to stdout.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "must not appear\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))   ;; iovec.buf
    (i32.store (i32.const 4) (i32.const 16))   ;; iovec.buf_len
    (call $proc_exit
      (call $fd_write
        (i32.const 1)              ;; fd: stdout
        (i32.const 0)              ;; iovs: a good iovec
        (i32.const 1)              ;; iovs_len: one
        (i32.const 0xffff_fffe)))));; nwritten: outside memory
