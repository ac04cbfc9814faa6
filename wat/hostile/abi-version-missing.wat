;; Attacks: nothing on purpose; a module that never says which ABI it speaks,
;; so its exports' meaning is a guess (ABI.md, "Versions").
;; Refused: before instantiating, in one line naming the export host-min
;; expects (exit 65). No guest code runs: the start function traps, so
;; instantiating would show in the error.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 64))
  (func (export "dealloc") (param $ptr i32) (param $len i32))
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64) (unreachable))
  (func $boom unreachable)
  (start $boom))
