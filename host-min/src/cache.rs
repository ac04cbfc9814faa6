//! A compile cache, as the wasmtime CLI keeps one: the machine code of a
//! module host-min compiled once, kept on disk, so the next run of the
//! same bytes loads it instead of compiling again (a std hello: tens of
//! milliseconds of Cranelift, for a run that takes a few).
//!
//! Loading cached machine code is the trust decision precompiled.rs
//! describes, taken here by host-min on the user's behalf, so the cache
//! keeps three rules:
//! - **Only the user writes it.** The directory (`$XDG_CACHE_HOME/host-min`
//!   or `~/.cache/host-min`) must belong to the user running host-min and
//!   be writable by nobody else, or the cache is not used at all.
//! - **Only what host-min compiled is in it.** An entry is written after a
//!   compile succeeded, beside a copy of the bytes it was compiled from.
//! - **Only the same bytes get it.** A lookup by hash is confirmed by
//!   comparing the whole module with that copy, so no hash collision can
//!   hand one module another's code. The key also holds the wasmtime
//!   version and the settings that change the code (epochs, fuel), and
//!   wasmtime checks the artifact against the engine again when loading.
//!
//! `run` and `call` use it; `--no-cache` turns it off, and the library
//! leaves it off unless asked (`Host::use_compile_cache`).

use crate::limits::Limits;
use crate::{Wasm, WasmKind};
use std::hash::{Hash, Hasher};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use wasmtime::Engine;

/// The wasmtime release host-min embeds (Cargo.toml pins it).
const WASMTIME: &str = "48.0.8";

/// At most this many entries; past it, nothing new is written.
const MAX_ENTRIES: usize = 512;

pub struct CompileCache {
    dir: PathBuf,
}

impl CompileCache {
    /// The user's cache directory, made (mode 0700) if missing; None if
    /// there is no home, or the directory is not the user's alone.
    pub fn open() -> Option<CompileCache> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
        let dir = base.join("host-min");
        if !dir.exists() {
            std::fs::create_dir_all(&dir).ok()?;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).ok()?;
        }
        let meta = std::fs::symlink_metadata(&dir).ok()?;
        let others_write = meta.mode() & 0o022 != 0;
        (meta.is_dir() && !others_write && Some(meta.uid()) == effective_uid()).then_some(CompileCache { dir })
    }

    /// The entry's name for these bytes under these settings.
    fn key(limits: &Limits, bytes: &[u8]) -> String {
        let settings = (
            WASMTIME,
            limits.timeout.is_some(),
            limits.fuel.is_some(),
            limits.max_stack,
        );
        let half = |salt: u8| {
            let mut hasher = std::hash::DefaultHasher::new();
            (salt, &settings, bytes).hash(&mut hasher);
            hasher.finish()
        };
        format!("{:016x}{:016x}-{}", half(0), half(1), bytes.len())
    }

    /// The cached code for exactly `bytes`, if there is one that loads in
    /// `engine`, whose settings `limits` are.
    pub fn get(&self, engine: &Engine, limits: &Limits, bytes: &[u8]) -> Option<Wasm> {
        let key = Self::key(limits, bytes);
        let source = std::fs::read(self.dir.join(format!("{key}.wasm"))).ok()?;
        if source != bytes {
            return None; // a hash collision, or a damaged entry: compile
        }
        let code = self.dir.join(format!("{key}.cwasm"));
        let kind = Wasm::kind_of(bytes)?;
        // SAFETY: the file is one host-min wrote after compiling exactly
        // these bytes, in a directory only this user can write (see above);
        // wasmtime also refuses code of another version or configuration.
        let loaded = unsafe {
            match kind {
                WasmKind::Component => {
                    wasmtime::component::Component::deserialize_file(engine, &code).map(Wasm::Component)
                }
                WasmKind::Module => wasmtime::Module::deserialize_file(engine, &code).map(Wasm::Module),
            }
        };
        loaded.ok()
    }

    /// Keeps `compiled`, made from `bytes`. Failing to is not an error:
    /// the next run compiles again.
    pub fn put(&self, limits: &Limits, bytes: &[u8], compiled: &Wasm) {
        let entries = std::fs::read_dir(&self.dir).map_or(0, |d| d.count());
        if entries >= MAX_ENTRIES * 2 {
            return;
        }
        let code = match compiled {
            Wasm::Module(module) => module.serialize(),
            Wasm::Component(component) => component.serialize(),
        };
        let Ok(code) = code else { return };
        let key = Self::key(limits, bytes);
        // Written under a name of this process, then renamed into place:
        // another host-min never reads half a file. Code before source, so
        // a source present means its code is complete.
        for (suffix, content) in [("cwasm", &code[..]), ("wasm", bytes)] {
            let temporary = self.dir.join(format!("{key}.{suffix}.{}", std::process::id()));
            let written = std::fs::write(&temporary, content)
                .and_then(|()| std::fs::rename(&temporary, self.dir.join(format!("{key}.{suffix}"))));
            if written.is_err() {
                let _ = std::fs::remove_file(&temporary);
                return;
            }
        }
    }
}

/// The effective user id, from the kernel's own record of this process.
fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}
