#!/usr/bin/env python3
"""Writes the guest of the WASI 0.2 property test (host-min/tests/fuzz_wasi2.rs).

Reads, on standard input, the core module `wasm-tools component embed
--dummy` makes for the world wit/wasi/fuzz-probe.wit: it imports every
function of host-min's WASI 0.2 surface (each interface's functions, its
resources' methods and constructors, and their drops) with the core
signature the canonical ABI lowers it to. Writes, in the text format, a
core module with the same imports and one export, `call(which, seed)`,
that calls import number `which` with arguments drawn from `seed`:

- an i32 is a handle or an enum (small), a pointer that works (into the
  scratch part of memory), a pointer and length of a known path (two
  i32s in a row, as a string lowers), an edge (0, the end of memory,
  u32::MAX) or anything;
- an i64 is a size, an offset, a duration or an instant: small, an edge,
  or anything.

Whatever a call returns is dropped. `cabi_realloc` is a bump allocator,
reset on every call, that grows memory for what the host returns.
Also writes NAMES: the import `which` stands for, one a line.
  scripts/fuzz-probe.py NAMES < dummy.wat > probe.wat
"""
import re
import sys

PATHS = ["a.txt", "d", "d/b.txt", "new", "d/new", ".", "..", "up/x", "abs", "/etc/passwd", "d/../a.txt", "loop"]
PATHS_AT, SCRATCH, HEAP = 1024, 2048, 65536
# The handles `setup` leaves, by resource type (see its comment), and where
# each type's list is in memory. A method's `self`, a drop's handle,
# `filesystem-error-code`'s error and `resolve-addresses`' network are
# drawn from these most of the time.
HANDLES = {
    "descriptor": [1, 5, 6],
    "input-stream": [2, 7],
    "output-stream": [3, 4, 8, 13],
    "directory-entry-stream": [9],
    "pollable": [10, 11],
    "network": [12],
    "error": [14],
}
HANDLES_AT = 1536


def resource_of(name):
    """The resource whose handle an import's first argument is, if known."""
    if name.startswith("[method]"):
        resource = name[len("[method]"):].split(".")[0]
    elif name.endswith("_drop"):
        resource = name[: -len("_drop")]
    elif name == "filesystem-error-code":
        resource = "error"
    elif name == "resolve-addresses":
        resource = "network"
    else:
        return None
    return resource if resource in HANDLES else None

IMPORT = re.compile(r'\(import "([^"]+)" "([^"]+)" \(func \(;\d+;\) \(type \d+\)((?: \(param[^)]*\))?)((?: \(result[^)]*\))?)\)\)')


def main():
    if len(sys.argv) != 2:
        sys.exit("error: usage: scripts/fuzz-probe.py NAMES < dummy.wat > probe.wat")
    names_file = sys.argv[1]
    imports = IMPORT.findall(sys.stdin.read())
    if not imports:
        sys.exit("error: no imports in the dummy module")
    index = {name: i for i, (_, name, _, _) in enumerate(imports)}

    def f(name):
        return f"$f{index[name]}"

    out = ["(module"]
    for i, (module, name, params, results) in enumerate(imports):
        out.append(f'  (import "{module}" "{name}" (func $f{i}{params}{results}))')
    handle_at, at = {}, HANDLES_AT
    handle_data = ""
    for resource, handles in HANDLES.items():
        handle_at[resource] = at
        words = "".join(f"\\{h:02x}\\00\\00\\00" for h in handles)
        handle_data += f'  (data (i32.const {at}) "{words}") ;; {resource}\n'
        at += 4 * len(handles)
    handle_data = handle_data.rstrip()
    lengths = "".join(f"\\{len(p):02x}" for p in PATHS)
    data = "".join(f'  (data (i32.const {PATHS_AT + 32 * k}) "{p}")\n' for k, p in enumerate(PATHS))
    out.append(f"""  (memory (export "cm32p2_memory") 2)
{data.rstrip()}
  (global $rng (mut i64) (i64.const 1))
  (global $pending (mut i32) (i32.const -1))
  (global $heap (mut i32) (i32.const {HEAP}))

  ;; xorshift64*, as the preview-1 property test's generator.
  (func $next (result i64)
    (global.set $rng (i64.xor (global.get $rng) (i64.shr_u (global.get $rng) (i64.const 12))))
    (global.set $rng (i64.xor (global.get $rng) (i64.shl (global.get $rng) (i64.const 25))))
    (global.set $rng (i64.xor (global.get $rng) (i64.shr_u (global.get $rng) (i64.const 27))))
    (i64.mul (global.get $rng) (i64.const 0x2545f4914f6cdd1d)))

  ;; An i32 argument. The length of a known path follows its pointer.
  (func $i32 (result i32)
    (local $pick i32) (local $which i32)
    (if (i32.ge_s (global.get $pending) (i32.const 0))
      (then
        (local.set $pick (global.get $pending))
        (global.set $pending (i32.const -1))
        (return (local.get $pick))))
    (local.set $pick (i32.wrap_i64 (i64.shr_u (call $next) (i64.const 32))))
    (block $anything
      (block $edge
        (block $scratch
          (block $path
            (block $small
              (br_table $small $small $small $path $path $scratch $scratch $edge $anything
                (i32.rem_u (local.get $pick) (i32.const 9))))
            (return (i32.and (i32.shr_u (local.get $pick) (i32.const 8)) (i32.const 15))))
          (local.set $which (i32.rem_u (i32.shr_u (local.get $pick) (i32.const 8)) (i32.const {len(PATHS)})))
          (global.set $pending (call $path_len (local.get $which)))
          (return (i32.add (i32.const {PATHS_AT}) (i32.shl (local.get $which) (i32.const 5)))))
        (return (i32.and (i32.const -8) (i32.add (i32.const {SCRATCH})
          (i32.rem_u (i32.shr_u (local.get $pick) (i32.const 8)) (i32.const {HEAP - SCRATCH - 4096}))))))
      (block $e2 (block $e1 (block $e0
        (br_table $e0 $e1 $e2 (i32.rem_u (i32.shr_u (local.get $pick) (i32.const 8)) (i32.const 3))))
        (return (i32.const 0)))
        (return (i32.const -1)))
      (return (i32.shl (memory.size) (i32.const 16))))
    (local.get $pick))

  ;; A handle of the type a list holds (at $list, $count of them) three
  ;; times in four; else any i32, so wrong types and unknown handles too.
  (func $handle (param $list i32) (param $count i32) (result i32)
    (local $pick i32)
    (local.set $pick (i32.wrap_i64 (i64.shr_u (call $next) (i64.const 32))))
    (if (result i32) (i32.eqz (i32.and (local.get $pick) (i32.const 3)))
      (then (call $i32))
      (else (i32.load (i32.add (local.get $list)
        (i32.shl (i32.rem_u (i32.shr_u (local.get $pick) (i32.const 8)) (local.get $count)) (i32.const 2)))))))
{handle_data}

  (func $path_len (param $which i32) (result i32)
    (i32.load8_u offset={HEAP - 64} (local.get $which)))
  (data (i32.const {HEAP - 64}) "{lengths}")

  ;; An i64 argument: small, an edge, or anything.
  (func $i64 (result i64)
    (local $pick i64)
    (local.set $pick (call $next))
    (block $anything
      (block $edge
        (block $small
          (br_table $small $small $edge $anything (i32.wrap_i64 (i64.rem_u (local.get $pick) (i64.const 4)))))
        (return (i64.rem_u (i64.shr_u (local.get $pick) (i64.const 8)) (i64.const 4096))))
      (return (select (i64.const -1) (i64.const 0x7fffffffffffffff)
        (i32.wrap_i64 (i64.and (i64.shr_u (local.get $pick) (i64.const 9)) (i64.const 1))))))
    (local.get $pick))

  ;; What the host returns (a list, a string) is copied here; the next
  ;; call starts the heap again.
  (func (export "cm32p2_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32) (local $end i64)
    (local.set $at (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (local.set $end (i64.add (i64.extend_i32_u (local.get $at)) (i64.extend_i32_u (local.get 3))))
    (if (i64.gt_u (local.get $end) (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
      (then
        (if (i32.eq (memory.grow (i32.wrap_i64 (i64.shr_u (i64.add (i64.sub (local.get $end)
              (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16))) (i64.const 65535)) (i64.const 16))))
            (i32.const -1))
          (then unreachable))))
    (global.set $heap (i32.wrap_i64 (local.get $end)))
    (local.get $at))

  (func (export "cm32p2_initialize"))

  ;; Resources to call methods on: the grant, stdio, a file and a
  ;; directory opened beneath the grant, a stream each way on the file, a
  ;; directory listing, pollables, a network and an error. A fresh guest
  ;; calls this first; the component's handles are numbered from 1, so the
  ;; small numbers `call` draws name them (of the right type or not).
  ;; Earlier guests may have removed or renamed the file or the directory:
  ;; a step whose resource could not be had is skipped.
  (func (export "cm32p2||setup")
    (local $dir i32) (local $file i32) (local $sub i32) (local $in i32) (local $out i32)
    (global.set $heap (i32.const {HEAP}))
    (call {f("get-directories")}
      (i32.const 512))                    ;; return area: list<tuple<descriptor, string>>
    (local.set $dir (i32.load (i32.load (i32.const 512))))  ;; the first entry's descriptor
    (drop (call {f("get-stdin")}))
    (drop (call {f("get-stdout")}))
    (drop (call {f("get-stderr")}))
    (call {f("[method]descriptor.open-at")}
      (local.get $dir)                    ;; self: the grant
      (i32.const 1)                       ;; path-flags: symlink-follow
      (i32.const {PATHS_AT}) (i32.const 5) ;; path: "a.txt"
      (i32.const 1)                       ;; open-flags: create
      (i32.const 3)                       ;; descriptor-flags: read | write
      (i32.const 512))                    ;; return area: result<descriptor, error-code>
    (local.set $file (call $ok_handle))
    (call {f("[method]descriptor.open-at")}
      (local.get $dir) (i32.const 1)
      (i32.const {PATHS_AT + 32}) (i32.const 1) ;; path: "d"
      (i32.const 2)                       ;; open-flags: directory
      (i32.const 1)                       ;; descriptor-flags: read
      (i32.const 512))
    (local.set $sub (call $ok_handle))
    (if (local.get $file)
      (then
        (call {f("[method]descriptor.read-via-stream")}
          (local.get $file) (i64.const 0) (i32.const 512)) ;; self, offset, return area
        (local.set $in (call $ok_handle))
        (call {f("[method]descriptor.write-via-stream")}
          (local.get $file) (i64.const 6) (i32.const 512))))
    (if (local.get $sub)
      (then
        (call {f("[method]descriptor.read-directory")}
          (local.get $sub) (i32.const 512)))) ;; self, return area
    (drop (call {f("subscribe-duration")}
      (i64.const 1000)))                  ;; when: in a microsecond
    (if (local.get $in)
      (then
        (drop (call {f("[method]input-stream.subscribe")}
          (local.get $in)))))             ;; self: the file's input stream
    (drop (call {f("instance-network")}))
    ;; An error resource: a write far past any file's end fails.
    (if (local.get $file)
      (then
        (call {f("[method]descriptor.write-via-stream")}
          (local.get $file) (i64.const 0x7ffffffffffffff0) (i32.const 512))
        (local.set $out (call $ok_handle))
        (if (local.get $out)
          (then
            (call {f("[method]output-stream.write")}
              (local.get $out)            ;; self: that stream
              (i32.const {PATHS_AT}) (i32.const 1) ;; contents: one byte
              (i32.const 512)))))))       ;; return area: result<_, stream-error>

  ;; The handle a result<own<T>, error-code> at 512 holds, or 0 if an error.
  (func $ok_handle (result i32)
    (if (result i32) (i32.load8_u (i32.const 512))
      (then (i32.const 0))
      (else (i32.load offset=4 (i32.const 512)))))
  ;; What setup makes, by handle, when every step succeeds: 1 the grant,
  ;; 2-4 stdio, 5 a.txt, 6 d, 7-8 streams on a.txt, 9 d's listing, 10-11
  ;; pollables, 12 a network, 13 a stream, 14 an error. At address 0, a list<pollable> for `poll`.
  (data (i32.const 0) "\\0a\\00\\00\\00\\0b\\00\\00\\00\\0a\\00\\00\\00\\0b\\00\\00\\00")

  (func (export "cm32p2||call") (param $which i32) (param $seed i64)
    (global.set $rng (i64.or (local.get $seed) (i64.const 1)))
    (global.set $pending (i32.const -1))
    (global.set $heap (i32.const {HEAP}))""")
    # One block per import, entered through a br_table on `which`.
    count = len(imports)
    out.append("    " + "".join(f"(block $c{i} " for i in reversed(range(count))) + "(block $none")
    out.append("      (br_table " + " ".join(f"$c{i}" for i in range(count)) + " $none (local.get $which)))")
    out.append("    return)")
    for i, (module, name, params, results) in enumerate(imports):
        types = params.replace("(param", "").replace(")", "").split()
        args = ["(call $i64)" if t == "i64" else "(call $i32)" for t in types]
        resource = resource_of(name)
        if resource:
            args[0] = f"(call $handle (i32.const {handle_at[resource]}) (i32.const {len(HANDLES[resource])}))"
        args = "".join(" " + a for a in args)
        call = f"(call $f{i}{args})"
        if results.strip():
            call = f"(drop {call})"
        out.append(f"    {call} ;; {module} {name}")
        out.append("    return)" if i < count - 1 else "    )")
    out.append(")")
    print("\n".join(out))
    with open(names_file, "w") as f:
        for module, name, _, _ in imports:
            f.write(f"{module.removeprefix('cm32p2|')}#{name}\n")


if __name__ == "__main__":
    main()
