//! `Host`: the engine, the linkers and the limits, built once; it reads and
//! compiles modules and components and makes the stores they run in. The
//! rest of the crate is what it links (wasi/, env.rs, component.rs) and
//! what runs on it (command.rs, plugin.rs, pool.rs).

use crate::failure::{blame_memory_cap, describe_failure};
use crate::limits::{Limits, MemoryCap, Ticker};
use crate::wasm::{Wasm, WasmKind};
use crate::{cache, env, one_line, precompiled, wasi, world, HostError, HostState, Status};
use std::path::Path;
use wasmtime::{Config, Engine, Instance, Linker, Module, Store};

/// An engine and a linker that provides every import host-min offers: the
/// WASI (module `wasi_snapshot_preview1`) and the ABI's `env` imports,
/// with the sandbox limits every store it makes will have.
/// Build it once; instantiate modules from it as often as needed.
pub struct Host {
    engine: Engine,
    linker: Linker<HostState>,
    /// The same imports for components: the world of wit/plugin.wit.
    component_linker: wasmtime::component::Linker<HostState>,
    limits: Limits,
    /// Whether precompiled artifacts may be loaded (precompiled.rs).
    allow_precompiled: bool,
    /// Where compiled code is kept between runs, if anywhere (cache.rs).
    cache: Option<cache::CompileCache>,
    /// Bumps the epoch while this host lives, if there is a timeout.
    _ticker: Option<Ticker>,
}

impl Host {
    /// A host with the default limits: a 64 MiB memory cap, no timeout, no fuel.
    pub fn new() -> Result<Self, HostError> {
        Self::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Result<Self, HostError> {
        let mut config = Config::new();
        limits.configure(&mut config);
        Self::with_config(config, limits)
    }

    /// For callers that tune wasmtime themselves (the benchmark does).
    /// `limits.configure` must have been applied to `config`.
    pub fn with_config(mut config: Config, limits: Limits) -> Result<Self, HostError> {
        // A trap's message is enough for one error line; the frame list that
        // wasmtime would attach is not printed, so it is not collected.
        config.wasm_backtrace_max_frames(None);
        let setup = |e: wasmtime::Error| HostError::new(Status::BadModule, one_line(&e));
        let engine = Engine::new(&config).map_err(setup)?;
        let mut linker = Linker::new(&engine);
        wasi::p1::add_to_linker(&mut linker, HostState::p1).map_err(setup)?;
        env::add_to_linker(&mut linker).map_err(setup)?;
        let component_linker = world::linker(&engine).map_err(setup)?;
        let ticker = limits.timeout.map(|_| Ticker::start(engine.clone()));
        Ok(Host {
            engine,
            linker,
            component_linker,
            limits,
            allow_precompiled: false,
            cache: None,
            _ticker: ticker,
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn linker(&self) -> &Linker<HostState> {
        &self.linker
    }

    pub fn component_linker(&self) -> &wasmtime::component::Linker<HostState> {
        &self.component_linker
    }

    /// A store with the host's limits: the memory cap, fuel and deadline.
    pub fn new_store(&self, mut state: HostState) -> Store<HostState> {
        state.memory_cap = MemoryCap::new(self.limits.max_memory);
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.memory_cap);
        arm(&self.limits, &mut store);
        store
    }

    /// Reads and compiles a core module or a component, told apart by the
    /// header (binary) or the first form (text); see `Wasm::kind_of`.
    /// Compiling is held to the compile budget, if the limits set one
    /// (budget.rs).
    pub fn load_any(&self, path: &Path) -> Result<Wasm, HostError> {
        let shown = path.display();
        let _armed = self.limits.compile.map(|budget| budget.arm()).transpose()?;
        let bytes = self.read(path)?;
        if let Some(loaded) = precompiled::load(&self.engine, self.allow_precompiled, path, &bytes) {
            return loaded;
        }
        if let Some(cached) = self
            .cache
            .as_ref()
            .and_then(|cache| cache.get(&self.engine, &self.limits, &bytes))
        {
            return Ok(cached);
        }
        let compiled = match Wasm::kind_of(&bytes) {
            Some(WasmKind::Component) => wasmtime::component::Component::new(&self.engine, &bytes)
                .map(Wasm::Component)
                .map_err(|e| {
                    let why = one_line(&e);
                    HostError::new(Status::BadModule, format!("{shown} is not a valid component: {why}"))
                })?,
            _ => Wasm::Module(self.compile(path, &bytes)?),
        };
        if let Some(cache) = &self.cache {
            cache.put(&self.limits, &bytes, &compiled);
        }
        Ok(compiled)
    }

    /// Lets `load_any` and `load` accept precompiled artifacts: a trust
    /// decision (precompiled.rs).
    pub fn allow_precompiled(&mut self) {
        self.allow_precompiled = true;
    }

    /// Compiles the module or component at `path` for this host's engine,
    /// under the compile budget if the limits set one, and returns the
    /// artifact's bytes (`host-min compile`).
    pub fn precompile(&self, path: &Path) -> Result<Vec<u8>, HostError> {
        let _armed = self.limits.compile.map(|budget| budget.arm()).transpose()?;
        let bytes = self.read(path)?;
        precompiled::compile(&self.engine, path, &bytes)
    }

    /// Keeps compiled code between runs in the user's compile cache
    /// (cache.rs), when that directory can be trusted.
    pub fn use_compile_cache(&mut self) {
        self.cache = cache::CompileCache::open();
    }

    /// Reads and compiles a module; `.wat` text is accepted as well as binary.
    /// Compiling is held to the compile budget, if the limits set one.
    pub fn load(&self, path: &Path) -> Result<Module, HostError> {
        let _armed = self.limits.compile.map(|budget| budget.arm()).transpose()?;
        let bytes = self.read(path)?;
        match precompiled::load(&self.engine, self.allow_precompiled, path, &bytes) {
            Some(Ok(Wasm::Module(module))) => Ok(module),
            Some(Ok(Wasm::Component(_))) => {
                let message = format!("{} is a precompiled component, not a module", path.display());
                Err(HostError::new(Status::BadModule, message))
            }
            Some(Err(e)) => Err(e),
            None => self.compile(path, &bytes),
        }
    }

    /// Reads a module under the compile budget, if there is one: a file
    /// larger than the budget's memory is refused before it is read.
    fn read(&self, path: &Path) -> Result<Vec<u8>, HostError> {
        let shown = path.display();
        let cannot = |e: std::io::Error| HostError::new(Status::NoInput, format!("cannot read {shown}: {e}"));
        let size = std::fs::metadata(path).map_err(cannot)?.len();
        let budget = self.limits.compile.map_or(u64::MAX, |budget| budget.memory as u64);
        if size > budget {
            let (mib, budget_mib) = (size >> 20, budget >> 20);
            let message = format!(
                "{shown} is {mib} MiB, more than the compile budget of {budget_mib} MiB (raise it with --compile-mib, \
                 or compile a module you trust once with `host-min compile` and load it with --allow-precompiled)"
            );
            return Err(HostError::new(Status::CompileLimit, message));
        }
        std::fs::read(path).map_err(cannot)
    }

    fn compile(&self, path: &Path, bytes: &[u8]) -> Result<Module, HostError> {
        let shown = path.display();
        Module::new(&self.engine, bytes).map_err(|e| {
            let why = if bytes.starts_with(b"\0asm") {
                one_line(&e)
            } else {
                // Not binary, so wasmtime tried the text format; its message
                // quotes the offending source line, of which we keep the gist.
                let text = e.to_string();
                let gist = text.lines().next().unwrap_or_default();
                let at = text.lines().find_map(|l| l.trim().strip_prefix("--> <anon>:"));
                format!(
                    "not binary (no \\0asm header) nor valid text: {gist} at {}",
                    at.unwrap_or("?")
                )
            };
            HostError::new(
                Status::BadModule,
                format!("{shown} is not a valid WebAssembly module: {why}"),
            )
        })
    }

    /// Links the module against host-min's imports in a fresh store that has
    /// the host's limits. An import nobody provides is refused here, by name,
    /// before any guest code runs.
    pub fn instantiate(&self, module: &Module, state: HostState) -> Result<(Store<HostState>, Instance), HostError> {
        let mut store = self.new_store(state);
        let instance = self.linker.instantiate(&mut store, module);
        let instance = instance.map_err(|e| self.instantiation_failure(&e, &store))?;
        Ok((store, instance))
    }

    pub(crate) fn instantiation_failure(&self, error: &wasmtime::Error, store: &Store<HostState>) -> HostError {
        let failure = describe_failure(error, "instantiation", Status::BadModule, &self.limits, store);
        blame_memory_cap(failure, store)
    }
}

/// Gives the next call its full budget: fuel, and an epoch deadline one
/// timeout from now, which host calls that wait also keep to.
pub fn arm(limits: &Limits, store: &mut Store<HostState>) {
    store.data_mut().wasi.deadline = limits.timeout.map(|timeout| std::time::Instant::now() + timeout);
    if let Some(fuel) = limits.fuel {
        let _ = store.set_fuel(fuel); // only fails if fuel is off, and it is on
    }
    if let Some(ticks) = limits.deadline_ticks() {
        store.set_epoch_deadline(ticks);
    }
}
