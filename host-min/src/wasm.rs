//! What a file holds: a core module or a component, told apart by its
//! header, before anything is compiled.

use std::path::Path;
use wasmtime::Module;

/// What `Host::load_any` read: a core module or a component.
pub enum Wasm {
    Module(Module),
    Component(wasmtime::component::Component),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmKind {
    Module,
    Component,
}

impl Wasm {
    /// What the file at `path` holds, from its first bytes: a module, a
    /// component, or (an artifact of `host-min compile`) either, compiled.
    pub fn kind_of_file(path: &Path) -> Option<WasmKind> {
        use std::io::Read;
        let mut head = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(1 << 16)
            .read_to_end(&mut head)
            .ok()?;
        if let Some(precompiled) = wasmtime::Engine::detect_precompiled(&head) {
            return Some(match precompiled {
                wasmtime::Precompiled::Module => WasmKind::Module,
                wasmtime::Precompiled::Component => WasmKind::Component,
            });
        }
        Wasm::kind_of(&head)
    }

    /// Binary: `\0asm`, then a version and a layer. A core module has
    /// version 1, layer 0 (`01 00 00 00`); a component has version 0x0d,
    /// layer 1 (`0d 00 01 00`). Text: the first form, `(component` or
    /// `(module`. None when it is neither (the loader then says why).
    pub fn kind_of(bytes: &[u8]) -> Option<WasmKind> {
        if let Some(version) = bytes.strip_prefix(b"\0asm") {
            return match version.get(..4)? {
                [_, _, 0, 0] => Some(WasmKind::Module),
                [_, _, 1, 0] => Some(WasmKind::Component),
                _ => None,
            };
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let first_form = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with(";;"))?;
        match first_form.starts_with("(component") {
            true => Some(WasmKind::Component),
            false => Some(WasmKind::Module),
        }
    }
}
