;; Reads stdin 64 times asking for 2^64-1 bytes each time. host-min gives
;; at most 1 MiB per read (wasi/p2/streams.rs), so its memory stays small;
;; every answer is placed at the same 1 MiB of guest memory by this
;; cabi_realloc, so an answer any longer would trap as out of bounds.
(module
  (import "wasi:cli/stdin@0.2.12" "get-stdin" (func $get_stdin (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]input-stream.blocking-read"
    (func $blocking_read (param i32 i64 i32)))
  (memory (export "memory") 17)         ;; 64 KiB for us, then 1 MiB for answers
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (i32.const 65536))                  ;; every answer goes to the same place
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (local $in i32) (local $i i32)
    (local.set $in (call $get_stdin))
    (loop $again
      (call $blocking_read
        (local.get $in)                 ;; self: stdin's stream
        (i64.const -1)                  ;; len: 2^64-1 bytes
        (i32.const 16))                 ;; return area: result<list<u8>, stream-error>
      ;; The tag at 16 must be 0 (ok): stdin is endless here.
      (if (i32.load8_u (i32.const 16)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 64))))
    (i32.const 0)))
