;; Attacks: the sandbox's bounds. Linear memory is one 64 KiB page; each
;; export reaches past its end from inside guest code.
;; Trapped: `store` writes 8 bytes at 65532, the last 4 inside memory. The
;; store traps and writes none of them (the test reads them back as zero).
;; `load` reads 8 bytes at 65532 and traps too.
(module
  (memory (export "memory") 1)
  (func (export "store") (i64.store (i32.const 65532) (i64.const -1)))
  (func (export "load") (result i64) (i64.load (i32.const 65532)))
  (func (export "_start") (i64.store (i32.const 65532) (i64.const -1))))
