;; A plugin with a working alloc whose functions break the ABI, or hand the
;; host's imports ranges outside memory. Each is stopped by a host check.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "kv_get" (func $kv_get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)
  (global $next (mut i32) (i32.const 1024))
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $start i32)
    (local.set $start (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.add (local.get $len) (i32.const 8))))
    (local.get $start))
  (func (export "dealloc") (param $ptr i32) (param $len i32))

  ;; Returns a result range 4 KiB long at 0xffff_ff00: outside memory.
  (func (export "result_outside") (param $ptr i32) (param $len i32) (result i64)
    (i64.const 0xffff_ff00_0000_1000))   ;; ptr 0xffff_ff00, len 0x1000

  ;; Returns a text result (kind 0) whose bytes are not UTF-8.
  (func (export "text_not_utf8") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 2)))
    (i32.store8 (local.get $out) (i32.const 0))                               ;; kind: text
    (i32.store8 (i32.add (local.get $out) (i32.const 1)) (i32.const 0xff))    ;; not UTF-8
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32)) (i64.const 2)))

  ;; Asks env.log to print 32 bytes at 0xffff_fff0.
  (func (export "log_outside") (param $ptr i32) (param $len i32) (result i64)
    (call $log
      (i32.const 0xffff_fff0)   ;; ptr: outside memory
      (i32.const 32))           ;; len
    (i64.const 0))

  ;; Asks env.kv_get to copy a value to 0xffff_fff0.
  (func (export "kv_outside") (param $ptr i32) (param $len i32) (result i64)
    (drop (call $kv_get
      (local.get $ptr)          ;; key: the input
      (local.get $len)          ;; key length
      (i32.const 0xffff_fff0)   ;; out: outside memory
      (i32.const 100)))         ;; out capacity
    (i64.const 0)))
