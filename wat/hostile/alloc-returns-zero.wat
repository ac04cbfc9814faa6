;; A plugin whose alloc always fails (returns 0).
;; Stopped by: the host checks alloc's answer before writing: an ABI error.
(module
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 0))   ;; 0: "cannot"
  (func (export "dealloc") (param $ptr i32) (param $len i32))
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64) (i64.const 0)))
