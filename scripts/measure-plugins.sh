#!/usr/bin/env bash
# Measures exercise 11's plugins (out/plugins/) with the host-min given as
# $1, and prints one JSON object: per language, the component's size,
# compiling it with `host-min compile` (wall time and peak memory, from
# GNU time), the artifact's size, and `call --allow-precompiled ... upper`
# start to exit (median and range of 11 runs), and serving rows through
# `call --calls` (fresh, reused, and `upper` of 1 MiB). `make record-plugins` keeps
# it as docs/records/plugins-DATE.json.
set -euo pipefail
host_min=${1:?usage: measure-plugins.sh HOST_MIN}
out=out/plugins
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Serving through the pool (`call --calls`): "calls_per_s" and "p50_us" from
# the summary line host-min prints on stderr.
serve() {
  local summary
  summary=$("$host_min" call --allow-precompiled "$@" 2>&1 >/dev/null | tail -1)
  sed -E 's/.*: ([0-9]+) calls\/s, p50 ([0-9.]+) µs.*/{"calls_per_s": \1, "p50_us": \2}/' <<<"$summary"
}
head -c $((1 << 20)) /dev/zero | tr '\0' 'a' >"$scratch/1mib.txt"

# Wall seconds of one command, from the clock's nanoseconds.
wall() {
  local start end
  start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }'
}

first=1
printf '{'
for language in python js c go; do
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
  # Many calls in one process: a fresh instance per call (its instantiation
  # is most of the cost), one reused instance, and `upper` of 1 MiB reused.
  fresh=$(serve "$artifact" upper --input "hello, plugin" --calls 200)
  reused=$(serve "$artifact" upper --input "hello, plugin" --calls 2000 --reuse)
  # (A 1 GiB cap here: reused, the JavaScript plugin's memory grows with
  # every 1 MiB call and would meet the default 64 MiB cap; see docs/11.)
  mib=$(serve "$artifact" upper --input-file "$scratch/1mib.txt" --calls 20 --reuse --max-memory-mib 1024)
  [ $first = 1 ] || printf ','
  first=0
  imports=$(wasm-tools component wit "$component" | grep -c '^  import wasi:' || true)
  printf '\n  "%s": {"wasi_imports": %s, "component_bytes": %s, "compile_s": %s, "compile_peak_mib": %s, "artifact_bytes": %s, "call_precompiled_s": {"median": %s, "min": %s, "max": %s}, "serving_fresh": %s, "serving_reused": %s, "upper_1mib_reused": %s}' \
    "$language" "$imports" "$(stat -c %s "$component")" "$compile_s" "$((compile_kib / 1024))" "$(stat -c %s "$artifact")" \
    "$median" "$min" "$max" "$fresh" "$reused" "$mib"
done

# The same plugins with WASI stubbed out at build time (componentize-py
# --stub-wasi: every WASI import becomes a trapping stub; componentize-js
# -d for each WASI feature it can leave out): how many WASI interfaces are
# left to import, the size, and the precompiled start-up.
PYTHONPATH=.tools/python .tools/python/bin/componentize-py -d wit -w plugin componentize --stub-wasi \
  -p plugins/python app -o "$scratch/python-stub.wasm" >/dev/null
plugins/js/node_modules/.bin/componentize-js --wit wit --world-name plugin -d stdio -d random -d clocks -d http \
  -d fetch-event -o "$scratch/js-stub.wasm" plugins/js/plugin.js >/dev/null
for variant in python-stub js-stub; do
  component=$scratch/$variant.wasm
  "$host_min" compile "$component" -o "$scratch/$variant.cwasm" 2>/dev/null
  calls=()
  for _ in $(seq 11); do
    calls+=("$(wall "$host_min" call --allow-precompiled "$scratch/$variant.cwasm" upper --input "grüße")")
  done
  median=$(printf '%s\n' "${calls[@]}" | sort -n | sed -n 6p)
  answer=$("$host_min" call --allow-precompiled "$scratch/$variant.cwasm" upper --input "grüße")
  [ "$answer" = "GRÜSSE" ] || { echo "error: $variant answered $answer" >&2; exit 1; }
  imports=$(wasm-tools component wit "$component" | grep -c '^  import wasi:' || true)
  printf ',\n  "%s": {"wasi_imports": %s, "component_bytes": %s, "call_precompiled_s": {"median": %s}}' \
    "$variant" "$imports" "$(stat -c %s "$component")" "$median"
done
printf '\n}\n'
