;; Attacks: the timeout, from inside a host call. Asks poll_oneoff to wait
;; 100 years on the monotonic clock, where no epoch check can stop it.
;; Stopped by: --timeout-ms; a poll's sleep ends at the deadline, and the
;; call then ends the guest as a timeout (exit 72). A poll that returned
;; before the deadline would reach proc_exit(1).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; One subscription at 0: userdata 0, tag 0 (clock), clock id 1
    ;; (monotonic), timeout 100 years in nanoseconds, flags 0 (relative).
    (i32.store8 (i32.const 8) (i32.const 0))                  ;; tag: clock
    (i32.store (i32.const 16) (i32.const 1))                  ;; clock id
    (i64.store (i32.const 24) (i64.const 3155760000000000000)) ;; timeout
    (drop
      (call $poll_oneoff
        (i32.const 0)      ;; in: the subscription
        (i32.const 64)     ;; out: room for one event
        (i32.const 1)      ;; nsubscriptions
        (i32.const 128)))  ;; nevents goes here
    (call $proc_exit (i32.const 1))))
