;; Polls a list of 1,000,000 borrows of one pollable. wasmtime lifts the
;; list (4 MB of handles) before host-min sees it; host-min then refuses a
;; list longer than 65,536 (wasi/p2/io.rs) with one line, instead of
;; building a million-entry poll set.
(module
  (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration"
    (func $subscribe_duration (param i64) (result i32)))
  (import "wasi:io/poll@0.2.12" "poll"
    (func $poll (param i32 i32 i32)))
  (memory (export "memory") 80)
  (global $next (mut i32) (i32.const 4194304))
  ;; A bump allocator for the list<u32> poll would return.
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $next))
    (global.set $next (i32.add (local.get $at) (local.get 3)))
    (local.get $at))
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (local $pollable i32) (local $i i32)
    (local.set $pollable (call $subscribe_duration
      (i64.const 0)))                   ;; when: now, so it is ready
    (loop $fill
      (i32.store (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))
        (local.get $pollable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 1000000))))
    (call $poll
      (i32.const 1024)                  ;; in: the list of borrowed pollables ...
      (i32.const 1000000)               ;; ... and its length
      (i32.const 16))                   ;; return area: the ready indices (ptr, len)
    (i32.const 0)))                     ;; ok
