;; Attacks: the host's stack. Calls itself with no end.
;; Stopped by: wasmtime's max_wasm_stack (512 KiB): "call stack exhausted".
(module
  (memory (export "memory") 1)
  (func $down (param $depth i64) (result i64)
    (call $down (i64.add (local.get $depth) (i64.const 1))))
  (func (export "_start")
    (drop (call $down (i64.const 0)))))
