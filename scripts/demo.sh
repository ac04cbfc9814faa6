#!/usr/bin/env bash
# The demo `make all` ends with. Exercises 1 and 2: guest-wasi under the real
# wasmtime CLI, with a granted directory and without one. Exercises 3 and 5:
# host-min running the same command on its own WASI, with the same grant and
# without one, and calling the plugins through the hand-written ABI.
set -uo pipefail
out=${1:-out}
host_min=target/debug/host-min  # the dev profile is optimised (Cargo.toml)
grant=$(mktemp -d "${TMPDIR:-/tmp}/wasm-by-hand-grant.XXXXXX")
trap 'rm -rf "$grant"' EXIT

show() { echo; echo "\$ $*"; "$@"; echo "(exit status $?)"; }

show wasmtime run --dir="$grant" "$out/guest-wasi.wasm" 35
show cat "$grant/guest-wasi.txt"
show wasmtime run "$out/guest-wasi.wasm" 35
show "$host_min" run --dir="$grant" "$out/guest-wasi.wasm" 35
show "$host_min" run "$out/guest-wasi.wasm" 35
show wasmtime run "$out/guest-wasi.wasm" --dir=.
show "$host_min" call "$out/guest-raw.wasm" upper --input "grüße"
show "$host_min" call "$out/wat/abi-twin.wasm" upper --input "grüße"
show "$host_min" call "$out/guest-raw.wasm" greet --input "Ada" --kv greeting=Hej
show "$host_min" call "$out/guest-raw.wasm" fail --input "boom"
exit 0
