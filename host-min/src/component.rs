//! Calling a component: the `plugin` world of wit/plugin.wit through
//! wasmtime's component API, beside `plugin.rs`, which calls a core module
//! through ABI.md by hand. Here `bindgen!` reads the same WIT file and writes
//! the typed calls (`call_upper`) and the `PluginImports` trait, and wasmtime
//! does the canonical ABI's copying: `cabi_realloc` for the argument, the
//! return area, `cabi_post_upper`. The host state, the limits, the error
//! lines and the exit statuses are the core path's.

use crate::limits::Limits;
use crate::plugin::Answer;
pub use crate::world::{Plugin, PluginPre, EXPORTS};
use crate::{arm, blame_memory_cap, describe_failure, one_line, Host, HostError, HostState, Status};
use wasmtime::component::Component;
use wasmtime::Store;

/// One instance of a plugin component, ready for any number of calls.
pub struct ComponentPlugin {
    store: Store<HostState>,
    bindings: Plugin,
    limits: Limits,
}

impl ComponentPlugin {
    /// Instantiates `component` against the world. A component that does not
    /// match it (an export missing or of another type, an import the world
    /// does not have) is refused here, in one line, before any guest code runs.
    pub fn new(host: &Host, component: &Component, state: HostState) -> Result<Self, HostError> {
        let mut store = host.new_store(state);
        let bindings = Plugin::instantiate(&mut store, component, host.component_linker()).map_err(|e| {
            let failure = describe_failure(&e, "instantiation", Status::BadModule, host.limits(), &store);
            match failure.status {
                Status::BadModule => HostError::new(
                    Status::BadModule,
                    format!(
                        "the component does not match the world `plugin` of wit/plugin.wit: {}",
                        one_line(&e)
                    ),
                ),
                _ => failure,
            }
        })?;
        Ok(ComponentPlugin {
            store,
            bindings,
            limits: host.limits().clone(),
        })
    }

    /// An instance made from a component whose imports were resolved once
    /// (`PluginPre`): what the serving pool (pool.rs) does per call.
    pub fn from_pre(host: &Host, pre: &PluginPre<HostState>, state: HostState) -> Result<Self, HostError> {
        let mut store = host.new_store(state);
        let bindings = pre
            .instantiate(&mut store)
            .map_err(|e| describe_failure(&e, "instantiation", Status::BadModule, host.limits(), &store))?;
        Ok(ComponentPlugin {
            store,
            bindings,
            limits: host.limits().clone(),
        })
    }

    /// Resolves `component`'s imports against the world once, for many
    /// instances; a component that does not match is refused here.
    pub fn prepare(host: &Host, component: &Component) -> Result<PluginPre<HostState>, HostError> {
        let refuse = |e: wasmtime::Error| {
            let why = one_line(&e);
            HostError::new(
                Status::BadModule,
                format!("the component does not match the world `plugin` of wit/plugin.wit: {why}"),
            )
        };
        let pre = host.component_linker().instantiate_pre(component).map_err(refuse)?;
        PluginPre::new(pre).map_err(refuse)
    }

    /// Calls the export named `export` in WIT (`word-count`, not
    /// `word_count`) on `input`, with a fresh budget of time and fuel.
    pub fn call(&mut self, export: &str, input: &str) -> Result<Answer, HostError> {
        arm(&self.limits, &mut self.store);
        self.store.data_mut().memory_cap.refused = false; // each call is judged alone
        let (bindings, store) = (&self.bindings, &mut self.store);
        let answer = match export {
            "upper" => bindings.call_upper(&mut *store, input).map(Answer::Text),
            "word-count" => bindings
                .call_word_count(&mut *store, input)
                .map(|n| Answer::Number(n.into())),
            "greet" => bindings.call_greet(&mut *store, input).map(Answer::Text),
            "reverse" => bindings.call_reverse(&mut *store, input).map(Answer::Text),
            other => {
                let message = format!(
                    "the world `plugin` has no export `{other}`; it has {}",
                    EXPORTS.join(", ")
                );
                return Err(HostError::new(Status::BadModule, message));
            }
        };
        // Anything but a trap or a limit is the guest breaking the canonical
        // ABI: a result that is not UTF-8, a realloc that returned a pointer
        // out of bounds or misaligned.
        answer.map_err(|e| {
            let failure = describe_failure(&e, export, Status::AbiViolation, &self.limits, &self.store);
            blame_memory_cap(failure, &self.store)
        })
    }

    /// The store, with the host state the calls left (kv store, output).
    pub fn store(&self) -> &Store<HostState> {
        &self.store
    }
}
