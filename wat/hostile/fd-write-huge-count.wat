;; Attacks: the host's loops and allocations through fd_write, with an iovec
;; count of 0x7fff_ffff (16 GiB of iovec records).
;; Refused with: EFAULT (21) before a single record is read.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit
      (call $fd_write
        (i32.const 1)             ;; fd: stdout
        (i32.const 0)             ;; iovs: offset 0
        (i32.const 0x7fff_ffff)   ;; iovs_len: absurd
        (i32.const 8)))))         ;; nwritten
