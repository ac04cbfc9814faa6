;; Attacks: nothing; an integer division by zero, which traps in wasm
;; (on x86 it would be a SIGFPE the host must not die of).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (i32.div_s (i32.const 1) (i32.const 0)))))
