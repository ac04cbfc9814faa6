;; Attacks: the user's terminal. The import nobody provides is named with
;; ESC [2J (clear the screen), a carriage return and a fake "error" line,
;; so printing the name raw in host-min's error would wipe the screen and
;; forge output.
;; Refused: at link time, as any unknown import, with the name's control
;; characters escaped (\u{1b}[2J, \u{d}): nothing reaches the terminal raw.
(module
  (import "env" "\1b[2J\0derror: all good" (func $attack))
  (memory (export "memory") 1)
  (func (export "_start") (call $attack)))
