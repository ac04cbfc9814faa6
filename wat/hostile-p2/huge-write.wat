;; One output-stream.write of 20 MiB, more than check-write ever grants
;; (16 MiB, the same bound as one preview-1 fd_write). WASI says such a
;; write traps; host-min does, with one line, and writes nothing.
(module
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.write"
    (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 330)        ;; 330 pages: 20.6 MiB
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (call $write
      (call $get_stdout)                ;; self: stdout's stream
      (i32.const 0)                     ;; contents: from address 0 ...
      (i32.const 20971520)              ;; ... 20 MiB of it
      (i32.const 16))                   ;; return area: result<_, stream-error>
    (i32.const 0)))
