#!/usr/bin/env bash
# Composes a plugin component with the provider component, by hand, in the
# component text format: both become nested components of an outer one that
# instantiates the provider, passes its exports to the plugin as the plugin's
# imports (matched by WIT name and type), and re-exports the plugin's world.
# The result imports nothing, so any component host can run it.
#   scripts/compose.sh PLUGIN.wasm PROVIDER.wat OUT.wasm
set -euo pipefail
plugin=$1 provider=$2 out=$3
text=$(mktemp "${TMPDIR:-/tmp}/composed.XXXXXX.wat")
trap 'rm -f "$text"' EXIT
{
  echo '(component'
  # A nested component is written like a top-level one, with a name.
  sed '0,/^(component/s//(component $Provider/' "$provider"
  wasm-tools print "$plugin" | sed '0,/^(component/s//(component $Plugin/'
  cat <<'EOF'
  (instance $provider (instantiate $Provider))
  (instance $plugin (instantiate $Plugin
    (with "log" (func $provider "log"))
    (with "kv-get" (func $provider "kv-get"))
    (with "kv-set" (func $provider "kv-set"))))
  (export "upper" (func $plugin "upper"))
  (export "word-count" (func $plugin "word-count"))
  (export "greet" (func $plugin "greet"))
  (export "reverse" (func $plugin "reverse")))
EOF
} >"$text"
wasm-tools parse "$text" -o "$out"
wasm-tools validate "$out"
