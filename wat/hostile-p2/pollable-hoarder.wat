;; Makes pollables in a loop and drops none. Each is a resource the host
;; keeps; host-min stops the guest at its resource cap (16,384,
;; host-min/src/wasi/p2/table.rs) with one line, before its memory grows.
(module
  (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration"
    (func $subscribe_duration (param i64) (result i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (loop $again
      (drop (call $subscribe_duration
        (i64.const 1000000000)))  ;; when: one second from now, in ns; returns a pollable handle
      (br $again))
    unreachable))
