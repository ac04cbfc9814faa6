;; Attacks: the time between checking a path and using it. Creates
;; "swap/escaped.txt" beneath fd 3, 20,000 times, while the host test swaps
;; "swap" between a real directory and a symlink that leads outside the
;; grant (host-min/tests/grants.rs). A host that checked the path first and
;; opened it after would, some of those times, create the file outside.
;; Exit status: 0 if every attempt either succeeded (inside) or was refused
;; with ENOTCAPABLE (76) or ENOENT (44, a swap in mid-flight); otherwise the
;; unexpected errno.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "swap/escaped.txt")
  (func (export "_start")
    (local $left i32)
    (local $errno i32)
    (local.set $left (i32.const 20000))
    (loop $again
      (local.set $errno
        (call $path_open
          (i32.const 3)      ;; fd: the granted directory
          (i32.const 1)      ;; dirflags: follow symlinks
          (i32.const 16)     ;; path
          (i32.const 16)     ;; path_len
          (i32.const 1)      ;; oflags: creat
          (i64.const 64)     ;; rights: fd_write
          (i64.const 0)      ;; inherited rights
          (i32.const 0)      ;; fdflags
          (i32.const 8)))    ;; opened fd goes here
      (if (i32.eqz (local.get $errno))
        (then (drop (call $fd_close (i32.load (i32.const 8)))))) ;; fd: the one just opened
      (if (i32.and
            (i32.ne (local.get $errno) (i32.const 0))
            (i32.and
              (i32.ne (local.get $errno) (i32.const 76))
              (i32.ne (local.get $errno) (i32.const 44))))
        (then (call $proc_exit (local.get $errno))))
      (local.set $left (i32.sub (local.get $left) (i32.const 1)))
      (br_if $again (local.get $left)))))
