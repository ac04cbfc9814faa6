# wasm-by-hand: the README's two commands are `make all` and `make test`.
#   make all      set up (installs only what is missing), build, run the demo
#   make test     set up, build, run every test, then fmt and clippy
#   make inspect  validate, summarise and disassemble every module in out/
#   make bench    native vs wasm, safety costs, boundary, components, serving, languages, compile bombs
#   make fuzz     the boundary and whole-WASI property tests (preview 1 and 0.2), 1,000,000 calls each
#   make bench-js exercise 4: bindgen glue vs hand glue, in Node and Chromium
#   make docs     render the docs' measured figures and plots from docs/records/
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

# The dev build of host-min that tests, demo and the plugins' artifacts use.
HOST_MIN_DEBUG := target/debug/host-min

include build.mk

.PHONY: all setup build demo test test-rust test-node lint inspect fuzz bench bench-js serve clean docs record-bench record-sizes record-js record-wasi record-plugins plugins

all: setup build demo

setup:
	@scripts/setup.sh

# Every module in out/, as file targets (build.mk): a build that changed
# nothing remakes nothing. Set up first, so `make -j2` cannot build before
# the tools are there.
build: setup
	@$(MAKE) --no-print-directory built plugins
	@scripts/list-out.sh $(OUT)

demo: build
	@scripts/demo.sh $(OUT)

test: setup build test-rust test-node lint

test-rust: build
	cargo test --quiet -p host-min
	@# Ignored above: only root can run host-min as nobody (wasi_fs.rs).
	@if [ "$$(id -u)" = 0 ]; then cargo test --quiet -p host-min --test wasi_fs -- --ignored; \
	else echo "skipped (not root): wasi_fs every_check_passes_when_host_min_runs_as_an_ordinary_user"; fi
	@# The docs' figures and plots against their records (figures/, docs/records/).
	cargo test --quiet -p figures
	PYTHONPATH=.tools/plot python3 scripts/plots.py --check

test-node: build
	node --test guest-wasi/node/ guest-fs/node/ guest-bindgen/node/

lint:
	cargo fmt --all --check
	@scripts/check-embedder.sh
	python3 scripts/check-import-loops.py host-min/src
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
	FUZZ_ITERATIONS=1000000 cargo test --quiet -p host-min --test fuzz_wasi2 -- --nocapture

# Plugins from other languages: real file targets, so a warm build
# rebuilds none of them (each takes seconds and hundreds of MiB).
COMPONENTIZE_PY := PYTHONPATH=.tools/python .tools/python/bin/componentize-py
COMPONENTIZE_JS := plugins/js/node_modules/.bin/componentize-js
PLUGINS := $(OUT)/plugins/python.wasm $(OUT)/plugins/js.wasm $(OUT)/plugins/c.wasm \
	$(OUT)/plugins/go.wasm $(OUT)/plugins/guest-wit+python.wasm

plugins: $(PLUGINS) $(PLUGINS:.wasm=.cwasm)

$(OUT)/plugins/python.wasm: plugins/python/app.py wit/plugin.wit
	@mkdir -p $(@D)
	$(COMPONENTIZE_PY) -d wit -w plugin componentize -p plugins/python app -o $@ >/dev/null

# Composition across languages: the Rust plugin guest-wit, whose log and kv
# store a Python component provides (the world `provider` of wit/plugin.wit),
# linked by hand in the text format (scripts/compose.py).
$(OUT)/plugins/python-provider.wasm: plugins/python-provider/provider.py wit/plugin.wit
	@mkdir -p $(@D)
	$(COMPONENTIZE_PY) -d wit -w provider componentize -p plugins/python-provider provider -o $@ >/dev/null
$(OUT)/plugins/guest-wit+python.wasm: $(OUT)/component/guest-wit.wasm $(OUT)/plugins/python-provider.wasm scripts/compose.py
	scripts/compose.py $< $(OUT)/plugins/python-provider.wasm $@

$(OUT)/plugins/js.wasm: plugins/js/plugin.js wit/plugin.wit
	@mkdir -p $(@D)
	$(COMPONENTIZE_JS) --wit wit --world-name plugin -d http -d fetch-event -o $@ plugins/js/plugin.js >/dev/null

# C, with the canonical ABI by hand and no libc (plugins/c/plugin.c): Debian's
# clang compiles it for wasm32, and wasm-tools makes it a component, as for
# guest-cabi.
$(OUT)/plugins/c.wasm: plugins/c/plugin.c plugins/c/upper_table.h wit/plugin.wit
	@mkdir -p $(@D)
	clang --target=wasm32 -O2 -nostdlib -Wall -Wextra -Werror -Wl,--no-entry -Wl,--strip-all \
	  -o $(OUT)/plugins/c.core.wasm plugins/c/plugin.c
	wasm-tools component embed wit --world plugin $(OUT)/plugins/c.core.wasm -o $(OUT)/plugins/c.embedded.wasm
	wasm-tools component new $(OUT)/plugins/c.embedded.wasm -o $@

# Go, with the canonical ABI by hand (plugins/go/plugin.go): a wasip1
# reactor, whose preview-1 imports the official reactor adapter turns into
# WASI 0.2. The toolchain is .tools/go's, and fetches nothing.
GO := cd plugins/go && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-trimpath GOOS=wasip1 GOARCH=wasm \
	GOCACHE=$(CURDIR)/.tools/go-cache GOPATH=$(CURDIR)/.tools/gopath $(CURDIR)/.tools/go/go/bin/go
$(OUT)/plugins/go.wasm: plugins/go/plugin.go plugins/go/special_upper.go plugins/go/go.mod wit/plugin.wit \
		$(OUT)/p2/wasi_snapshot_preview1.reactor.wasm
	@mkdir -p $(@D)
	$(GO) build -buildmode=c-shared -o $(CURDIR)/$(OUT)/plugins/go.core.wasm .
	wasm-tools component embed wit --world plugin $(OUT)/plugins/go.core.wasm -o $(OUT)/plugins/go.embedded.wasm
	wasm-tools component new $(OUT)/plugins/go.embedded.wasm -o $@ \
	  --adapt wasi_snapshot_preview1=$(OUT)/p2/wasi_snapshot_preview1.reactor.wasm

# Compiled by the host-min the tests run (same wasmtime, same settings).
$(OUT)/plugins/%.cwasm: $(OUT)/plugins/%.wasm $(HOST_MIN_DEBUG)
	$(HOST_MIN_DEBUG) compile $< -o $@ 2>/dev/null


# The measured figures in the docs, rendered from the recorded runs in
# docs/records/; `make test` fails when a page and its record disagree.
docs:
	cargo run --quiet -p figures -- render
	PYTHONPATH=.tools/plot python3 scripts/plots.py

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

# Records the size of every module in out/ as docs/records/sizes-DATE.json,
# the source of docs/sizes.md, and the allocators' linear memory over
# 10,000 calls (conformance.rs) as memory-DATE.json, docs/03's table.
record-sizes: build
	scripts/list-out.sh $(OUT) --json $(OUT)/sizes.json >/dev/null
	cargo run --quiet -p figures -- record sizes-$$(date -u +%Y-%m-%d) $(OUT)/sizes.json scripts/list-out.sh $(OUT)
	MEMORY_JSON=$(CURDIR)/$(OUT)/memory.json cargo test --quiet -p host-min --test conformance \
	  ten_thousand_calls_in_one_instance_do_not_grow_memory_without_bound >/dev/null
	cargo run --quiet -p figures -- record memory-$$(date -u +%Y-%m-%d) $(OUT)/memory.json \
	  cargo test -p host-min --test conformance ten_thousand_calls_in_one_instance_do_not_grow_memory_without_bound

# Records exercise 4's contrast (sizes, and calls per second in Node and
# Chromium) as docs/records/js-DATE.json, the source of docs/04's figures.
record-js: build
	node guest-bindgen/node/bench-js.mjs --json $(OUT)/bench-js.json
	cargo run --quiet -p figures -- record js-$$(date -u +%Y-%m-%d) $(OUT)/bench-js.json \
	  node guest-bindgen/node/bench-js.mjs

# Records exercise 11's plugins (size, compile cost, precompiled calls) as
# docs/records/plugins-DATE.json, the source of docs/11's figures.
record-plugins: build
	cargo build --quiet --release -p host-min
	scripts/measure-plugins.sh target/release/host-min > $(OUT)/plugins.json
	cargo run --quiet -p figures -- record plugins-$$(date -u +%Y-%m-%d) $(OUT)/plugins.json \
	  scripts/measure-plugins.sh target/release/host-min
	target/release/host-min bench --only languages --json $(OUT)/languages.json
	cargo run --quiet -p figures -- record languages-$$(date -u +%Y-%m-%d) $(OUT)/languages.json \
	  target/release/host-min bench --only languages

inspect: build
	@scripts/inspect.sh $(OUT)

clean:
	cargo clean
	rm -rf $(OUT)
