#!/usr/bin/env bash
# Lines of glue, exercise 7: what this repo writes by hand to cross the
# boundary, against what the generators write for the same job. Generated
# code is counted as the generators expand it: wit-bindgen's generate! and
# wasmtime's bindgen! each write their expansion to a file when asked to
# (WIT_BINDGEN_DEBUG, WASMTIME_DEBUG_BINDGEN); wasm-bindgen's is out/pkg/,
# jco's out/jco/ (run `make build` first).
# Counts are non-blank lines, comments included (they are part of reading it).
# With `--json FILE` it also writes the rows as JSON, for a record
# (`make record-bench`; docs/07's table is rendered from it).
set -euo pipefail
json=
if [ "${1:-}" = --json ]; then json=$2; fi
cd "$(dirname "$0")/.."
lines() { cat "$@" | grep -cv '^[[:space:]]*$'; }

# Re-expand both macros once, with their debug output on.
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
touch guest-wit/src/lib.rs host-min/src/world.rs
WIT_BINDGEN_DEBUG=1 cargo rustc --quiet -p guest-wit --target wasm32-unknown-unknown --profile wasm --crate-type cdylib
WASMTIME_DEBUG_BINDGEN=1 cargo build --quiet -p host-min
newest() { find target -path "*$1*" -name 'plugin[0-9]*.rs' -newer "$marker" | head -n 1; }
wit_bindgen=$(newest wit-bindgen-rust-macro)
wasmtime_bindgen=$(newest component-macro)
[ -n "$wit_bindgen" ] && [ -n "$wasmtime_bindgen" ] || { echo "error: no generated code found" >&2; exit 1; }

rows=()
row() {
  printf '  %-44s %6s  %s\n' "$1" "$2" "$3"
  rows+=("$(printf '{"what": "%s", "lines": %s, "source": "%s"}' "$(sed 's/^ *//' <<<"$1")" "$2" "$3")")
}
echo "lines of glue (non-blank), by hand and generated"
row "guest, hand ABI, by hand" "$(lines guest-raw/src/abi.rs guest-raw/src/host.rs)" "guest-raw/src/abi.rs, host.rs"
row "guest, canonical ABI, by hand" "$(lines guest-cabi/src/lib.rs guest-cabi/src/imports.rs)" "guest-cabi/src/"
row "guest, canonical ABI, generated" "$(lines "$wit_bindgen")" "wit-bindgen 0.63 generate!"
row "  beside it, by hand" "$(lines guest-wit/src/lib.rs)" "guest-wit/src/lib.rs"
row "host, hand ABI, by hand" "$(lines host-min/src/plugin.rs host-min/src/env.rs)" "host-min/src/plugin.rs, env.rs"
row "host, canonical ABI, generated" "$(lines "$wasmtime_bindgen")" "wasmtime 48 bindgen!"
row "  beside it, by hand" "$(lines host-min/src/world.rs host-min/src/component.rs)" "host-min/src/world.rs, component.rs"
row "JS, hand ABI, by hand" "$(lines guest-bindgen/www/hand-glue.js)" "guest-bindgen/www/hand-glue.js"
row "JS, wasm-bindgen, generated" "$(lines out/pkg/guest_bindgen.js)" "out/pkg/guest_bindgen.js"
row "JS, canonical ABI, generated" "$(lines out/jco/guest-cabi/guest-cabi.js)" "jco 1.35 transpile"
row "  beside it, by hand" "$(lines guest-bindgen/www/component-host.js)" "guest-bindgen/www/component-host.js"
if [ -n "$json" ]; then
  (IFS=,; printf '{"rows": [%s]}\n' "${rows[*]}") > "$json"
fi
