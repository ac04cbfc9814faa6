#!/usr/bin/env bash
# Prints the machine code wasmtime compiles for one export of a module, as
# docs/06-benchmark.md quotes it. Extra arguments are wasmtime's -W options:
#   scripts/compiled-export.sh out/guest-raw.wasm matmul                    # defaults
#   scripts/compiled-export.sh out/guest-raw.wasm matmul epoch-interruption=y
#   scripts/compiled-export.sh out/guest-raw.wasm matmul fuel=1000000
set -euo pipefail
module=$1 export=$2
shift 2
options=()
for option in "$@"; do options+=(-W "$option"); done
# The module has no name section, so the export is found by its index.
index=$(wasm-tools print "$module" | sed -n "s/.*(export \"$export\" (func \([0-9]*\))).*/\1/p")
[ -n "$index" ] || { echo "error: $module exports no function \`$export\`" >&2; exit 1; }
compiled=$(mktemp "${TMPDIR:-/tmp}/compiled.XXXXXX.cwasm")
trap 'rm -f "$compiled"' EXIT
wasmtime compile "${options[@]}" "$module" -o "$compiled"
# With --addresses a function's first line is "ADDRESS wasm[0]::function[N]:".
wasmtime objdump --addresses "$compiled" |
  awk -v name="wasm[0]::function[$index]:" '$NF == name { on = 1; print; next } /wasm\[0\]::/ { on = 0 } on'
