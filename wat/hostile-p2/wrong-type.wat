;; Passes a pollable's handle where an output-stream is expected. Handles
;; carry their resource type; the component runtime refuses the mismatch
;; before host-min is called: a trap, one line.
(module
  (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration"
    (func $subscribe_duration (param i64) (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.check-write"
    (func $check_write (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (call $check_write
      (call $subscribe_duration
        (i64.const 0))                  ;; self: a pollable, not a stream
      (i32.const 16))                   ;; return area
    (i32.const 0)))
