;; A provider component: it exports what the plugin world imports (log,
;; kv-get, kv-set), so scripts/compose.py can link it to a plugin component
;; and get a component with no imports left, which any component host runs
;; as it is (`wasmtime run --invoke 'greet("Ada")' out/component/composed.wasm`).
;; The kv store is a table of up to 16 entries in linear memory, seeded with
;; greeting=Hej. log has nowhere to write (no WASI here), so it drops the line.
(component
  (core module $Store
    (memory (export "memory") 1)
    ;; 0..16 kv-get's return area; 64.. the table, 16 bytes an entry:
    ;; key ptr, key len, value ptr, value len; 1024.. strings and the heap.
    (global $entries (mut i32) (i32.const 1))
    (global $next (mut i32) (i32.const 2048))
    (data (i32.const 64) "\00\04\00\00\08\00\00\00\08\04\00\00\03\00\00\00") ;; entry 0
    (data (i32.const 1024) "greeting")
    (data (i32.const 1032) "Hej")

    ;; cabi_realloc(old_ptr, old_size, align, new_size): arguments stay for
    ;; good (the table keeps them), so a bump allocator that never frees.
    (func $realloc (export "cabi_realloc")
      (param $old_ptr i32) (param $old_size i32) (param $align i32) (param $new_size i32)
      (result i32)
      (local $ptr i32)
      (local.set $ptr
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $ptr) (local.get $new_size)))
      (if (i32.gt_u (global.get $next) (i32.shl (memory.size) (i32.const 16)))
        (then
          (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))))
      (local.get $ptr))

    ;; The entry whose key equals key_ptr..+key_len, or -1.
    (func $find (param $key i32) (param $len i32) (result i32)
      (local $entry i32) (local $i i32)
      (block $none
        (loop $next-entry
          (br_if $none (i32.ge_u (local.get $entry) (global.get $entries)))
          (block $differs
            (br_if $differs
              (i32.ne (i32.load offset=68 (i32.shl (local.get $entry) (i32.const 4))) (local.get $len)))
            (local.set $i (i32.const 0))
            (loop $next-byte
              (if (i32.lt_u (local.get $i) (local.get $len))
                (then
                  (br_if $differs
                    (i32.ne
                      (i32.load8_u (i32.add (local.get $key) (local.get $i)))
                      (i32.load8_u
                        (i32.add (i32.load offset=64 (i32.shl (local.get $entry) (i32.const 4)))
                                 (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next-byte))))
            (return (local.get $entry)))
          (local.set $entry (i32.add (local.get $entry) (i32.const 1)))
          (br $next-entry)))
      (i32.const -1))

    ;; kv-get(key_ptr, key_len) -> retptr to option<string>: tag at 0, ptr at 4, len at 8
    (func (export "kv-get") (param $key i32) (param $len i32) (result i32)
      (local $entry i32)
      (local.set $entry (call $find (local.get $key) (local.get $len)))
      (i32.store8 (i32.const 0) (i32.ne (local.get $entry) (i32.const -1)))
      (if (i32.ne (local.get $entry) (i32.const -1))
        (then
          (i32.store (i32.const 4) (i32.load offset=72 (i32.shl (local.get $entry) (i32.const 4))))
          (i32.store (i32.const 8) (i32.load offset=76 (i32.shl (local.get $entry) (i32.const 4))))))
      (i32.const 0))

    ;; kv-set(key_ptr, key_len, value_ptr, value_len) -> result: 0 ok, 1 full
    (func (export "kv-set") (param $key i32) (param $len i32) (param $value i32) (param $value-len i32) (result i32)
      (local $entry i32)
      (local.set $entry (call $find (local.get $key) (local.get $len)))
      (if (i32.eq (local.get $entry) (i32.const -1))
        (then
          (if (i32.ge_u (global.get $entries) (i32.const 16)) (then (return (i32.const 1))))
          (local.set $entry (global.get $entries))
          (global.set $entries (i32.add (local.get $entry) (i32.const 1)))))
      (i32.store offset=64 (i32.shl (local.get $entry) (i32.const 4)) (local.get $key))
      (i32.store offset=68 (i32.shl (local.get $entry) (i32.const 4)) (local.get $len))
      (i32.store offset=72 (i32.shl (local.get $entry) (i32.const 4)) (local.get $value))
      (i32.store offset=76 (i32.shl (local.get $entry) (i32.const 4)) (local.get $value-len))
      (i32.const 0))

    (func (export "log") (param $ptr i32) (param $len i32)))
  (core instance $store (instantiate $Store))

  ;; Lifted: the provider's side of each import the plugin world has.
  (func (export "log") (param "msg" string)
    (canon lift (core func $store "log")
      (memory (core memory $store "memory")) (realloc (core func $store "cabi_realloc"))))
  (func (export "kv-get") (param "key" string) (result (option string))
    (canon lift (core func $store "kv-get")
      (memory (core memory $store "memory")) (realloc (core func $store "cabi_realloc"))))
  (func (export "kv-set") (param "key" string) (param "value" string) (result (result))
    (canon lift (core func $store "kv-set")
      (memory (core memory $store "memory")) (realloc (core func $store "cabi_realloc")))))
