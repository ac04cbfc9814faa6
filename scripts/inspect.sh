#!/usr/bin/env bash
# `make inspect`: for every module in out/, validate it, write its section
# summary (<module>.objdump.txt) and its text format (<module>.wat) beside it,
# and point at the lines worth reading: imports, memory, exports, data.
set -euo pipefail
out=${1:-out}
find "$out" -name '*.wasm' | sort | while read -r module; do
  base=${module%.wasm}
  echo "== $module ($(stat -c %s "$module") bytes)"
  if wasm-tools validate "$module"; then
    echo "   valid"
  else
    echo "   INVALID (see above)"
    continue
  fi
  wasm-tools objdump "$module" >"$base.objdump.txt"
  wasm-tools print "$module" >"$base.wat"
  echo "   sections ($base.objdump.txt):"
  sed -E 's/\|[^|]*\|/|/; s/^ +/     /' "$base.objdump.txt"
  echo "   worth a look in $base.wat:"
  # Imports show what the module asks the host for (fd_write, env.log, ...);
  # the memory line gives its initial pages; data holds its strings.
  grep -nE '^\s*\((import|memory|export "memory"|export "_start"|export "alloc")' "$base.wat" |
    sed -E 's/^/     /' | cut -c1-140 | head -n 12
  grep -nE '^\s*\(data ' "$base.wat" | sed -E 's/^/     /' | cut -c1-140 | head -n 2
  echo
done
