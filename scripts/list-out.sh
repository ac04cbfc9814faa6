#!/usr/bin/env bash
# Lists every module that `make build` collected under out/, with its size.
set -euo pipefail
out=${1:-out}
echo "built modules in $out/:"
find "$out" -name '*.wasm' -not -path '*/inspect/*' | sort | while read -r module; do
  printf '  %-40s %8d bytes\n' "$module" "$(stat -c %s "$module")"
done
