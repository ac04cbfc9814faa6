;; Attacks: the linker. Imports a function no host provides.
;; Refused: at link time, before any code runs, with the import named.
(module
  (import "other" "thing" (func $thing))
  (memory (export "memory") 1)
  (func (export "_start") (call $thing)))
