#!/usr/bin/env bash
# Lists every module that `make build` collected under out/, with its size.
# With `--json FILE` it also writes them as JSON for a record (`make
# record-sizes`; docs/sizes.md renders its table from it), keyed by the path
# without `out/` and `.wasm`, and with `_` for any other dot.
set -euo pipefail
out=${1:-out}
json=
if [ "${2:-}" = --json ]; then json=$3; fi
echo "built modules in $out/:"
entries=()
while read -r module; do
  bytes=$(stat -c %s "$module")
  printf '  %-40s %8d bytes\n' "$module" "$bytes"
  key=${module#"$out"/}
  key=${key%.wasm}
  entries+=("$(printf '"%s": %s' "${key//./_}" "$bytes")")
done < <(find "$out" -name '*.wasm' -not -path '*/inspect/*' | sort)
if [ -n "$json" ]; then
  (IFS=,; printf '{"modules": {%s}}\n' "${entries[*]}") > "$json"
fi
