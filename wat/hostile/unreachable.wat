;; Attacks: nothing; fails the way a Rust panic=abort does.
;; Stopped by: the trap, reported by kind.
(module
  (memory (export "memory") 1)
  (func (export "_start") unreachable))
