;; Attacks: host memory, through the ABI's log and panic imports. Memory
;; grown to 61 MiB of zero bytes (NUL, a control character the host
;; escapes as six), logged whole three times, then panicked with whole.
;; Refused: the host keeps 64 KiB of each message and counts the rest
;; (env.rs, MAX_MESSAGE_BYTES), escaping after the cut: each log line and
;; the error line stay near 400 KiB, host-min's peak memory far from what
;; escaping 60 MiB (several hundred MiB) would take.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "panic" (func $panic (param i32 i32)))
  (memory (export "memory") 976)        ;; 976 pages: 61 MiB, zeros
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "dealloc") (param i32 i32))
  (func (export "upper") (param i32 i32) (result i64)
    (call $log
      (i32.const 0)                     ;; ptr: the start of memory
      (i32.const 62914560))             ;; len: 60 MiB
    (call $log (i32.const 0) (i32.const 62914560))
    (call $log (i32.const 0) (i32.const 62914560))
    (call $panic
      (i32.const 0)                     ;; ptr
      (i32.const 62914560))             ;; len: 60 MiB
    (i64.const 0)))
