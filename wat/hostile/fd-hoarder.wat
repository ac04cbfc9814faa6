;; Attacks: the host's descriptors. Opens its granted directory (fd 3) again
;; and again, never closing, hoping to run host-min out of file descriptors.
;; Stopped by: the guest's own table holds at most 256 (src/wasi/p1/fd_table.rs):
;; stdio and the grant take 4, so 252 opens succeed and the next is EMFILE
;; (33). Exit status 0 if exactly that happened, else 1: the kernel's own
;; EMFILE, at another count, does not pass for host-min's.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) ".")
  (func (export "_start")
    (local $errno i32)
    (local $opened i32)
    (loop $again
      (local.set $errno
        (call $path_open
          (i32.const 3)      ;; fd: the granted directory
          (i32.const 0)      ;; dirflags: none
          (i32.const 16)     ;; path: "."
          (i32.const 1)      ;; path_len
          (i32.const 2)      ;; oflags: directory
          (i64.const 0)      ;; rights: none
          (i64.const 0)      ;; inherited rights
          (i32.const 0)      ;; fdflags
          (i32.const 8)))    ;; opened fd goes here
      (if (i32.eqz (local.get $errno))
        (then
          (local.set $opened (i32.add (local.get $opened) (i32.const 1)))
          (br $again))))
    (call $proc_exit
      (i32.or
        (i32.ne (local.get $opened) (i32.const 252))
        (i32.ne (local.get $errno) (i32.const 33))))))
