//! The plugin world of wit/plugin.wit, as wasmtime's `bindgen!` reads it:
//! the typed exports (`Plugin`, `PluginPre`, `call_upper`), and the world's
//! imports (`log`, `kv-get`, `kv-set`) served from the same host state and
//! limits as the core ABI's `env` imports. The host (host.rs) builds its
//! component linker here; component.rs calls through it.

use crate::{env, HostState};
use wasmtime::component::{bindgen, HasSelf, Linker};

bindgen!({ world: "plugin", path: "../wit" });

/// The world's imports, on the state the core ABI's `env` imports use, with
/// the same limits on keys and values.
impl PluginImports for HostState {
    fn log(&mut self, msg: String) {
        env::write_log(self, msg.as_bytes());
    }

    fn kv_get(&mut self, key: String) -> Option<String> {
        let value = self.kv.get(key.as_bytes())?;
        Some(String::from_utf8_lossy(value).into_owned())
    }

    fn kv_set(&mut self, key: String, value: String) -> Result<(), ()> {
        let full = self.kv.len() >= env::MAX_KEYS && !self.kv.contains_key(key.as_bytes());
        if key.len() > env::MAX_KEY_BYTES || value.len() > env::MAX_VALUE_BYTES || full {
            return Err(());
        }
        self.kv.insert(key.into_bytes(), value.into_bytes());
        Ok(())
    }
}

/// The exports of the world, by their WIT names.
pub const EXPORTS: [&str; 4] = ["upper", "word-count", "greet", "reverse"];

/// A linker that provides the world's imports from `HostState`, and WASI
/// 0.2 (wasi/p2/) for commands and for plugins that import it.
pub fn linker(engine: &wasmtime::Engine) -> wasmtime::Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    Plugin::add_to_linker::<_, HasSelf<_>>(&mut linker, |state| state)?;
    crate::wasi::p2::add_to_linker(&mut linker, HostState::p2)?;
    Ok(linker)
}
