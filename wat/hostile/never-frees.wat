;; A plugin that never frees: alloc bumps forward and grows memory, dealloc
;; does nothing, so every call costs memory for good.
;; Stopped by: the memory cap; alloc then returns 0 and the host names the cap.
(module
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)
  (global $next (mut i32) (i32.const 1024))
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $start i32)
    (local.set $start (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    ;; grow to cover $next, in whole pages; -1 means refused: answer 0
    (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq
              (memory.grow (i32.add (i32.div_u (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
                                               (i32.const 65536))
                                    (i32.const 1)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (local.get $start))
  (func (export "dealloc") (param $ptr i32) (param $len i32))   ;; frees nothing
  ;; echo(ptr, len): hands the input back as text, in a new buffer.
  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.add (local.get $len) (i32.const 1))))
    (if (i32.eqz (local.get $out)) (then (return (i64.const 0))))
    (i32.store8 (local.get $out) (i32.const 0))                    ;; kind: text
    (memory.copy (i32.add (local.get $out) (i32.const 1)) (local.get $ptr) (local.get $len))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))    ;; ptr, high
            (i64.extend_i32_u (i32.add (local.get $len) (i32.const 1))))))  ;; len, low
