#!/usr/bin/env bash
# Copies the WASI 0.2 WIT files that host-min's own WASI 0.2 is generated
# from (host-min/src/wasi/p2/) out of the `wasip2` crate, pinned exactly.
# They are committed under wit/wasi/deps/; run this only to move the pin.
# The crate ships the same files wasmtime-wasi compiles its bindings from.
set -euo pipefail
cd "$(dirname "$0")/.."
WASIP2_VERSION=2.0.1+wasi-0.2.12
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cargo init --quiet --name fetch-wasip2 "$scratch"
(cd "$scratch" && cargo add --quiet "wasip2@=$WASIP2_VERSION" && cargo fetch --quiet)
crate=$(cd "$scratch" && cargo metadata --format-version 1 |
  sed -n 's/.*"manifest_path":"\([^"]*wasip2-[^"]*\)\/Cargo.toml".*/\1/p' | head -1)
# http is not part of wasi:cli/imports, so it is left out.
for package in cli clocks filesystem io random sockets; do
  cp "$crate/wit/deps/$package.wit" wit/wasi/deps/
done
echo "wit/wasi/deps/ now holds the WIT of wasip2 $WASIP2_VERSION"
