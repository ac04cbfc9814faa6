//! Exercise 7's figures: the same `upper` through every implementation of
//! the plugin, per call: the hand ABI (guest-raw and its WAT twin, host glue
//! in plugin.rs) and the canonical ABI (guest-cabi by hand, guest-wit from
//! wit-bindgen, the WAT component; host glue from `bindgen!`); a bare call
//! each way; pooled instantiation of a core module and of a component.

use super::boundary::tuned_pooling;
use super::format::json_sample;
use super::measure::{bench_error, check_equal, Options, Plan, Sample, Turns};
use host_min::component::{ComponentPlugin, PluginPre};
use host_min::limits::Limits;
use host_min::plugin::{Answer, Plugin};
use host_min::{one_line, Host, HostError, HostState, Wasm};
use serde_json::json;
use std::hint::black_box;
use wasmtime::{Config, InstanceAllocationStrategy, Store};

/// The implementations, each under the ABI it speaks. The input is ASCII so
/// the ASCII-only WAT ones give the same answer.
pub const IMPLEMENTATIONS: [(&str, &str); 5] = [
    ("guest-raw (hand ABI)", "guest-raw.wasm"),
    ("abi-twin.wat (hand ABI)", "wat/abi-twin.wasm"),
    ("guest-cabi (canonical, by hand)", "component/guest-cabi.wasm"),
    ("guest-wit (canonical, wit-bindgen)", "component/guest-wit.wasm"),
    ("plugin.wat (canonical, text format)", "component/plugin.wasm"),
];

/// A plugin of either kind.
enum Any {
    Core(Plugin),
    Component(ComponentPlugin),
}

impl Any {
    fn upper(&mut self, input: &str) -> Result<Answer, HostError> {
        match self {
            Any::Core(plugin) => plugin.call("upper", input.as_bytes()),
            Any::Component(plugin) => plugin.call("upper", input),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ComponentCosts {
    /// Per input (12 bytes, 1 MiB): per implementation, the time per call
    /// and its ratio to guest-raw's, pair by pair.
    pub upper: Vec<(&'static str, Vec<(Sample, Sample)>)>,
    /// One bare call each way: word-count of "" through a core TypedFunc
    /// (ptr, 0) and through bindgen's typed component call.
    pub bare_call: (Sample, Sample, Sample),
    pub instantiate_core_ns: Sample,
    pub instantiate_component_ns: Sample,
}

pub fn costs(options: &Options, plan: Plan) -> Result<ComponentCosts, HostError> {
    let host = Host::new()?;
    let mut plugins = Vec::new();
    for (_, file) in IMPLEMENTATIONS {
        plugins.push(match host.load_any(&options.out_dir.join(file))? {
            Wasm::Module(module) => Any::Core(Plugin::new(&host, &module, HostState::quiet())?),
            Wasm::Component(component) => Any::Component(ComponentPlugin::new(&host, &component, HostState::quiet())?),
        });
    }
    let mut upper = Vec::new();
    let long = "hello, wasm! ".repeat((1 << 20) / 13);
    for (name, input) in [("upper, 12 bytes", "hello, wasm!"), ("upper, 1 MiB", long.as_str())] {
        let expected = Answer::Text(input.to_uppercase());
        for (plugin, (implementation, _)) in plugins.iter_mut().zip(IMPLEMENTATIONS) {
            check_equal(implementation, &expected, &plugin.upper(input)?)?;
        }
        let mut steps: Vec<Box<dyn FnMut() + '_>> = plugins
            .iter_mut()
            .map(|plugin| -> Box<dyn FnMut() + '_> {
                Box::new(move || {
                    black_box(plugin.upper(input).is_ok());
                })
            })
            .collect();
        let mut refs: Vec<&mut dyn FnMut()> = steps.iter_mut().map(|step| &mut **step as &mut dyn FnMut()).collect();
        let turns = Turns::measure(plan, &mut refs);
        let row = (0..IMPLEMENTATIONS.len())
            .map(|i| (turns.sample(i), turns.ratio(i, 0)))
            .collect();
        upper.push((name, row));
    }
    let [Any::Core(core), _, Any::Component(canonical), ..] = &mut plugins[..] else {
        return Err(bench_error(
            "IMPLEMENTATIONS lists guest-raw first and guest-cabi third",
        ));
    };

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
    use super::format::{ratio, spread};
    use std::fmt::Write;
    let mut out = String::from("\ncomponents (exercise 7): upper through every implementation, x guest-raw\n");
    let _ = write!(out, "  {:<38}", "implementation");
    for (input, _) in &costs.upper {
        let _ = write!(out, " {input:>47}");
    }
    let _ = writeln!(out);
    for (index, (name, _)) in IMPLEMENTATIONS.iter().enumerate() {
        let _ = write!(out, "  {name:<38}");
        for (_, row) in &costs.upper {
            let (time, over) = row[index];
            let _ = write!(out, " {:>47}", format!("{} {}", spread(time), ratio(over)));
        }
        let _ = writeln!(out);
    }
    let (core, component, over) = costs.bare_call;
    let _ = writeln!(
        out,
        "  {:<38} core {:>28}  component {:>28}  {}",
        "a bare call (word-count \"\")",
        spread(core),
        spread(component),
        ratio(over)
    );
    let _ = writeln!(
        out,
        "  {:<38} core {:>28}  component {:>28}",
        "pooled instantiation (tuned)",
        spread(costs.instantiate_core_ns),
        spread(costs.instantiate_component_ns)
    );
    out
}

/// The `components` key of the JSON report.
pub fn to_json(costs: &ComponentCosts) -> serde_json::Value {
    let upper: Vec<_> = costs
        .upper
        .iter()
        .map(|(input, row)| {
            let calls: Vec<_> = row
                .iter()
                .zip(IMPLEMENTATIONS)
                .map(|((time, over), (name, _))| {
                    json!({
                        "implementation": name,
                        "ns": time.median_ns,
                        "ratio": over.median_ns,
                        "time": json_sample(*time),
                        "over_guest_raw": json_sample(*over),
                    })
                })
                .collect();
            json!({"input": input, "calls": calls})
        })
        .collect();
    json!({
        "upper": upper,
        "bare_call_core_ns": costs.bare_call.0.median_ns,
        "bare_call_component_ns": costs.bare_call.1.median_ns,
        "instantiate_core_us": costs.instantiate_core_ns.median_ns / 1e3,
        "instantiate_component_us": costs.instantiate_component_ns.median_ns / 1e3,
        "bare_call_core": json_sample(costs.bare_call.0),
        "bare_call_component": json_sample(costs.bare_call.1),
        "bare_call_ratio": json_sample(costs.bare_call.2),
        "instantiate_core": json_sample(costs.instantiate_core_ns),
        "instantiate_component": json_sample(costs.instantiate_component_ns),
    })
}
