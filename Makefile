# wasm-by-hand: the README's two commands are `make all` and `make test`.
#   make all      set up (installs only what is missing), build, run the demo
#   make test     set up, build, run every test, then fmt and clippy
#   make inspect  validate, summarise and disassemble every module in out/
#   make bench    native vs wasm, safety costs, boundary, components, serving, compile bombs
#   make fuzz     the boundary and whole-WASI property tests, 1,000,000 calls each
#   make bench-js exercise 4: bindgen glue vs hand glue, in Node and Chromium
#   make docs     render the docs' measured figures from docs/records/ (figures/)
#   make serve    exercise 4's page on http://127.0.0.1:8000/www/index.html
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := all
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

OUT := out
WASM := --profile wasm
# guest-wasi brings its own _start, so it is linked without wasi-libc's crt1.
WASI_NO_LIBC := -C link-self-contained=no -C strip=symbols
# guest-raw is an rlib (host-min links its kernels natively); as a plugin it
# is built as a cdylib for wasm32-unknown-unknown.
GUEST_RAW := cargo rustc --quiet -p guest-raw --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
# binaryen's wasm-opt shrinks what rustc emitted; the features are the ones
# rustc 1.95 enables by default for wasm32 targets.
WASM_OPT := wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
	--enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types

# jco from guest-bindgen/node_modules (scripts/setup.sh); the transpiled
# modules in out/jco/NAME/ import the world's imports from out/www/.
JCO := guest-bindgen/node_modules/.bin/jco
JCO_HOST := ../../www/component-host.js

.PHONY: all setup build demo test test-rust test-node lint inspect fuzz bench bench-js serve clean docs record-bench record-wasi record-plugins plugins

all: setup build demo

setup:
	@scripts/setup.sh

build:
	cargo rustc --quiet -p guest-wasi --target wasm32-wasip1 $(WASM) -- $(WASI_NO_LIBC)
	@mkdir -p $(OUT)/wat
	$(WASM_OPT) target/wasm32-wasip1/wasm/guest-wasi.wasm -o $(OUT)/guest-wasi.wasm
	@# guest-fs: the test guest for host-min's WASI filesystem (std Rust).
	cargo build --quiet -p guest-fs --bins --target wasm32-wasip1 $(WASM)
	@cp target/wasm32-wasip1/wasm/guest-fs.wasm $(OUT)/guest-fs.wasm
	@# guest-raw once per allocator: bump (default), dlmalloc, wee_alloc.
	$(GUEST_RAW)
	@cp target/wasm32-unknown-unknown/wasm/guest_raw.wasm $(OUT)/guest-raw.wasm
	$(GUEST_RAW) --features dlmalloc
	@cp target/wasm32-unknown-unknown/wasm/guest_raw.wasm $(OUT)/guest-raw-dlmalloc.wasm
	$(GUEST_RAW) --features wee_alloc
	@cp target/wasm32-unknown-unknown/wasm/guest_raw.wasm $(OUT)/guest-raw-wee_alloc.wasm
	@# The same with wasm SIMD (simd128) enabled, for the benchmark; its own
	@# target dir, so the two builds do not keep invalidating each other.
	CARGO_TARGET_DIR=target/simd $(GUEST_RAW) -- -C target-feature=+simd128
	@cp target/simd/wasm32-unknown-unknown/wasm/guest_raw.wasm $(OUT)/guest-raw-simd.wasm
	@# The hand-written text-format modules, assembled as they are.
	for wat in wat/*.wat; do wasm-tools parse "$$wat" -o $(OUT)/wat/$$(basename "$$wat" .wat).wasm; done
	@# Exercise 7, components (wit/plugin.wit). guest-cabi writes the canonical
	@# ABI by hand in a core module; `component embed` adds the world's type to
	@# it, and `component new` wraps it as a component. The hand-written
	@# component text is assembled as it is.
	@mkdir -p $(OUT)/component
	cargo rustc --quiet -p guest-cabi --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
	@cp target/wasm32-unknown-unknown/wasm/guest_cabi.wasm $(OUT)/component/guest-cabi.core.wasm
	wasm-tools component embed wit --world plugin $(OUT)/component/guest-cabi.core.wasm -o $(OUT)/component/guest-cabi.embedded.wasm
	wasm-tools component new $(OUT)/component/guest-cabi.embedded.wasm -o $(OUT)/component/guest-cabi.wasm
	@# guest-wit: the same world through wit-bindgen, which embeds the world's
	@# type itself, so only `component new` is needed.
	cargo rustc --quiet -p guest-wit --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
	@cp target/wasm32-unknown-unknown/wasm/guest_wit.wasm $(OUT)/component/guest-wit.core.wasm
	wasm-tools component new $(OUT)/component/guest-wit.core.wasm -o $(OUT)/component/guest-wit.wasm
	for wat in wat/component/*.wat; do wasm-tools parse "$$wat" -o $(OUT)/component/$$(basename "$$wat" .wat).wasm; done
	@# Each plugin linked with the provider (its imports satisfied), by hand in
	@# the text format, so the wasmtime CLI can run it with --invoke.
	scripts/compose.sh $(OUT)/component/guest-cabi.wasm wat/component/provider.wat $(OUT)/component/guest-cabi.composed.wasm
	scripts/compose.sh $(OUT)/component/guest-wit.wasm wat/component/provider.wat $(OUT)/component/guest-wit.composed.wasm
	scripts/compose.sh $(OUT)/component/plugin.wasm wat/component/provider.wat $(OUT)/component/plugin.composed.wasm
	@# Exercise 10, WASI 0.2 (out/p2/): guest-wasi2 lowers WASI 0.2 by hand
	@# in a core module, made a component for the world wit/wasi/guest-wasi2.wit;
	@# guest-fs and a std hello built for wasm32-wasip2; guest-wasi and
	@# guest-fs (preview 1) adapted to WASI 0.2 with the official adapter.
	@mkdir -p $(OUT)/p2
	cargo rustc --quiet -p guest-wasi2 --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
	@cp target/wasm32-unknown-unknown/wasm/guest_wasi2.wasm $(OUT)/p2/guest-wasi2.core.wasm
	wasm-tools component embed wit/wasi --world guest-wasi2 $(OUT)/p2/guest-wasi2.core.wasm -o $(OUT)/p2/guest-wasi2.embedded.wasm
	wasm-tools component new $(OUT)/p2/guest-wasi2.embedded.wasm -o $(OUT)/p2/guest-wasi2.wasm
	cargo build --quiet -p guest-fs --bins --target wasm32-wasip2 $(WASM)
	@cp target/wasm32-wasip2/wasm/guest-fs.wasm $(OUT)/p2/guest-fs.wasm
	@cp target/wasm32-wasip2/wasm/hello.wasm target/wasm32-wasip2/wasm/writes.wasm $(OUT)/p2/
	@cp target/wasm32-wasip1/wasm/hello.wasm $(OUT)/hello-p1.wasm
	@cp target/wasm32-wasip1/wasm/writes.wasm $(OUT)/writes-p1.wasm
	@# The hostile WASI 0.2 gallery: core text-format modules, made components.
	for wat in wat/hostile-p2/*.wat; do \
	  name=$$(basename "$$wat" .wat); \
	  wasm-tools parse "$$wat" -o $(OUT)/p2/$$name.core.wasm; \
	  wasm-tools component embed wit/wasi --world hostile-p2 $(OUT)/p2/$$name.core.wasm -o $(OUT)/p2/$$name.embedded.wasm; \
	  wasm-tools component new $(OUT)/p2/$$name.embedded.wasm -o $(OUT)/p2/$$name.wasm; \
	done
	cargo run --quiet -p p1-adapter -- $(OUT)/p2/wasi_snapshot_preview1.command.wasm
	for guest in guest-wasi guest-fs; do \
	  wasm-tools component new $(OUT)/$$guest.wasm -o $(OUT)/p2/$$guest.adapted.wasm \
	    --adapt wasi_snapshot_preview1=$(OUT)/p2/wasi_snapshot_preview1.command.wasm; \
	done
	@# guest-bindgen through wasm-pack, using the tools on PATH (no download).
	wasm-pack --quiet build guest-bindgen --target web --release --mode no-install
	@rm -rf $(OUT)/pkg $(OUT)/www && cp -r guest-bindgen/pkg $(OUT)/pkg && cp -r guest-bindgen/www $(OUT)/www
	@# Exercise 7 in JS: jco (npm, pinned) transpiles each component to ES
	@# modules plus core wasm; the world's imports map to www/component-host.js.
	@rm -rf $(OUT)/jco
	for c in guest-cabi guest-wit plugin; do \
	  $(JCO) transpile $(OUT)/component/$$c.wasm -o $(OUT)/jco/$$c --no-typescript \
	    --map 'log=$(JCO_HOST)#log' --map 'kv-get=$(JCO_HOST)#kvGet' --map 'kv-set=$(JCO_HOST)#kvSet' >/dev/null; \
	done
	@# The dev profile is optimised (Cargo.toml): tests, demo and `cargo run`
	@# share this one build of wasmtime.
	cargo build --quiet -p host-min
	@# Exercise 11, the plugin world in Python and JavaScript (out/plugins/),
	@# each also compiled once by host-min, for --allow-precompiled.
	$(MAKE) --no-print-directory plugins
	@scripts/list-out.sh $(OUT)

demo:
	@scripts/demo.sh $(OUT)

test: setup build test-rust test-node lint

test-rust:
	cargo test --quiet -p host-min
	@# Ignored above: only root can run host-min as nobody (wasi_fs.rs).
	@if [ "$$(id -u)" = 0 ]; then cargo test --quiet -p host-min --test wasi_fs -- --ignored; \
	else echo "skipped (not root): wasi_fs every_check_passes_when_host_min_runs_as_an_ordinary_user"; fi
	@# The docs' figures against their records (figures/, docs/records/).
	cargo test --quiet -p figures

test-node:
	node --test guest-wasi/node/ guest-fs/node/ guest-bindgen/node/

lint:
	cargo fmt --all --check
	@scripts/check-embedder.sh
	cargo clippy --quiet -p host-min --all-targets -- -D warnings
	cargo clippy --quiet -p guest-wasi --target wasm32-wasip1 $(WASM) -- -D warnings
	cargo clippy --quiet -p guest-fs --target wasm32-wasip1 $(WASM) -- -D warnings
	cargo clippy --quiet -p guest-wasi2 --target wasm32-unknown-unknown $(WASM) -- -D warnings
	cargo clippy --quiet -p p1-adapter -p figures --all-targets -- -D warnings
	cargo clippy --quiet -p guest-raw --target wasm32-unknown-unknown $(WASM) -- -D warnings
	cargo clippy --quiet -p guest-cabi --target wasm32-unknown-unknown $(WASM) -- -D warnings
	cargo clippy --quiet -p guest-wit --target wasm32-unknown-unknown $(WASM) -- -D warnings
	cargo clippy --quiet -p guest-bindgen --target wasm32-unknown-unknown --release -- -D warnings

# The full benchmark (about 2 minutes); the tables go to stdout, JSON to out/.
# It runs the release build (fat LTO, one codegen unit), which the host-side
# targets are set for; the first `make bench` compiles it (several minutes).
bench: setup build
	cargo build --quiet --release -p host-min --bins --examples
	target/release/host-min bench --json $(OUT)/bench.json
	@echo
	scripts/glue-lines.sh
	@echo
	@# What compiling a hostile module costs, and what the compile budget leaves of it.
	target/release/examples/compile_cost target/release/host-min

# Exercise 4's contrast table: sizes, and calls per second in Node and Chromium.
bench-js: setup build
	node guest-bindgen/node/bench-js.mjs

# The page of exercise 4, on loopback; Ctrl-C stops it.
serve: build
	node guest-bindgen/www/serve.mjs $(OUT) 8000

# The property tests of the boundary and of the whole WASI preview-1
# surface, 50x longer than in `make test`.
fuzz: build
	FUZZ_ITERATIONS=1000000 cargo test --quiet -p host-min --test fuzz_boundary -- --nocapture
	FUZZ_ITERATIONS=1000000 cargo test --quiet -p host-min --test fuzz_wasi -- --nocapture

# Plugins from other languages: real file targets, so a warm build
# rebuilds none of them (each takes seconds and hundreds of MiB).
COMPONENTIZE_PY := PYTHONPATH=.tools/python .tools/python/bin/componentize-py
COMPONENTIZE_JS := plugins/js/node_modules/.bin/componentize-js
HOST_MIN_DEBUG := target/debug/host-min
PLUGINS := $(OUT)/plugins/python.wasm $(OUT)/plugins/js.wasm

plugins: $(PLUGINS) $(PLUGINS:.wasm=.cwasm)

$(OUT)/plugins/python.wasm: plugins/python/app.py wit/plugin.wit
	@mkdir -p $(@D)
	$(COMPONENTIZE_PY) -d wit -w plugin componentize -p plugins/python app -o $@ >/dev/null

$(OUT)/plugins/js.wasm: plugins/js/plugin.js wit/plugin.wit
	@mkdir -p $(@D)
	$(COMPONENTIZE_JS) --wit wit --world-name plugin -d http -d fetch-event -o $@ plugins/js/plugin.js >/dev/null

# Compiled by the host-min the tests run (same wasmtime, same settings).
$(OUT)/plugins/%.cwasm: $(OUT)/plugins/%.wasm $(HOST_MIN_DEBUG)
	$(HOST_MIN_DEBUG) compile $< -o $@ 2>/dev/null

$(HOST_MIN_DEBUG):
	cargo build --quiet -p host-min

# The measured figures in the docs, rendered from the recorded runs in
# docs/records/; `make test` fails when a page and its record disagree.
docs:
	cargo run --quiet -p figures -- render

# Records exercise 10's run (WASI 0.2 beside preview 1) as
# docs/records/wasi-DATE.json, the source of docs/10's figures.
record-wasi: build
	cargo build --quiet --release -p host-min
	target/release/host-min bench --only wasi --json $(OUT)/bench-wasi.json
	cargo run --quiet -p figures -- record wasi-$$(date -u +%Y-%m-%d) $(OUT)/bench-wasi.json \
	  target/release/host-min bench --only wasi

# Records three full runs of the benchmark, one after another on the same
# build, as docs/records/bench-DATE-{1,2,3}.json (the source of exercise 6's
# figures, and of their spread from run to run), the lines of glue
# (glue-DATE.json, docs/07) and the compile bombs' cost (compile-cost-DATE.json,
# docs/sandbox-limits.md).
record-bench: build
	cargo build --quiet --release -p host-min --bins --examples
	for run in 1 2 3; do \
	  target/release/host-min bench --json $(OUT)/bench-$$run.json > $(OUT)/bench-$$run.txt; \
	  cargo run --quiet -p figures -- record bench-$$(date -u +%Y-%m-%d)-$$run $(OUT)/bench-$$run.json \
	    target/release/host-min bench; \
	done
	scripts/glue-lines.sh --json $(OUT)/glue.json
	cargo run --quiet -p figures -- record glue-$$(date -u +%Y-%m-%d) $(OUT)/glue.json scripts/glue-lines.sh
	target/release/examples/compile_cost target/release/host-min --json $(OUT)/compile-cost.json
	cargo run --quiet -p figures -- record compile-cost-$$(date -u +%Y-%m-%d) $(OUT)/compile-cost.json \
	  target/release/examples/compile_cost target/release/host-min

# Records exercise 11's plugins (size, compile cost, precompiled calls) as
# docs/records/plugins-DATE.json, the source of docs/11's figures.
record-plugins: build
	cargo build --quiet --release -p host-min
	scripts/measure-plugins.sh target/release/host-min > $(OUT)/plugins.json
	cargo run --quiet -p figures -- record plugins-$$(date -u +%Y-%m-%d) $(OUT)/plugins.json \
	  scripts/measure-plugins.sh target/release/host-min

inspect: build
	@scripts/inspect.sh $(OUT)

clean:
	cargo clean
	rm -rf $(OUT)
