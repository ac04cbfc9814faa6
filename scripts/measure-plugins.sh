#!/usr/bin/env bash
# Measures exercise 11's plugins (out/plugins/) with the host-min given as
# $1, and prints one JSON object: per language, the component's size,
# compiling it with `host-min compile` (wall time and peak memory, from
# GNU time), the artifact's size, and `call --allow-precompiled ... upper`
# start to exit (median and range of 11 runs). `make record-plugins` keeps
# it as docs/records/plugins-DATE.json.
set -euo pipefail
host_min=${1:?usage: measure-plugins.sh HOST_MIN}
out=out/plugins
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Wall seconds of one command, from the clock's nanoseconds.
wall() {
  local start end
  start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }'
}

first=1
printf '{'
for language in python js c; do
  component=$out/$language.wasm
  artifact=$scratch/$language.cwasm
  /usr/bin/time -f '%e %M' -o "$scratch/compile" "$host_min" compile "$component" -o "$artifact" 2>/dev/null
  read -r compile_s compile_kib <"$scratch/compile"
  calls=()
  for _ in $(seq 11); do
    calls+=("$(wall "$host_min" call --allow-precompiled "$artifact" upper --input "grüße")")
  done
  sorted=$(printf '%s\n' "${calls[@]}" | sort -n)
  median=$(sed -n 6p <<<"$sorted"); min=$(head -1 <<<"$sorted"); max=$(tail -1 <<<"$sorted")
  answer=$("$host_min" call --allow-precompiled "$artifact" upper --input "grüße")
  [ "$answer" = "GRÜSSE" ] || { echo "error: $language answered $answer" >&2; exit 1; }
  [ $first = 1 ] || printf ','
  first=0
  printf '\n  "%s": {"component_bytes": %s, "compile_s": %s, "compile_peak_mib": %s, "artifact_bytes": %s, "call_precompiled_s": {"median": %s, "min": %s, "max": %s}}' \
    "$language" "$(stat -c %s "$component")" "$compile_s" "$((compile_kib / 1024))" "$(stat -c %s "$artifact")" \
    "$median" "$min" "$max"
done
printf '\n}\n'
