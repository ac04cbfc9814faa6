;; Attacks: the host's time. `_start` never returns.
;; Stopped by: --timeout-ms (epoch interruption) or --fuel.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever (br $forever))))
