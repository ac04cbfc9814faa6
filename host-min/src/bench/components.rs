//! Exercise 7's figures: the same `upper` through the hand ABI (guest-raw, a
//! core module, host glue in plugin.rs) and through the canonical ABI
//! (guest-cabi, a component, host glue from `bindgen!`), per call; pooled
//! instantiation of each; and the size of each guest as a core module and
//! as a component.

use super::boundary::tuned_pooling;
use super::{bench_error, check_equal, Options, Plan, Sample, Turns};
use crate::component::{ComponentPlugin, PluginPre};
use crate::limits::Limits;
use crate::plugin::{Answer, Plugin};
use crate::{one_line, Host, HostError, HostState, Wasm};
use std::hint::black_box;
use wasmtime::{Config, InstanceAllocationStrategy, Store};

#[derive(Debug, Clone)]
pub struct ComponentCosts {
    /// (input, hand ABI per call, canonical ABI per call, canonical / hand)
    pub upper: Vec<(&'static str, Sample, Sample, Sample)>,
    /// One bare call each way: word-count of "" through a core TypedFunc
    /// (ptr, 0) and through bindgen's typed component call.
    pub bare_call: (Sample, Sample, Sample),
    pub instantiate_core_ns: Sample,
    pub instantiate_component_ns: Sample,
}

pub fn costs(options: &Options, plan: Plan) -> Result<ComponentCosts, HostError> {
    let host = Host::new()?;
    let module = host.load(&options.out_dir.join("guest-raw.wasm"))?;
    let component = match host.load_any(&options.out_dir.join("component/guest-cabi.wasm"))? {
        Wasm::Component(component) => component,
        Wasm::Module(_) => return Err(bench_error("component/guest-cabi.wasm is a core module")),
    };
    let mut core = Plugin::new(&host, &module, HostState::quiet())?;
    let mut canonical = ComponentPlugin::new(&host, &component, HostState::quiet())?;
    let mut upper = Vec::new();
    let long = "grüße, wasm! ".repeat((1 << 20) / 14);
    for (name, input) in [("upper, 12 bytes", "grüße, wasm!"), ("upper, 1 MiB", long.as_str())] {
        let expected = Answer::Text(guest_raw::kernels::upper(input));
        check_equal(name, &expected, &core.call("upper", input.as_bytes())?)?;
        check_equal(name, &expected, &canonical.call("upper", input)?)?;
        let mut hand = || {
            black_box(core.call("upper", input.as_bytes()).is_ok());
        };
        let mut cabi = || {
            black_box(canonical.call("upper", input).is_ok());
        };
        let turns = Turns::measure(plan, &mut [&mut hand, &mut cabi]);
        upper.push((name, turns.sample(0), turns.sample(1), turns.ratio(1, 0)));
    }

    // A bare call: on the core side the export with a zero-length input (no
    // input buffer) and the `dealloc` of its result; on the component side,
    // whatever the canonical ABI does for "".
    let word_count = core
        .instance()
        .get_typed_func::<(u32, u32), u64>(core.store_mut(), "word_count")
        .map_err(|e| bench_error(one_line(&e)))?;
    let mut core_call = || {
        if let Ok(packed) = word_count.call(core.store_mut(), (8, 0)) {
            black_box(core.dealloc((packed >> 32) as u32, packed as u32).is_ok());
        }
    };
    let mut component_call = || {
        black_box(canonical.call("word-count", "").is_ok());
    };
    let turns = Turns::measure(plan, &mut [&mut core_call, &mut component_call]);
    let bare_call = (turns.sample(0), turns.sample(1), turns.ratio(1, 0));

    // Pooled instantiation, tuned as in the boundary table: a core module
    // through InstancePre, a component through bindgen's PluginPre.
    let mut config = Config::new();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(tuned_pooling()));
    let pooled = Host::with_config(config, Limits::default())?;
    let module = pooled.load(&options.out_dir.join("guest-raw.wasm"))?;
    let component = wasmtime::component::Component::new(pooled.engine(), component_bytes(options)?)
        .map_err(|e| bench_error(one_line(&e)))?;
    let failed = |e: wasmtime::Error| bench_error(format!("instantiate: {}", one_line(&e)));
    let core_pre = pooled.linker().instantiate_pre(&module).map_err(failed)?;
    let component_pre = pooled.component_linker().instantiate_pre(&component).map_err(failed)?;
    let component_pre = PluginPre::new(component_pre).map_err(failed)?;
    let mut store = Store::new(pooled.engine(), HostState::quiet());
    component_pre.instantiate(&mut store).map_err(failed)?;
    let mut core_step = || {
        let mut store = Store::new(pooled.engine(), HostState::quiet());
        store.limiter(|state| &mut state.memory_cap);
        black_box(core_pre.instantiate(&mut store).is_ok());
    };
    let mut component_step = || {
        let mut store = Store::new(pooled.engine(), HostState::quiet());
        store.limiter(|state| &mut state.memory_cap);
        black_box(component_pre.instantiate(&mut store).is_ok());
    };
    let turns = Turns::measure(plan, &mut [&mut core_step, &mut component_step]);
    Ok(ComponentCosts {
        upper,
        bare_call,
        instantiate_core_ns: turns.sample(0),
        instantiate_component_ns: turns.sample(1),
    })
}

fn component_bytes(options: &Options) -> Result<Vec<u8>, HostError> {
    let path = options.out_dir.join("component/guest-cabi.wasm");
    std::fs::read(&path).map_err(|e| bench_error(format!("{}: {e}", path.display())))
}

/// The table, as printed.
pub fn render(costs: &ComponentCosts) -> String {
    use super::report::{ratio, spread};
    use std::fmt::Write;
    let mut out =
        String::from("\ncomponents (exercise 7): hand ABI (guest-raw) vs canonical ABI (guest-cabi, bindgen! host)\n");
    for (name, hand, canonical, over) in &costs.upper {
        let _ = writeln!(
            out,
            "  {name:<30} hand {:>28}  canonical {:>28}  {}",
            spread(*hand),
            spread(*canonical),
            ratio(*over)
        );
    }
    let (core, component, over) = costs.bare_call;
    let _ = writeln!(
        out,
        "  {:<30} core {:>28}  component {:>28}  {}",
        "a bare call (word-count \"\")",
        spread(core),
        spread(component),
        ratio(over)
    );
    let _ = writeln!(
        out,
        "  {:<30} core {:>28}  component {:>28}",
        "pooled instantiation",
        spread(costs.instantiate_core_ns),
        spread(costs.instantiate_component_ns)
    );
    out
}

/// The `components` key of the JSON report.
pub fn to_json(costs: &ComponentCosts) -> String {
    use super::report::quote;
    let upper: Vec<String> = costs
        .upper
        .iter()
        .map(|(name, hand, canonical, over)| {
            format!(
                "{{\"name\": {}, \"hand_ns\": {:.1}, \"canonical_ns\": {:.1}, \"ratio\": {:.4}}}",
                quote(name),
                hand.median_ns,
                canonical.median_ns,
                over.median_ns
            )
        })
        .collect();
    format!(
        "{{\"upper\": [{}], \"bare_call_core_ns\": {:.2}, \"bare_call_component_ns\": {:.2}, \"instantiate_core_us\": {:.3}, \"instantiate_component_us\": {:.3}}}",
        upper.join(", "),
        costs.bare_call.0.median_ns,
        costs.bare_call.1.median_ns,
        costs.instantiate_core_ns.median_ns / 1e3,
        costs.instantiate_component_ns.median_ns / 1e3
    )
}
