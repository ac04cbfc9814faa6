//! Crossing the boundary: a call each way, a 1 MiB buffer in and out through
//! `alloc` and linear memory, instantiation three ways, and compiling a
//! module against loading it precompiled.

use super::measure::{bench_error, measure, Options, Plan, Sample};
use host_min::limits::Limits;
use host_min::plugin::Plugin;
use host_min::{one_line, Host, HostError, HostState};
use std::hint::black_box;
use wasmtime::{
    Config, Enabled, Engine, InstanceAllocationStrategy, Linker, Module, PoolingAllocationConfig, Store, Val,
};

/// A guest that calls an empty host function `n` times: the guest-to-host cost.
const CALLS_HOST: &str = r#"
(module
  (import "bench" "nop" (func $nop))
  (func (export "call_host") (param $n i32)
    (loop $again
      (call $nop)
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
"#;
const CALLS_PER_STEP: u32 = 1000;
const BUFFER: usize = 1 << 20;

#[derive(Debug, Clone)]
pub struct BoundaryCosts {
    pub host_to_guest_ns: Sample,
    /// The same call through `Func::call`, with arguments and results as `Val`s.
    pub host_to_guest_untyped_ns: Sample,
    pub guest_to_host_ns: Sample,
    /// One 1 MiB buffer in and one out, per step.
    pub buffer_in_out_ns: Sample,
    pub instantiate_fresh_ns: Sample,
    pub instantiate_pre_ns: Sample,
    /// Pooling, one row per setting added to the last (`POOL_STEPS`).
    pub instantiate_pooling_steps: Vec<(&'static str, Sample)>,
    /// Pooling as `tuned_pooling` sets it: the figure the target is for.
    pub instantiate_pooling_ns: Sample,
    /// Pooling, the same steps for the hand-written twin (1 page, no data).
    pub instantiate_pooling_twin_ns: Sample,
    /// Only creating and dropping a Store with a HostState: the floor.
    pub store_only_ns: Sample,
    pub compile_ns: Sample,
    pub deserialize_ns: Sample,
}

fn failed(what: &str) -> impl Fn(wasmtime::Error) -> HostError + '_ {
    move |e| bench_error(format!("{what}: {}", one_line(&e)))
}

pub fn costs(options: &Options, plan: Plan) -> Result<BoundaryCosts, HostError> {
    let guest_raw = options.out_dir.join("guest-raw.wasm");
    let host = Host::new()?;
    let module = host.load(&guest_raw)?;

    // Host to guest: a typed call of fib(0), which returns at once.
    let mut plugin = Plugin::new(&host, &module, HostState::default())?;
    let instance = plugin.instance();
    let fib = instance
        .get_typed_func::<u32, u64>(plugin.store_mut(), "fib")
        .map_err(failed("fib"))?;
    let host_to_guest_ns = measure(plan, || {
        black_box(fib.call(plugin.store_mut(), black_box(0)).ok());
    });
    // The same call untyped: wasmtime checks the `Val`s' types against the
    // function's on every call, and goes through a generic trampoline.
    let fib_untyped = instance
        .get_func(plugin.store_mut(), "fib")
        .ok_or_else(|| bench_error("no fib"))?;
    let mut results = [Val::I64(0)];
    let host_to_guest_untyped_ns = measure(plan, || {
        black_box(
            fib_untyped
                .call(plugin.store_mut(), &[Val::I32(black_box(0))], &mut results)
                .ok(),
        );
    });

    // Guest to host: 1000 calls of an empty import per step.
    let engine = Engine::default();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("bench", "nop", || {}).map_err(failed("bench.nop"))?;
    let calls_host = Module::new(&engine, CALLS_HOST).map_err(failed("calls_host"))?;
    let mut store = Store::new(&engine, ());
    let calls = linker
        .instantiate(&mut store, &calls_host)
        .map_err(failed("calls_host"))?;
    let call_host = calls
        .get_typed_func::<u32, ()>(&mut store, "call_host")
        .map_err(failed("call_host"))?;
    let per_step = measure(plan, || {
        black_box(call_host.call(&mut store, CALLS_PER_STEP).ok());
    });
    let guest_to_host_ns = scale(per_step, 1.0 / CALLS_PER_STEP as f64);

    // A 1 MiB buffer in through alloc + memory, and back out.
    let input = vec![0x5a_u8; BUFFER];
    let mut output = vec![0u8; BUFFER];
    let memory = plugin.memory();
    let buffer_in_out_ns = measure(plan, || {
        let Ok(ptr) = plugin.alloc(BUFFER as u32) else {
            return;
        };
        let data = memory.data_mut(plugin.store_mut());
        data[ptr as usize..][..BUFFER].copy_from_slice(&input);
        output.copy_from_slice(&data[ptr as usize..][..BUFFER]);
        black_box(&output);
        let _ = plugin.dealloc(ptr, BUFFER as u32);
    });
    if output != input {
        return Err(bench_error("the 1 MiB buffer came back changed"));
    }

    // Instantiation: a fresh Store + Instance through the linker, with
    // InstancePre (imports resolved once), and with the pooling allocator
    // (copy-on-write memory images are on by default). Each step creates a
    // store, instantiates, and drops the store.
    // Every step uses the quiet state (output to a sink), as a host serving
    // calls would capture output rather than share its own stdout.
    let instantiate_fresh_ns = measure(plan, || {
        black_box(host.instantiate(&module, HostState::quiet()).is_ok());
    });
    let instantiate_pre_ns = instantiate_pre(&host, &module, plan)?;
    // The pool with only its sizes set, then one setting more per row.
    let mut pool = sized_pool();
    let mut instantiate_pooling_steps = Vec::new();
    for (what, step) in POOL_STEPS {
        step(&mut pool);
        let host = pooled(pool.clone())?;
        instantiate_pooling_steps.push((what, instantiate_pre(&host, &host.load(&guest_raw)?, plan)?));
    }
    let pooled_host = pooled(tuned_pooling())?;
    let pooled_module = pooled_host.load(&guest_raw)?;
    let instantiate_pooling_ns = instantiate_pre(&pooled_host, &pooled_module, plan)?;
    let twin = pooled_host.load(&options.out_dir.join("wat/abi-twin.wasm"))?;
    let instantiate_pooling_twin_ns = instantiate_pre(&pooled_host, &twin, plan)?;
    let store_only_ns = measure(plan, || {
        let mut store = Store::new(pooled_host.engine(), HostState::quiet());
        store.limiter(|state| &mut state.memory_cap);
        black_box(&mut store);
    });

    // Compiling from bytes against loading a serialized, precompiled module.
    let bytes = std::fs::read(&guest_raw).map_err(|e| bench_error(e.to_string()))?;
    let compile_ns = measure(plan, || {
        black_box(Module::new(host.engine(), &bytes).is_ok());
    });
    let precompiled = options.out_dir.join("guest-raw.cwasm");
    let serialized = module.serialize().map_err(failed("serialize"))?;
    std::fs::write(&precompiled, serialized).map_err(|e| bench_error(e.to_string()))?;
    // SAFETY: the file was written just above by this engine's serialize().
    let loaded = unsafe { Module::deserialize_file(host.engine(), &precompiled) };
    loaded.map_err(failed("deserialize_file"))?;
    let deserialize_ns = measure(plan, || {
        black_box(unsafe { Module::deserialize_file(host.engine(), &precompiled) }.is_ok());
    });

    Ok(BoundaryCosts {
        host_to_guest_ns,
        host_to_guest_untyped_ns,
        guest_to_host_ns,
        buffer_in_out_ns,
        instantiate_fresh_ns,
        instantiate_pre_ns,
        instantiate_pooling_steps,
        instantiate_pooling_ns,
        instantiate_pooling_twin_ns,
        store_only_ns,
        compile_ns,
        deserialize_ns,
    })
}

type PoolStep = fn(&mut PoolingAllocationConfig);

/// The pool's settings, each measured on top of the ones before it.
/// docs/06-boundary.md explains each and what it gives up.
pub const POOL_STEPS: [(&str, PoolStep); 4] = [
    ("pool sized only", |_| {}),
    ("+ decommit_batch_size(64)", |pool| {
        // A dropped instance's memory and table are reset with madvise;
        // batch 64 of those resets into one call instead of one each.
        pool.decommit_batch_size(64);
    }),
    ("+ table_keep_resident(4 KiB)", |pool| {
        // Reset the first 4 KiB of each table by writing zeros, which is
        // cheaper than giving the page back and faulting it in again.
        pool.table_keep_resident(4096);
    }),
    ("+ memory_keep_resident(64 KiB), pagemap_scan", |pool| {
        // The same for the first 64 KiB of linear memory, and on Linux 6.7+
        // ask the kernel which pages were written. Not in `tuned_pooling`:
        // guest-raw writes little per instance, so this costs more than it saves.
        pool.linear_memory_keep_resident(64 << 10).pagemap_scan(Enabled::Auto);
    }),
];

/// The pooling allocator as the benchmark's target figure uses it: the first
/// three of `POOL_STEPS`.
/// The same settings serve calls in pool.rs.
pub fn tuned_pooling() -> PoolingAllocationConfig {
    host_min::pool::tuned_pooling(128, Limits::default().max_memory)
}

/// Slots for 128 instances at once (more than a decommit batch plus the live
/// ones), each memory up to host-min's default cap; nothing else changed.
fn sized_pool() -> PoolingAllocationConfig {
    let mut pool = PoolingAllocationConfig::default();
    pool.total_memories(128)
        .total_tables(128)
        .total_core_instances(128)
        .max_memory_size(Limits::default().max_memory);
    pool
}

fn pooled(pool: PoolingAllocationConfig) -> Result<Host, HostError> {
    let mut config = Config::new();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Host::with_config(config, Limits::default())
}

fn instantiate_pre(host: &Host, module: &Module, plan: Plan) -> Result<Sample, HostError> {
    let pre = host
        .linker()
        .instantiate_pre(module)
        .map_err(failed("instantiate_pre"))?;
    let sample = measure(plan, || {
        let mut store = Store::new(host.engine(), HostState::quiet());
        store.limiter(|state| &mut state.memory_cap); // as Host::instantiate does
        black_box(pre.instantiate(&mut store).is_ok());
    });
    let mut store = Store::new(host.engine(), HostState::default());
    pre.instantiate(&mut store).map_err(failed("instantiate"))?;
    Ok(sample)
}

fn scale(sample: Sample, factor: f64) -> Sample {
    Sample {
        median_ns: sample.median_ns * factor,
        min_ns: sample.min_ns * factor,
        max_ns: sample.max_ns * factor,
    }
}
