;; stateful.wat: a plugin that remembers, to show what a reused instance
;; carries from one call to the next. Each call adds one to a global and to
;; a byte of linear memory and answers with the new count (a number result,
;; ABI.md). On a fresh instance every call answers 1; on a reused one the
;; count climbs, which is one caller's state reaching the next.
;;
;;   host-min call wat/stateful.wat visits_global --calls 5            # 1, five times
;;   host-min call wat/stateful.wat visits_global --calls 5 --reuse    # 1, 2, 3, 4, 5
(module
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)

  ;; The state: a global, and the byte at address 16.
  (global $visits (mut i64) (i64.const 0))
  (global $VISITS_BYTE i32 (i32.const 16))
  ;; The one result buffer: kind byte at 32, the u64 at 33..41.
  (global $RESULT i32 (i32.const 32))

  ;; alloc: the input goes to 64 and up (the input is ignored); 0 is never
  ;; handed out. dealloc has nothing to give back.
  (func (export "alloc") (param $len i32) (result i32) (i32.const 64))
  (func (export "dealloc") (param $ptr i32) (param $len i32))

  ;; Writes a number result for the host and packs (ptr << 32) | len.
  (func $number (param $value i64) (result i64)
    (i32.store8 (global.get $RESULT) (i32.const 1))                 ;; kind 1: number
    (i64.store (i32.add (global.get $RESULT) (i32.const 1)) (local.get $value))
    (i64.or
      (i64.shl (i64.extend_i32_u (global.get $RESULT)) (i64.const 32))  ;; ptr
      (i64.const 9)))                                                   ;; len: kind + 8 bytes

  (func (export "visits_global") (param $ptr i32) (param $len i32) (result i64)
    (global.set $visits (i64.add (global.get $visits) (i64.const 1)))
    (call $number (global.get $visits)))

  (func (export "visits_memory") (param $ptr i32) (param $len i32) (result i64)
    (i32.store8 (global.get $VISITS_BYTE)
      (i32.add (i32.load8_u (global.get $VISITS_BYTE)) (i32.const 1)))
    (call $number (i64.extend_i32_u (i32.load8_u (global.get $VISITS_BYTE)))))

  ;; For the tests that a failed call fails alone: the third visit traps,
  ;; the second loops until the timeout stops it.
  (func (export "third_visit_traps") (param $ptr i32) (param $len i32) (result i64)
    (global.set $visits (i64.add (global.get $visits) (i64.const 1)))
    (if (i64.eq (global.get $visits) (i64.const 3)) (then (unreachable)))
    (call $number (global.get $visits)))
  (func (export "second_visit_loops") (param $ptr i32) (param $len i32) (result i64)
    (global.set $visits (i64.add (global.get $visits) (i64.const 1)))
    (if (i64.eq (global.get $visits) (i64.const 2)) (then (loop $forever (br $forever))))
    (call $number (global.get $visits))))
