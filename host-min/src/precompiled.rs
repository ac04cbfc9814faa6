//! Compile once, load many times.
//!
//! `host-min compile IN -o OUT` writes wasmtime's precompiled artifact of
//! a module or a component: the machine code Cranelift made, in an ELF
//! file. `run` and `call` load one only when given `--allow-precompiled`.
//!
//! **Loading an artifact is a trust decision.** A `.wasm` file is
//! validated and compiled by wasmtime inside host-min, so nothing in it is
//! trusted. An artifact is machine code that `Module::deserialize` maps and
//! runs as it is: wasmtime checks only that the same wasmtime version made
//! it, with an engine configured the same way, which is why the call is
//! `unsafe`. So load only artifacts you made yourself, from modules you
//! chose, and keep them where nobody else can write. For that price a
//! plugin that takes seconds and hundreds of MiB to compile (a Python
//! component) loads in milliseconds, and past the compile budget.
//!
//! The configuration includes the limits that change the code: an
//! artifact compiled without `--timeout-ms` (no epoch checks) or `--fuel`
//! (no fuel counting) cannot run with them, and the other way round.

use crate::{one_line, HostError, Status, Wasm, WasmKind};
use std::path::Path;
use wasmtime::{Engine, Precompiled};

/// Compiles the module or component in `bytes` (read from `path`) for
/// `engine`, and returns the artifact's bytes.
pub fn compile(engine: &Engine, path: &Path, bytes: &[u8]) -> Result<Vec<u8>, HostError> {
    let shown = path.display();
    if Engine::detect_precompiled(bytes).is_some() {
        return Err(HostError::new(Status::Usage, format!("{shown} is already precompiled")));
    }
    let compiled = match Wasm::kind_of(bytes) {
        Some(WasmKind::Component) => engine.precompile_component(bytes),
        _ => engine.precompile_module(bytes),
    };
    compiled.map_err(|e| HostError::new(Status::BadModule, format!("{shown} does not compile: {}", one_line(&e))))
}

/// An artifact read from `path`, if `bytes` is one: refused unless
/// `allowed`, and checked by wasmtime against `engine`.
pub fn load(engine: &Engine, allowed: bool, path: &Path, bytes: &[u8]) -> Option<Result<Wasm, HostError>> {
    let kind = Engine::detect_precompiled(bytes)?;
    let shown = path.display();
    if !allowed {
        let message = format!(
            "{shown} is a precompiled artifact, machine code that would run as it is; \
             load one you made yourself with --allow-precompiled"
        );
        return Some(Err(HostError::new(Status::Usage, message)));
    }
    // SAFETY: the user vouched for these bytes with --allow-precompiled
    // (see above); wasmtime still refuses another version or configuration.
    let loaded = unsafe {
        match kind {
            Precompiled::Module => wasmtime::Module::deserialize(engine, bytes).map(Wasm::Module),
            Precompiled::Component => wasmtime::component::Component::deserialize(engine, bytes).map(Wasm::Component),
        }
    };
    Some(loaded.map_err(|e| {
        let why = one_line(&e);
        HostError::new(
            Status::BadModule,
            format!(
                "{shown} cannot be loaded here: {why} (it must be made by `host-min compile` of this \
                 host-min, with the same --timeout-ms and --fuel use)"
            ),
        )
    }))
}
