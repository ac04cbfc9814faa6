;; Attacks: the user's terminal, through the ABI's panic import. The panic
;; message carries ESC [31m (red text) and a line break with a forged line.
;; Refused: the call ends with a trap naming the panic, its control
;; characters escaped; the plugin's `log` line is escaped the same way.
(module
  (import "env" "panic" (func $panic (param i32 i32)))
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)
  (data (i32.const 16) "\1b[31mred\0aerror: forged line")
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "dealloc") (param i32 i32))
  (func (export "upper") (param i32 i32) (result i64)
    (call $log
      (i32.const 16)    ;; ptr: the message above
      (i32.const 27))   ;; len
    (call $panic
      (i32.const 16)    ;; ptr
      (i32.const 27))   ;; len
    (i64.const 0)))
