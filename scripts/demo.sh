#!/usr/bin/env bash
# The demo `make all` ends with: exercises 1 and 2, guest-wasi under the real
# wasmtime CLI, first with a granted directory and then without one.
set -uo pipefail
out=${1:-out}
grant=$(mktemp -d "${TMPDIR:-/tmp}/wasm-by-hand-grant.XXXXXX")
trap 'rm -rf "$grant"' EXIT

show() { echo; echo "\$ $*"; "$@"; echo "(exit status $?)"; }

show wasmtime run --dir="$grant" "$out/guest-wasi.wasm" 35
show cat "$grant/guest-wasi.txt"
show wasmtime run "$out/guest-wasi.wasm" 35
exit 0
