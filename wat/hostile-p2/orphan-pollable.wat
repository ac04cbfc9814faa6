;; Drops stdout's output-stream while a pollable made from it is alive.
;; WASI makes the pollable a child of its stream, to be dropped first;
;; host-min traps (wasi/p2/table.rs), as the wasmtime CLI does.
(module
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.subscribe"
    (func $subscribe (param i32) (result i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream"
    (func $drop_output (param i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (local $out i32)
    (local.set $out (call $get_stdout))
    (drop (call $subscribe
      (local.get $out)))                ;; self: the stream; returns its pollable
    (call $drop_output
      (local.get $out))                 ;; the stream, while its pollable lives
    (i32.const 0)))
