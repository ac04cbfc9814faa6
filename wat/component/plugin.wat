;; The plugin world of wit/plugin.wit, as a component written by hand in the
;; text format: every part a component has, with nothing generated.
;;   1. the world's imports, as component imports;
;;   2. a core module that owns the linear memory and cabi_realloc;
;;   3. `canon lower`: the imports made core functions over that memory;
;;   4. the plugin's core module, instantiated with them;
;;   5. `canon lift`: its core exports made the world's exports.
;; ASCII only: `upper` maps a-z, `word-count` splits at ASCII whitespace,
;; `reverse` reverses bytes. Reversing a multi-byte character therefore makes
;; invalid UTF-8, which the canonical ABI refuses when lifting the result:
;; host-min's tests use that to pin what invalid UTF-8 does.
;; Build: `make build` (out/component/plugin.wasm). Call:
;; `host-min call out/component/plugin.wasm upper --input hello`.
(component
  ;; 1. The world's imports (wit/plugin.wit), by their WIT names and types.
  (import "log" (func $log (param "msg" string)))
  (import "kv-get" (func $kv-get (param "key" string) (result (option string))))
  (import "kv-set" (func $kv-set (param "key" string) (param "value" string) (result (result))))

  ;; 2. Memory and allocator first: lowering an import needs both, and the
  ;; plugin module needs the lowered imports, so they cannot live in it.
  ;; Layout: 16..28 kv-get's return area, 32..40 the exports' return area,
  ;; 64.. constant strings, 128.. the heap.
  (core module $Memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 128))
    (data (i32.const 64) "Hello")
    (data (i32.const 72) "greeting")
    (data (i32.const 80) "last_greeted")
    (data (i32.const 96) "greet: called")
    (data (i32.const 112) "world")
    ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr. A bump
    ;; allocator: nobody here grows a buffer, so old_ptr/old_size are unused.
    (func (export "cabi_realloc")
      (param $old_ptr i32) (param $old_size i32) (param $align i32) (param $new_size i32)
      (result i32)
      (local $ptr i32) (local $end i32)
      ;; ptr = next rounded up to align (a power of two)
      (local.set $ptr
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $ptr) (local.get $new_size)))
      ;; wrapped past 4 GiB: trap rather than hand out overlapping bytes
      (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
      ;; grow by whole 64 KiB pages when the heap runs past memory.size
      (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
        (then
          (if (i32.eq
                (memory.grow
                  (i32.shr_u
                    (i32.add
                      (i32.sub (local.get $end) (i32.shl (memory.size) (i32.const 16)))
                      (i32.const 0xffff))
                    (i32.const 16)))
                (i32.const -1))
            (then unreachable))))
      (global.set $next (local.get $end))
      (local.get $ptr))
    ;; When a call is over, everything on the heap is garbage: the arguments
    ;; (the callee owns them) and the result (the host has copied it out).
    (func (export "reset") (global.set $next (i32.const 128))))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "cabi_realloc" (core func $realloc))

  ;; 3. The imports lowered. log reads its string from $mem; kv-get's
  ;; option<string> is three flat values, more than one result, so the core
  ;; function takes a return pointer, and the host places the string's bytes
  ;; with $realloc; kv-set's payload-less result is one i32 (0 ok, 1 error).
  (core func $log-lowered (canon lower (func $log) (memory $mem)))
  (core func $kv-get-lowered (canon lower (func $kv-get) (memory $mem) (realloc $realloc)))
  (core func $kv-set-lowered (canon lower (func $kv-set) (memory $mem)))
  (core instance $host
    (export "memory" (memory $mem))
    (export "cabi_realloc" (func $realloc))
    (export "reset" (func $memory "reset"))
    (export "log" (func $log-lowered))
    (export "kv-get" (func $kv-get-lowered))
    (export "kv-set" (func $kv-set-lowered)))

  ;; 4. The plugin itself.
  (core module $Plugin
    (import "host" "memory" (memory 1))
    (import "host" "cabi_realloc" (func $alloc (param i32 i32 i32 i32) (result i32)))
    (import "host" "reset" (func $reset))
    (import "host" "log" (func $log (param i32 i32)))
    (import "host" "kv-get" (func $kv-get (param i32 i32 i32)))
    (import "host" "kv-set" (func $kv-set (param i32 i32 i32 i32) (result i32)))

    ;; A string result: its (ptr, len) in the return area, whose address is
    ;; the one core result.
    (func $return-string (param $ptr i32) (param $len i32) (result i32)
      (i32.store (i32.const 32) (local.get $ptr))
      (i32.store (i32.const 36) (local.get $len))
      (i32.const 32))

    (func $new-buffer (param $len i32) (result i32)
      (call $alloc
        (i32.const 0)       ;; old_ptr: a fresh allocation
        (i32.const 0)       ;; old_size
        (i32.const 1)       ;; align: bytes
        (local.get $len)))  ;; new_size

    ;; upper(s_ptr, s_len) -> retptr
    (func (export "upper") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32) (local $i i32) (local $byte i32)
      (local.set $out (call $new-buffer (local.get $len)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $byte (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
          ;; 'a'..'z' is 97..122: one unsigned compare
          (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 97)) (i32.const 26))
            (then (local.set $byte (i32.sub (local.get $byte) (i32.const 32)))))
          (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $byte))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (call $return-string (local.get $out) (local.get $len)))

    ;; reverse(s_ptr, s_len) -> retptr, byte by byte
    (func (export "reverse") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32) (local $i i32)
      (local.set $out (call $new-buffer (local.get $len)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (i32.store8
            (i32.sub (i32.add (local.get $out) (local.get $len)) (i32.add (local.get $i) (i32.const 1)))
            (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (call $return-string (local.get $out) (local.get $len)))

    ;; word-count(s_ptr, s_len) -> u32: a word starts where a non-space
    ;; follows a space (or the start). No result buffer, so no post-return:
    ;; the argument is freed here.
    (func (export "word-count") (param $ptr i32) (param $len i32) (result i32)
      (local $i i32) (local $count i32) (local $in-word i32) (local $byte i32) (local $space i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $byte (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
          ;; ASCII whitespace: ' ' or \t \n \v \f \r (9..13)
          (local.set $space
            (i32.or
              (i32.eq (local.get $byte) (i32.const 32))
              (i32.lt_u (i32.sub (local.get $byte) (i32.const 9)) (i32.const 5))))
          (if (i32.eqz (i32.or (local.get $space) (local.get $in-word)))
            (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
          (local.set $in-word (i32.eqz (local.get $space)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (call $reset)
      (local.get $count))

    ;; greet(name_ptr, name_len) -> retptr: "<greeting>, <name>!"
    (func (export "greet") (param $name i32) (param $name-len i32) (result i32)
      (local $greeting i32) (local $greeting-len i32) (local $out i32) (local $at i32)
      (if (i32.eqz (local.get $name-len))
        (then (local.set $name (i32.const 112)) (local.set $name-len (i32.const 5)))) ;; "world"
      (call $log
        (i32.const 96)    ;; msg_ptr: "greet: called"
        (i32.const 13))   ;; msg_len
      (call $kv-get
        (i32.const 72)    ;; key_ptr: "greeting"
        (i32.const 8)     ;; key_len
        (i32.const 16))   ;; return area: tag u8 at 16, ptr at 20, len at 24
      (local.set $greeting (i32.const 64))     ;; "Hello" unless the store has one
      (local.set $greeting-len (i32.const 5))
      (if (i32.load8_u (i32.const 16))        ;; tag 1: some
        (then
          (local.set $greeting (i32.load (i32.const 20)))
          (local.set $greeting-len (i32.load (i32.const 24)))))
      ;; result: 0 ok, 1 error; WIT gives greet no error case, so trap
      (if (call $kv-set
            (i32.const 80)           ;; key_ptr: "last_greeted"
            (i32.const 12)           ;; key_len
            (local.get $name)        ;; value_ptr
            (local.get $name-len))   ;; value_len
        (then unreachable))
      ;; greeting ", " name "!"
      (local.set $out
        (call $new-buffer (i32.add (i32.add (local.get $greeting-len) (local.get $name-len)) (i32.const 3))))
      (memory.copy (local.get $out) (local.get $greeting) (local.get $greeting-len))
      (local.set $at (i32.add (local.get $out) (local.get $greeting-len)))
      (i32.store16 (local.get $at) (i32.const 0x202c)) ;; ", " little-endian
      (memory.copy (i32.add (local.get $at) (i32.const 2)) (local.get $name) (local.get $name-len))
      (i32.store8 (i32.add (i32.add (local.get $at) (i32.const 2)) (local.get $name-len)) (i32.const 33)) ;; "!"
      (call $return-string
        (local.get $out)
        (i32.add (i32.add (local.get $greeting-len) (local.get $name-len)) (i32.const 3))))

    ;; After the host copied a string result out: free everything.
    (func (export "cabi_post") (param $retptr i32) (call $reset)))
  (core instance $plugin (instantiate $Plugin (with "host" (instance $host))))

  ;; 5. The exports lifted: the string argument is placed with $realloc in
  ;; $mem, and a string result is freed by the post-return function.
  (func (export "upper") (param "s" string) (result string)
    (canon lift (core func $plugin "upper") (memory $mem) (realloc $realloc)
      (post-return (core func $plugin "cabi_post"))))
  (func (export "word-count") (param "s" string) (result u32)
    (canon lift (core func $plugin "word-count") (memory $mem) (realloc $realloc)))
  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $plugin "greet") (memory $mem) (realloc $realloc)
      (post-return (core func $plugin "cabi_post"))))
  (func (export "reverse") (param "s" string) (result string)
    (canon lift (core func $plugin "reverse") (memory $mem) (realloc $realloc)
      (post-return (core func $plugin "cabi_post")))))
