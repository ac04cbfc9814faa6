;; Attacks: the host's memory, through fd_readdir. Opens the directory
;; "big" (which the test fills with 20,000 long names) 250 times and starts
;; a listing on each, hoping the host keeps a whole listing per descriptor,
;; outside the guest's memory cap.
;; Stopped by: fd_readdir reads only what fills the guest's buffer, from the
;; kernel's position (src/wasi/p1/descriptors.rs). Exit status 0, or the errno.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "big")
  (func (export "_start")
    (local $left i32)
    (local $errno i32)
    (local.set $left (i32.const 250))
    (loop $again
      (local.set $errno
        (call $path_open
          (i32.const 3)      ;; fd: the granted directory
          (i32.const 0)      ;; dirflags: none
          (i32.const 16)     ;; path: "big"
          (i32.const 3)      ;; path_len
          (i32.const 2)      ;; oflags: directory
          (i64.const 16384)  ;; rights: fd_readdir
          (i64.const 0)      ;; inherited rights
          (i32.const 0)      ;; fdflags
          (i32.const 8)))    ;; opened fd goes here
      (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
      (local.set $errno
        (call $fd_readdir
          (i32.load (i32.const 8))  ;; fd: big, opened again
          (i32.const 0x10000)       ;; buf: the second page
          (i32.const 0x10000)       ;; buf_len: 64 KiB
          (i64.const 0)             ;; cookie: from the start
          (i32.const 12)))          ;; bufused goes here
      (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
      (local.set $left (i32.sub (local.get $left) (i32.const 1)))
      (br_if $again (local.get $left)))))
