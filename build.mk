# `make build`, as file targets: every module in out/ is made from what it is
# made of, so a build that changed nothing runs no wasm-opt, wasm-tools,
# wasm-pack or jco (included by the Makefile, which defines OUT, WASM, ...).
#
# Cargo decides what to recompile itself, so each cargo step runs every time
# (FORCE: a no-op when nothing changed) and its output is copied into out/
# only if its bytes changed (COPY). What depends on that copy then sees an
# old timestamp and is not remade. Steps that write the same cargo output
# (guest-raw's allocator builds) are ordered, so `make -j2` is safe.

COPY = cmp -s $(1) $@ || cp $(1) $@
FORCE:
.PHONY: FORCE

BUILT := $(OUT)/guest-wasi.wasm $(OUT)/guest-fs.wasm $(OUT)/hello-p1.wasm $(OUT)/writes-p1.wasm \
	$(OUT)/guest-raw.wasm $(OUT)/guest-raw-dlmalloc.wasm $(OUT)/guest-raw-wee_alloc.wasm $(OUT)/guest-raw-simd.wasm \
	$(patsubst wat/%.wat,$(OUT)/wat/%.wasm,$(wildcard wat/*.wat)) \
	$(OUT)/component/guest-cabi.wasm $(OUT)/component/guest-wit.wasm \
	$(patsubst wat/component/%.wat,$(OUT)/component/%.wasm,$(wildcard wat/component/*.wat)) \
	$(OUT)/component/guest-cabi.composed.wasm $(OUT)/component/guest-wit.composed.wasm $(OUT)/component/plugin.composed.wasm \
	$(OUT)/p2/guest-wasi2.wasm $(OUT)/p2/guest-fs.wasm $(OUT)/p2/hello.wasm $(OUT)/p2/writes.wasm \
	$(patsubst wat/hostile-p2/%.wat,$(OUT)/p2/%.wasm,$(wildcard wat/hostile-p2/*.wat)) \
	$(OUT)/p2/guest-wasi.adapted.wasm $(OUT)/p2/guest-fs.adapted.wasm $(OUT)/p2/fuzz-probe.wasm \
	$(OUT)/pkg/guest_bindgen_bg.wasm $(OUT)/www/index.html \
	$(OUT)/jco/guest-cabi.stamp $(OUT)/jco/guest-wit.stamp $(OUT)/jco/plugin.stamp $(OUT)/jco/c.stamp \
	$(HOST_MIN_DEBUG)

built: $(BUILT)
.PHONY: built

$(OUT) $(OUT)/wat $(OUT)/component $(OUT)/p2 $(OUT)/jco:
	@mkdir -p $@

# Exercises 1, 2: guest-wasi brings its own _start, so it is linked without
# wasi-libc's crt1, then shrunk by binaryen's wasm-opt.
$(OUT)/guest-wasi.wasm: FORCE | $(OUT)
	cargo rustc --quiet -p guest-wasi --target wasm32-wasip1 $(WASM) -- $(WASI_NO_LIBC)
	@[ $@ -nt target/wasm32-wasip1/wasm/guest-wasi.wasm ] || \
	  { echo "wasm-opt -> $@"; $(WASM_OPT) target/wasm32-wasip1/wasm/guest-wasi.wasm -o $@; }

# Exercise 9: guest-fs, the test guest for host-min's WASI filesystem (std
# Rust), with a std hello and a write loop beside it (exercise 10 compares).
$(OUT)/guest-fs.wasm $(OUT)/hello-p1.wasm $(OUT)/writes-p1.wasm &: FORCE | $(OUT)
	cargo build --quiet -p guest-fs --bins --target wasm32-wasip1 $(WASM)
	@cmp -s target/wasm32-wasip1/wasm/guest-fs.wasm $(OUT)/guest-fs.wasm || cp target/wasm32-wasip1/wasm/guest-fs.wasm $(OUT)/guest-fs.wasm
	@cmp -s target/wasm32-wasip1/wasm/hello.wasm $(OUT)/hello-p1.wasm || cp target/wasm32-wasip1/wasm/hello.wasm $(OUT)/hello-p1.wasm
	@cmp -s target/wasm32-wasip1/wasm/writes.wasm $(OUT)/writes-p1.wasm || cp target/wasm32-wasip1/wasm/writes.wasm $(OUT)/writes-p1.wasm

# Exercise 3: guest-raw once per allocator, bump (default), dlmalloc,
# wee_alloc. The three write one cargo output, so each copies it at once and
# they run one after another (the order-only prerequisites).
$(OUT)/guest-raw.wasm: FORCE | $(OUT)
	$(GUEST_RAW)
	@$(call COPY,target/wasm32-unknown-unknown/wasm/guest_raw.wasm)
$(OUT)/guest-raw-dlmalloc.wasm: FORCE | $(OUT)/guest-raw.wasm
	$(GUEST_RAW) --features dlmalloc
	@$(call COPY,target/wasm32-unknown-unknown/wasm/guest_raw.wasm)
$(OUT)/guest-raw-wee_alloc.wasm: FORCE | $(OUT)/guest-raw-dlmalloc.wasm
	$(GUEST_RAW) --features wee_alloc
	@$(call COPY,target/wasm32-unknown-unknown/wasm/guest_raw.wasm)
# The same with wasm SIMD (simd128), for the benchmark; its own target dir,
# so the two builds do not keep invalidating each other.
$(OUT)/guest-raw-simd.wasm: FORCE | $(OUT)
	CARGO_TARGET_DIR=target/simd $(GUEST_RAW) -- -C target-feature=+simd128
	@$(call COPY,target/simd/wasm32-unknown-unknown/wasm/guest_raw.wasm)

# The hand-written text-format modules, assembled as they are.
$(OUT)/wat/%.wasm: wat/%.wat | $(OUT)/wat
	wasm-tools parse $< -o $@

# Exercise 7, components (wit/plugin.wit). guest-cabi writes the canonical
# ABI by hand in a core module; `component embed` adds the world's type to
# it, and `component new` wraps it as a component. guest-wit (wit-bindgen)
# embeds the type itself. The hand-written component text is assembled.
$(OUT)/component/guest-cabi.core.wasm: FORCE | $(OUT)/component $(OUT)/guest-raw-wee_alloc.wasm
	cargo rustc --quiet -p guest-cabi --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
	@$(call COPY,target/wasm32-unknown-unknown/wasm/guest_cabi.wasm)
$(OUT)/component/guest-cabi.embedded.wasm: $(OUT)/component/guest-cabi.core.wasm wit/plugin.wit
	wasm-tools component embed wit --world plugin $< -o $@
$(OUT)/component/guest-cabi.wasm: $(OUT)/component/guest-cabi.embedded.wasm
	wasm-tools component new $< -o $@
$(OUT)/component/guest-wit.core.wasm: FORCE | $(OUT)/component $(OUT)/component/guest-cabi.core.wasm
	cargo rustc --quiet -p guest-wit --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
	@$(call COPY,target/wasm32-unknown-unknown/wasm/guest_wit.wasm)
$(OUT)/component/guest-wit.wasm: $(OUT)/component/guest-wit.core.wasm
	wasm-tools component new $< -o $@
$(OUT)/component/%.wasm: wat/component/%.wat | $(OUT)/component
	wasm-tools parse $< -o $@
# Each plugin linked with the provider (its imports satisfied), by hand in
# the text format, so the wasmtime CLI can run it with --invoke.
$(OUT)/component/%.composed.wasm: $(OUT)/component/%.wasm wat/component/provider.wat scripts/compose.py
	scripts/compose.py $< wat/component/provider.wat $@

# Exercise 10, WASI 0.2 (out/p2/): guest-wasi2 lowers WASI 0.2 by hand in a
# core module, made a component for the world wit/wasi/guest-wasi2.wit;
# guest-fs, hello and writes built for wasm32-wasip2; the hostile 0.2
# gallery; guest-wasi and guest-fs (preview 1) adapted with the official
# adapter.
$(OUT)/p2/guest-wasi2.core.wasm: FORCE | $(OUT)/p2 $(OUT)/component/guest-wit.core.wasm
	cargo rustc --quiet -p guest-wasi2 --target wasm32-unknown-unknown $(WASM) --crate-type cdylib
	@$(call COPY,target/wasm32-unknown-unknown/wasm/guest_wasi2.wasm)
$(OUT)/p2/guest-wasi2.embedded.wasm: $(OUT)/p2/guest-wasi2.core.wasm $(wildcard wit/wasi/*.wit wit/wasi/deps/*.wit)
	wasm-tools component embed wit/wasi --world guest-wasi2 $< -o $@
$(OUT)/p2/guest-wasi2.wasm: $(OUT)/p2/guest-wasi2.embedded.wasm
	wasm-tools component new $< -o $@
$(OUT)/p2/guest-fs.wasm $(OUT)/p2/hello.wasm $(OUT)/p2/writes.wasm &: FORCE | $(OUT)/p2
	cargo build --quiet -p guest-fs --bins --target wasm32-wasip2 $(WASM)
	@for bin in guest-fs hello writes; do \
	  cmp -s target/wasm32-wasip2/wasm/$$bin.wasm $(OUT)/p2/$$bin.wasm || cp target/wasm32-wasip2/wasm/$$bin.wasm $(OUT)/p2/; \
	done
# The WASI 0.2 property test's guest (host-min/tests/fuzz_wasi2.rs): the
# world's dummy core module tells scripts/fuzz-probe.py every import and
# its core signature; the probe calls any of them with arbitrary arguments.
$(OUT)/p2/fuzz-probe.wasm $(OUT)/p2/fuzz-probe.names &: scripts/fuzz-probe.py $(wildcard wit/wasi/*.wit wit/wasi/deps/*.wit) | $(OUT)/p2
	wasm-tools component embed --dummy wit/wasi --world fuzz-probe -t -o $(OUT)/p2/fuzz-probe.dummy.wat
	python3 scripts/fuzz-probe.py $(OUT)/p2/fuzz-probe.names < $(OUT)/p2/fuzz-probe.dummy.wat > $(OUT)/p2/fuzz-probe.core.wat
	wasm-tools component embed wit/wasi --world fuzz-probe $(OUT)/p2/fuzz-probe.core.wat -o $(OUT)/p2/fuzz-probe.embedded.wasm
	wasm-tools component new $(OUT)/p2/fuzz-probe.embedded.wasm -o $(OUT)/p2/fuzz-probe.wasm
$(OUT)/p2/%.wasm: wat/hostile-p2/%.wat wit/wasi/hostile-p2.wit | $(OUT)/p2
	wasm-tools parse $< -o $(OUT)/p2/$*.core.wasm
	wasm-tools component embed wit/wasi --world hostile-p2 $(OUT)/p2/$*.core.wasm -o $(OUT)/p2/$*.embedded.wasm
	wasm-tools component new $(OUT)/p2/$*.embedded.wasm -o $@
$(OUT)/p2/wasi_snapshot_preview1.%.wasm: p1-adapter/src/main.rs Cargo.lock | $(OUT)/p2
	cargo run --quiet -p p1-adapter -- $@
$(OUT)/p2/%.adapted.wasm: $(OUT)/%.wasm $(OUT)/p2/wasi_snapshot_preview1.command.wasm
	wasm-tools component new $< -o $@ --adapt wasi_snapshot_preview1=$(OUT)/p2/wasi_snapshot_preview1.command.wasm

# Exercise 4: guest-bindgen through wasm-pack, using the tools on PATH (no
# download), only when cargo's output changed.
$(OUT)/pkg/guest_bindgen_bg.wasm: FORCE | $(OUT)
	cargo build --quiet -p guest-bindgen --lib --release --target wasm32-unknown-unknown
	@[ $@ -nt target/wasm32-unknown-unknown/release/guest_bindgen.wasm ] || { \
	  wasm-pack --quiet build guest-bindgen --target web --release --mode no-install && \
	  rm -rf $(OUT)/pkg && cp -r guest-bindgen/pkg $(OUT)/pkg; }
$(OUT)/www/index.html: $(wildcard guest-bindgen/www/*) | $(OUT)
	@rm -rf $(OUT)/www && cp -r guest-bindgen/www $(OUT)/www

# Exercise 7 in JS: jco (npm, pinned) transpiles each component to ES
# modules plus core wasm; the world's imports map to www/component-host.js.
$(OUT)/jco/%.stamp: $(OUT)/component/%.wasm | $(OUT)/jco
	@rm -rf $(OUT)/jco/$*
	$(JCO) transpile $< -o $(OUT)/jco/$* --no-typescript \
	  --map 'log=$(JCO_HOST)#log' --map 'kv-get=$(JCO_HOST)#kvGet' --map 'kv-set=$(JCO_HOST)#kvSet' >/dev/null
	@touch $@
# Exercise 11's C plugin too, so one non-Rust plugin runs in Node and on
# the page through jco.
$(OUT)/jco/c.stamp: $(OUT)/plugins/c.wasm | $(OUT)/jco
	@rm -rf $(OUT)/jco/c
	$(JCO) transpile $< -o $(OUT)/jco/c --no-typescript \
	  --map 'log=$(JCO_HOST)#log' --map 'kv-get=$(JCO_HOST)#kvGet' --map 'kv-set=$(JCO_HOST)#kvSet' >/dev/null
	@touch $@

# The dev profile is optimised (Cargo.toml): tests, demo and `cargo run`
# share this one build of wasmtime. Its binary changes only when cargo
# rebuilds it, and the plugins' artifacts (Makefile) depend on it.
$(HOST_MIN_DEBUG): FORCE
	cargo build --quiet -p host-min
