;; Attacks: the host's memory before any code runs. Declares 2,000 pages
;; (125 MiB) of initial memory, over the 64 MiB cap.
;; Stopped by: the memory cap, at instantiation; no guest code runs.
(module
  (memory (export "memory") 2000)
  (func (export "_start")))
