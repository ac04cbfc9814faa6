;; A plugin whose alloc hands the host a pointer outside its memory, hoping the
;; host writes the input there (into host memory, in a careless host).
;; Stopped by: the host checks the range before writing: an ABI error.
(module
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 0xffff_0000))  ;; past 64 KiB
  (func (export "dealloc") (param $ptr i32) (param $len i32))
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64) (i64.const 0)))
