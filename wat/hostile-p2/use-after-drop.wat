;; Drops stdout's stream, then writes through the handle it no longer owns.
;; The handle is checked by wasmtime's component runtime before host-min
;; is called: a trap, one line.
(module
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream"
    (func $drop_output (param i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.check-write"
    (func $check_write (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (local $out i32)
    (local.set $out (call $get_stdout))
    (call $drop_output (local.get $out))
    (call $check_write
      (local.get $out)                  ;; self: the handle just dropped
      (i32.const 16))                   ;; return area: result<u64, stream-error>
    (i32.const 0)))
