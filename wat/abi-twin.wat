;; abi-twin.wat: guest-raw's hand-written twin. The same ABI (ABI.md), by hand
;; in the text format: memory, a bump alloc/dealloc, upper, word_count, fib.
;; Unlike guest-raw, upper here is ASCII-only: bytes outside a-z are copied
;; unchanged, so "grüße" becomes "GRüßE" (guest-raw gives "GRÜSSE").
;;
;;   make build    # assembles it into out/wat/abi-twin.wasm
;;   host-min call wat/abi-twin.wat upper --input "hello"
(module
  ;; One page to start; alloc grows it. Exported: the host copies through it.
  (memory (export "memory") 1)
  (func (export "wasm_by_hand_abi_version_1"))  ;; speaks ABI.md version 1 (never called)

  ;; The heap starts at 1024 (nothing else lives in memory). $next is the
  ;; bump pointer; $live counts buffers not yet handed back.
  (global $heap_base i32 (i32.const 1024))
  (global $next (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))

  ;; Result kinds: the first byte of every result buffer (ABI.md).
  (global $KIND_TEXT i32 (i32.const 0))
  (global $KIND_NUMBER i32 (i32.const 1))

  ;; alloc(len) -> ptr: the next 8-aligned bytes, or 0 if memory cannot grow.
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $start i32)
    (local $end i64)
    (local $have i64)
    ;; alloc(0): a non-zero pointer that must not be touched.
    (if (i32.eqz (local.get $len)) (then (return (i32.const 8))))
    ;; start = next rounded up to a multiple of 8
    (local.set $start
      (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
    ;; end = start + len in 64 bits, so it cannot wrap past 4 GiB
    (local.set $end
      (i64.add (i64.extend_i32_u (local.get $start)) (i64.extend_i32_u (local.get $len))))
    (if (i64.gt_u (local.get $end) (i64.const 0x1_0000_0000)) (then (return (i32.const 0))))
    ;; grow by the missing pages, rounded up; memory.grow answers -1 on failure
    (local.set $have (i64.mul (i64.extend_i32_u (memory.size)) (i64.const 65536)))
    (if (i64.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow
                (i32.wrap_i64
                  (i64.div_u
                    (i64.add (i64.sub (local.get $end) (local.get $have)) (i64.const 65535))
                    (i64.const 65536))))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $next (i32.wrap_i64 (local.get $end)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $start))

  ;; dealloc(ptr, len): count it back; when nothing is live, reset the heap.
  (func $dealloc (export "dealloc") (param $ptr i32) (param $len i32)
    (if (i32.eqz (local.get $len)) (then (return)))
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live))
      (then (global.set $next (global.get $heap_base)))))

  ;; Packs a result buffer for the host: ptr in the high 32 bits, len low.
  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  ;; upper(ptr, len) -> packed result: kind 0, then the bytes with a-z
  ;; turned into A-Z.
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local $i i32)
    (local $byte i32)
    (local.set $out (call $alloc (i32.add (local.get $len) (i32.const 1)))) ;; kind byte + text
    (if (i32.eqz (local.get $out)) (then (return (i64.const 0))))           ;; 0: could not allocate
    (i32.store8 (local.get $out) (global.get $KIND_TEXT))
    (block $done
      (loop $next_byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $byte (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        ;; 'a'..='z' is 97..=122: (byte - 97) < 26 unsigned, then subtract 32
        (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 97)) (i32.const 26))
          (then (local.set $byte (i32.sub (local.get $byte) (i32.const 32)))))
        (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 1)) (local.get $i)) (local.get $byte))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next_byte)))
    (call $pack
      (local.get $out)                              ;; ptr of the result buffer
      (i32.add (local.get $len) (i32.const 1))))    ;; len: kind byte + text

  ;; word_count(ptr, len) -> packed result: kind 1, then the count as a u64.
  ;; A word starts wherever a non-space byte follows a space (or the start);
  ;; spaces are ASCII space, \t, \n, \v, \f, \r.
  (func (export "word_count") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local $i i32)
    (local $count i64)
    (local $in_word i32)
    (local $byte i32)
    (local $space i32)
    (block $done
      (loop $next_byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $byte (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        ;; space: byte == 32, or 9 <= byte <= 13
        (local.set $space
          (i32.or
            (i32.eq (local.get $byte) (i32.const 32))
            (i32.lt_u (i32.sub (local.get $byte) (i32.const 9)) (i32.const 5))))
        (if (i32.and (i32.eqz (local.get $space)) (i32.eqz (local.get $in_word)))
          (then (local.set $count (i64.add (local.get $count) (i64.const 1)))))
        (local.set $in_word (i32.eqz (local.get $space)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next_byte)))
    (local.set $out (call $alloc (i32.const 9)))   ;; kind byte + 8-byte count
    (if (i32.eqz (local.get $out)) (then (return (i64.const 0))))
    (i32.store8 (local.get $out) (global.get $KIND_NUMBER))
    (i64.store (i32.add (local.get $out) (i32.const 1)) (local.get $count)) ;; little-endian, unaligned is fine
    (call $pack
      (local.get $out)     ;; ptr of the result buffer
      (i32.const 9)))      ;; len: 1 + 8

  ;; fib(n) -> i64, the slow recursive definition (a benchmark of calls).
  (func $fib (export "fib") (param $n i32) (result i64)
    (if (result i64) (i32.lt_u (local.get $n) (i32.const 2))
      (then (i64.extend_i32_u (local.get $n)))
      (else
        (i64.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
