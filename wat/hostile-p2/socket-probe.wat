;; Tries the network: a TCP socket, a UDP socket, and a name lookup through
;; the instance's network. host-min links wasi:sockets as refusals
;; (wasi/p2/sockets.rs): each answers error-code access-denied (case 1),
;; and the module then returns ok. Any other answer traps (unreachable).
(module
  (import "wasi:sockets/instance-network@0.2.12" "instance-network"
    (func $instance_network (result i32)))
  (import "wasi:sockets/tcp-create-socket@0.2.12" "create-tcp-socket"
    (func $create_tcp (param i32 i32)))
  (import "wasi:sockets/udp-create-socket@0.2.12" "create-udp-socket"
    (func $create_udp (param i32 i32)))
  (import "wasi:sockets/ip-name-lookup@0.2.12" "resolve-addresses"
    (func $resolve (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "localhost")
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  ;; The return area at 16 must hold err(access-denied): tag 1, then case 1 at 20.
  (func $refused
    (if (i32.ne (i32.load8_u (i32.const 16)) (i32.const 1)) (then unreachable))
    (if (i32.ne (i32.load8_u (i32.const 20)) (i32.const 1)) (then unreachable))
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0)))
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (call $create_tcp
      (i32.const 0)                     ;; address-family: ipv4
      (i32.const 16))                   ;; return area: result<tcp-socket, error-code>
    (call $refused)
    (call $create_udp
      (i32.const 1)                     ;; address-family: ipv6
      (i32.const 16))                   ;; return area: result<udp-socket, error-code>
    (call $refused)
    (call $resolve
      (call $instance_network)          ;; network: borrowed from the own handle just made
      (i32.const 64)                    ;; name: "localhost" ...
      (i32.const 9)                     ;; ... 9 bytes
      (i32.const 16))                   ;; return area: result<resolve-address-stream, error-code>
    (call $refused)
    (i32.const 0)))                     ;; ok
