//! Running a WASI command, of either kind:
//! - a core module that exports `_start` runs on preview 1 (wasi/p1/);
//! - a component that exports `wasi:cli/run@0.2.x` runs on WASI 0.2
//!   (wasi/p2/).
//!
//! Both get the same limits, the same exit statuses and the same one-line
//! errors. `host-min run` tells them apart by the header (wasm.rs,
//! `Wasm::kind_of`).

use crate::{arm, describe_failure, wasi, Host, HostError, HostState, Status};
use std::io::Write;
use wasmtime::component::Component;
use wasmtime::{Module, Store};

impl Host {
    /// Runs a preview-1 command: instantiates it and calls `_start`.
    /// Returns the exit status: 0 if `_start` returned, `n` if the guest
    /// called `proc_exit(n)`.
    pub fn run_command(&self, module: &Module, state: HostState) -> Result<u32, HostError> {
        let mut store = self.new_store(state);
        // A start function runs during instantiation; its proc_exit(n) is an
        // ordinary exit with status n, as in the wasmtime CLI.
        let instance = match self.linker().instantiate(&mut store, module) {
            Ok(instance) => instance,
            Err(e) => return exit_status(&e, &mut store).ok_or_else(|| self.instantiation_failure(&e, &store)),
        };
        let start = instance
            .get_typed_func::<(), ()>(&mut store, "_start")
            .map_err(|_| HostError::new(Status::BadModule, "the module exports no `_start() -> ()` to run"))?;
        arm(self.limits(), &mut store);
        let outcome = start.call(&mut store, ());
        finish(outcome, "_start", self, &mut store)
    }

    /// Runs a WASI 0.2 command: instantiates the component against WASI 0.2
    /// and calls `run` in its `wasi:cli/run` export, of whichever 0.2.x it
    /// names. `run` returning `ok` is status 0, `err` status 1; `exit`
    /// ends it with its own status.
    pub fn run_component(&self, component: &Component, state: HostState) -> Result<u32, HostError> {
        let run_interface = command_export(self, component)?;
        let mut store = self.new_store(state);
        let instance = match self.component_linker().instantiate(&mut store, component) {
            Ok(instance) => instance,
            Err(e) => return exit_status(&e, &mut store).ok_or_else(|| self.instantiation_failure(&e, &store)),
        };
        let no_run = || {
            HostError::new(
                Status::BadModule,
                format!("`{run_interface}` exports no `run: func() -> result`"),
            )
        };
        let interface = instance
            .get_export_index(&mut store, None, &run_interface)
            .ok_or_else(no_run)?;
        let run_index = instance
            .get_export_index(&mut store, Some(&interface), "run")
            .ok_or_else(no_run)?;
        let run = instance
            .get_typed_func::<(), (Result<(), ()>,)>(&mut store, run_index)
            .map_err(|_| no_run())?;
        arm(self.limits(), &mut store);
        match run.call(&mut store, ()) {
            Ok((result,)) => finish(Ok(()), "run", self, &mut store).map(|_| result.is_err() as u32),
            Err(e) => finish(Err(e), "run", self, &mut store),
        }
    }
}

/// Flushes the guest's output and turns how the call ended into a status.
fn finish(
    outcome: wasmtime::Result<()>,
    call: &str,
    host: &Host,
    store: &mut Store<HostState>,
) -> Result<u32, HostError> {
    let _ = store.data_mut().wasi.stdout.flush();
    match outcome {
        Ok(()) => Ok(0),
        Err(e) => {
            exit_status(&e, store).ok_or_else(|| describe_failure(&e, call, Status::Trapped, host.limits(), store))
        }
    }
}

/// The status of a `proc_exit` or `exit`, if that is what ended the guest,
/// with its output flushed.
fn exit_status(error: &wasmtime::Error, store: &mut Store<HostState>) -> Option<u32> {
    let wasi::GuestExit(status) = error.downcast_ref::<wasi::GuestExit>()?;
    let _ = store.data_mut().wasi.stdout.flush();
    Some(*status)
}

/// The name of the component's `wasi:cli/run@0.2.x` export, or why it is
/// not a command.
fn command_export(host: &Host, component: &Component) -> Result<String, HostError> {
    let ty = component.component_type();
    let mut exports = ty.exports(host.engine()).map(|(name, _)| name.to_string());
    exports
        .find(|name| name.starts_with("wasi:cli/run@0.2."))
        .ok_or_else(|| {
            let message = "the component exports no `wasi:cli/run@0.2.x`, so it is not a WASI 0.2 command; \
                       call a plugin's exports with `host-min call`";
            HostError::new(Status::BadModule, message)
        })
}
