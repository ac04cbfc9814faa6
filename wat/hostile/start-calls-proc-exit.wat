;; Attacks: nothing; it checks that host-min treats an exit during
;; instantiation as the wasmtime CLI does. The start function prints a line
;; and calls proc_exit(3) before _start is ever reached.
;; Expected: the line on stdout and exit status 3, not an instantiation error.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\0f\00\00\00")   ;; iovec: buf 16, len 15
  (data (i32.const 16) "start function\0a")
  (func $start
    (drop (call $fd_write
      (i32.const 1)     ;; fd: stdout
      (i32.const 0)     ;; iovs: the iovec above
      (i32.const 1)     ;; iovs_len
      (i32.const 8)))   ;; nwritten
    (call $proc_exit
      (i32.const 3)))   ;; rval
  (start $start)
  (func (export "_start") unreachable))
