;; Attacks: the host's memory, through fd_write. 65,536 iovecs that all
;; point at the same 2 MiB of the guest's memory name 128 GiB, from a guest
;; of 2.5 MiB. A host that gathered them before writing would try to
;; allocate all of it.
;; Stopped by: one fd_write moves at most 16 MiB (MAX_WRITE in
;; src/wasi/p1/files.rs), straight from guest memory; the write is short, as a
;; write may be. Exit status 0 when exactly 16 MiB were written, else 1.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 40)
  (data (i32.const 16) "out.bin")
  (func (export "_start")
    (local $i i32)
    (local $errno i32)
    ;; The iovec table at 2 MiB: 65,536 times (buf 0, len 2 MiB).
    (loop $fill
      (i32.store (i32.add (i32.const 0x200000) (i32.shl (local.get $i) (i32.const 3))) (i32.const 0))
      (i32.store (i32.add (i32.const 0x200004) (i32.shl (local.get $i) (i32.const 3))) (i32.const 0x200000))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 65536))))
    (local.set $errno
      (call $path_open
        (i32.const 3)      ;; fd: the granted directory
        (i32.const 0)      ;; dirflags: none
        (i32.const 16)     ;; path: "out.bin"
        (i32.const 7)      ;; path_len
        (i32.const 9)      ;; oflags: creat | trunc
        (i64.const 64)     ;; rights: fd_write
        (i64.const 0)      ;; inherited rights
        (i32.const 0)      ;; fdflags
        (i32.const 8)))    ;; opened fd goes here
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (local.set $errno
      (call $fd_write
        (i32.load (i32.const 8))  ;; fd: out.bin
        (i32.const 0x200000)      ;; iovs: the table
        (i32.const 65536)         ;; iovs_len
        (i32.const 4)))           ;; nwritten goes here
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (call $proc_exit (i32.ne (i32.load (i32.const 4)) (i32.const 0x1000000)))))
