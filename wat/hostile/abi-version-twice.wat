;; Attacks: nothing on purpose; a plugin that claims two versions of ABI.md
;; at once, so which contract its exports follow is a guess.
;; Refused: before instantiating, in one line naming both (exit 65). No
;; guest code runs: the start function traps, so instantiating would show.
(module
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 ...
  (func (export "wasm_by_hand_abi_version_2"))  ;; ... and version 2
  (func (export "alloc") (param $len i32) (result i32) (i32.const 64))
  (func (export "dealloc") (param $ptr i32) (param $len i32))
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64) (unreachable))
  (func $boom unreachable)
  (start $boom))
