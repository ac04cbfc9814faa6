#!/usr/bin/env bash
# What an embedder of host-min's library gets: the crate without its default
# `bench` feature must depend on no guest-raw and no serde_json, and must not
# turn on wasmtime's Winch or Pulley (the bench's engines). Read from Cargo's
# resolved tree, so nothing is compiled. Run by `make lint`.
set -euo pipefail
cd "$(dirname "$0")/.."

direct=$(cargo tree -q -p host-min --no-default-features -e normal --depth 1 --prefix none)
wasmtime_features=$(cargo tree -q -p host-min --no-default-features -e features -i wasmtime --prefix none)
found=$( { grep -E '^(guest-raw|serde_json) ' <<<"$direct" || true; \
           grep -oE 'wasmtime feature "(winch|pulley)"' <<<"$wasmtime_features" || true; } | sort -u)
if [ -n "$found" ]; then
  echo "error: host-min's library without the bench feature still has: $(tr '\n' ' ' <<<"$found")" >&2
  exit 1
fi
# And the check can fail: with the feature, all four are there.
with_bench=$(cargo tree -q -p host-min -e features -i wasmtime --prefix none)
for feature in winch pulley; do
  grep -q "wasmtime feature \"$feature\"" <<<"$with_bench" || { echo "error: check-embedder.sh no longer sees $feature" >&2; exit 1; }
done
echo "check-embedder: the library alone has no bench dependencies"
