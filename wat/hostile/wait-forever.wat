;; Attacks: the timeout, from inside a host call that waits. With no
;; argument, reads stdin, which the test keeps open and never writes; with
;; any argument, opens the FIFO "fifo" in its grant for reading and for
;; writing (so the read cannot end at end-of-file) and reads it. Either read
;; waits for ever, where no epoch check can stop it.
;; Stopped by: --timeout-ms; a read waits in poll(2) until the deadline only
;; (src/wasi/blocking.rs), and the call then ends the guest as a timeout
;; (exit 72). A read that returned before the deadline would reach
;; proc_exit(1); a failed open exits with its errno.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "fifo")
  (func $open (param $rights i64) (result i32)
    (local $errno i32)
    (local.set $errno
      (call $path_open
        (i32.const 3)        ;; fd: the granted directory
        (i32.const 0)        ;; dirflags: none
        (i32.const 16)       ;; path: "fifo"
        (i32.const 4)        ;; path_len
        (i32.const 0)        ;; oflags: none
        (local.get $rights)  ;; rights: fd_read or fd_write
        (i64.const 0)        ;; inherited rights
        (i32.const 0)        ;; fdflags: blocking, as the guest sees it
        (i32.const 8)))      ;; opened fd goes here
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (i32.load (i32.const 8)))
  (func (export "_start")
    (local $fd i32)
    (drop
      (call $args_sizes_get
        (i32.const 0)        ;; argc goes here
        (i32.const 4)))      ;; the arguments' size goes here
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 1))
      (then
        (local.set $fd (call $open (i64.const 2)))  ;; the reading end
        (drop (call $open (i64.const 64))))         ;; a writer, so no EOF
      (else (local.set $fd (i32.const 0))))         ;; stdin
    (i32.store (i32.const 32) (i32.const 64))       ;; iovec.buf
    (i32.store (i32.const 36) (i32.const 16))       ;; iovec.buf_len
    (drop
      (call $fd_read
        (local.get $fd)    ;; fd: stdin or the FIFO
        (i32.const 32)     ;; iovs
        (i32.const 1)      ;; iovs_len
        (i32.const 40)))   ;; nread goes here
    (call $proc_exit (i32.const 1))))
