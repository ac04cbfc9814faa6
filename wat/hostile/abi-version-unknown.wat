;; Attacks: nothing on purpose; a plugin written for a later ABI.md. It
;; declares version 2, which host-min does not speak.
;; Refused: before instantiating, in one line naming version 2 and the
;; version 1 host-min speaks (exit 65). No guest code runs: the start
;; function traps, so instantiating would show in the error.
(module
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_2"))  ;; speaks ABI.md version 2
  (func (export "alloc") (param $len i32) (result i32) (i32.const 64))
  (func (export "dealloc") (param $ptr i32) (param $len i32))
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64) (unreachable))
  (func $boom unreachable)
  (start $boom))
