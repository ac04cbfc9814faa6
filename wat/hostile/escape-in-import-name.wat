;; Attacks: the user's terminal. The import nobody provides is named with
;; ESC [2J (clear the screen), a carriage return and a fake "error" line,
;; so printing the name raw in host-min's error would wipe the screen and
;; forge output.
;; An export is named the same way, for `inspect` to print.
;; Refused: at link time, as any unknown import, with the name's ESC escaped
;; (\u{1b}; wasmtime's message already shows the carriage return as a
;; space). `inspect` prints both names with \u{1b} and \u{d}: nothing
;; reaches the terminal raw.
(module
  (import "env" "\1b[2J\0derror: all good" (func $attack))
  (memory (export "memory") 1)
  (func (export "_start") (call $attack))
  (func (export "\1b[2J\0dexport name")))
