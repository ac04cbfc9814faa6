//! Exercise 11's table: the plugin world in Python, JavaScript, C and Go
//! (out/plugins/, `make build`), each measured the same way in one run:
//! its size; compiling it (`host-min compile` in a process of its own: wall
//! time and peak memory); loading the compiled artifact back
//! (`Component::deserialize`); pooled instantiation; `upper` of 12 bytes
//! and of 1 MiB on a kept instance, timed in turns with Rust's own
//! `to_uppercase` (the native side) and checked equal to it; serving (a
//! fresh instance per call over two threads, through the library's pool);
//! and the instance's peak linear memory.
//!
//! ```text
//! cargo run --release -p host-min -- bench --only languages
//! ```
//! Not in `--quick`: compiling the Python and JavaScript plugins takes
//! seconds each.

use super::format::json_sample;
use super::measure::{bench_error, check_equal, measure, Options, Plan, Sample, Turns};
use host_min::component::{ComponentPlugin, PluginPre};
use host_min::limits::Limits;
use host_min::plugin::Answer;
use host_min::pool::{self, Job, Lifecycle, Pool};
use host_min::{one_line, Host, HostError, HostState};
use serde_json::json;
use std::hint::black_box;
use std::sync::atomic::AtomicU64;
use wasmtime::component::Component;
use wasmtime::{Config, InstanceAllocationStrategy, Store};

/// The languages, by the name their component has in out/plugins/.
pub const LANGUAGES: [(&str, &str); 4] = [("Python", "python"), ("JavaScript", "js"), ("C", "c"), ("Go", "go")];

#[derive(Debug, Clone)]
pub struct Language {
    pub name: &'static str,
    pub component_bytes: u64,
    pub compile_s: f64,
    pub compile_peak_mib: f64,
    pub artifact_bytes: u64,
    pub load_ns: Sample,
    pub instantiate_ns: Sample,
    /// `upper` per call, and its ratio to native Rust's, pair by pair.
    pub upper_12: (Sample, Sample),
    pub upper_1mib: (Sample, Sample),
    /// Fresh instances over two threads: calls per second and p50.
    pub serving: (f64, f64),
    pub peak_memory_bytes: usize,
}

const SHORT: &str = "hello, wasm!";

pub fn costs(options: &Options, plan: Plan) -> Result<Vec<Language>, HostError> {
    let long = "grüße, wasm! ".repeat((1 << 20) / 14);
    let host = Host::new()?;
    let pooled = pooling_host()?;
    let mut measured = Vec::new();
    for (name, file) in LANGUAGES {
        eprintln!("bench: languages: {name} ...");
        let path = options.out_dir.join(format!("plugins/{file}.wasm"));
        let bytes =
            std::fs::read(&path).map_err(|e| bench_error(format!("{}: {e} (run `make build`)", path.display())))?;
        let failed =
            |what: &'static str| move |e: wasmtime::Error| bench_error(format!("{name}: {what}: {}", one_line(&e)));

        // Compiling, once (seconds for Python and JavaScript, so one
        // sample): by `host-min compile` in a process of its own, whose
        // peak memory is the compile's; then here, for the tables below.
        let (compile_s, compile_peak_mib) = compile_apart(&path)?;
        let component = Component::new(host.engine(), &bytes).map_err(failed("compile"))?;
        let artifact = component.serialize().map_err(failed("serialize"))?;
        let load_ns = measure(plan.with_repeats(11), || {
            // SAFETY: the bytes are the artifact this engine made just above.
            black_box(unsafe { Component::deserialize(host.engine(), &artifact) }.is_ok());
        });

        // Pooled instantiation, with the pool sized for what these plugins hold.
        let in_pool = Component::new(pooled.engine(), &bytes).map_err(failed("compile for the pool"))?;
        let pre = pooled
            .component_linker()
            .instantiate_pre(&in_pool)
            .map_err(failed("instantiate_pre"))?;
        let pre = PluginPre::new(pre).map_err(failed("the plugin world"))?;
        let instantiate_ns = measure(plan.with_repeats(11), || {
            let mut store = Store::new(pooled.engine(), HostState::quiet());
            store.limiter(|state| &mut state.memory_cap);
            black_box(pre.instantiate(&mut store).is_ok());
        });

        // `upper` on a kept instance, in turns with native Rust.
        let mut plugin = ComponentPlugin::new(&host, &component, HostState::quiet())?;
        let mut upper = Vec::new();
        for input in [SHORT, long.as_str()] {
            let expected = Answer::Text(input.to_uppercase());
            check_equal(name, &expected, &plugin.call("upper", input)?)?;
            let mut native = || {
                black_box(black_box(input).to_uppercase());
            };
            let mut wasm = || {
                black_box(plugin.call("upper", input).is_ok());
            };
            let turns = Turns::measure(plan.with_repeats(11), &mut [&mut native, &mut wasm]);
            upper.push((turns.sample(1), turns.ratio(1, 0)));
        }
        let peak_memory_bytes = plugin.store().data().memory_cap.peak_bytes;

        measured.push(Language {
            name,
            component_bytes: bytes.len() as u64,
            compile_s,
            compile_peak_mib,
            artifact_bytes: artifact.len() as u64,
            load_ns,
            instantiate_ns,
            upper_12: upper[0],
            upper_1mib: upper[1],
            serving: serve(&artifact, plan)?,
            peak_memory_bytes,
        });
    }
    Ok(measured)
}

/// A pooling host whose slots fit an interpreter's component: a dozen
/// core instances, several tables of up to a million elements, each memory
/// up to the memory cap.
fn pooling_host() -> Result<Host, HostError> {
    let mut pool = pool::tuned_pooling(64, Limits::default().max_memory);
    pool.total_component_instances(16)
        .max_core_instances_per_component(32)
        .max_memories_per_component(4)
        .max_tables_per_component(16)
        .table_elements(1 << 20)
        .max_component_instance_size(1 << 20)
        .max_core_instance_size(1 << 20);
    let mut config = Config::new();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Host::with_config(config, Limits::default())
}

/// Serves `upper` of 12 bytes through the library's pool as `host-min call
/// --allow-precompiled ARTIFACT --calls N --threads 2` does: a host of its
/// own loads the artifact, and makes a fresh instance per call.
fn serve(artifact: &[u8], plan: Plan) -> Result<(f64, f64), HostError> {
    let host = Host::new()?;
    // SAFETY: the artifact was made by an engine of the same configuration,
    // in this process, moments ago.
    let component = unsafe { Component::deserialize(host.engine(), artifact) }
        .map_err(|e| bench_error(format!("deserialize: {}", one_line(&e))))?;
    let pool = Pool::new_component(host, &component)?;
    let job = Job {
        export: "upper",
        input: SHORT.as_bytes(),
        calls: if plan.repeats > 5 { 2_000 } else { 100 },
        threads: 2,
        lifecycle: Lifecycle::Fresh,
    };
    let mut tally = pool.serve(&job, &HostState::quiet, &AtomicU64::new(0));
    if let Some((_, _, message, _)) = tally.failures.first() {
        return Err(bench_error(format!("serving: {message}")));
    }
    Ok((tally.calls_per_second(), tally.percentile_us(0.5)))
}

/// `host-min compile PATH` in a child process (this very binary): the
/// seconds and peak MiB its line reports ("compiled in 9.64 s, 298 MiB
/// peak").
fn compile_apart(path: &std::path::Path) -> Result<(f64, f64), HostError> {
    let exe = std::env::current_exe().map_err(|e| bench_error(format!("cannot find host-min: {e}")))?;
    let scratch = std::env::temp_dir().join(format!("host-min-bench-{}.cwasm", std::process::id()));
    let ran = std::process::Command::new(exe)
        .arg("compile")
        .arg(path)
        .arg("-o")
        .arg(&scratch)
        .output()
        .map_err(|e| bench_error(format!("cannot run host-min compile: {e}")))?;
    let _ = std::fs::remove_file(&scratch);
    let line = String::from_utf8_lossy(&ran.stderr).into_owned();
    let figures = line
        .split_once("compiled in ")
        .and_then(|(_, rest)| rest.split_once(" MiB peak"))
        .and_then(|(figures, _)| figures.split_once(" s, "))
        .and_then(|(s, mib)| Some((s.parse().ok()?, mib.parse().ok()?)));
    figures.ok_or_else(|| bench_error(format!("host-min compile {}: {}", path.display(), line.trim())))
}

pub fn render(languages: &[Language]) -> String {
    use super::format::{ratio, spread};
    use std::fmt::Write;
    let mut out = String::from("\nlanguages (exercise 11): the plugin world in other languages, one column each\n");
    let row = |out: &mut String, label: &str, cells: Vec<String>| {
        let _ = write!(out, "  {label:<34}");
        for cell in cells {
            let _ = write!(out, " {cell:>30}");
        }
        let _ = writeln!(out);
    };
    row(&mut out, "", languages.iter().map(|l| l.name.to_string()).collect());
    let each = |f: &dyn Fn(&Language) -> String| languages.iter().map(f).collect::<Vec<_>>();
    row(&mut out, "component (bytes)", each(&|l| l.component_bytes.to_string()));
    row(&mut out, "compile (s)", each(&|l| format!("{:.2}", l.compile_s)));
    row(
        &mut out,
        "compile, peak memory (MiB)",
        each(&|l| format!("{:.0}", l.compile_peak_mib)),
    );
    row(&mut out, "artifact (bytes)", each(&|l| l.artifact_bytes.to_string()));
    row(&mut out, "load precompiled", each(&|l| spread(l.load_ns)));
    row(&mut out, "pooled instantiation", each(&|l| spread(l.instantiate_ns)));
    row(
        &mut out,
        "upper, 12 bytes",
        each(&|l| format!("{} {}", spread(l.upper_12.0), ratio(l.upper_12.1))),
    );
    row(
        &mut out,
        "upper, 1 MiB",
        each(&|l| format!("{} {}", spread(l.upper_1mib.0), ratio(l.upper_1mib.1))),
    );
    row(
        &mut out,
        "served fresh, 2 threads (calls/s)",
        each(&|l| format!("{:.0}", l.serving.0)),
    );
    row(
        &mut out,
        "peak linear memory (MiB)",
        each(&|l| format!("{:.1}", l.peak_memory_bytes as f64 / f64::from(1 << 20))),
    );
    out
}

pub fn to_json(languages: &[Language]) -> serde_json::Value {
    let mut all = serde_json::Map::new();
    for l in languages {
        all.insert(
            l.name.to_lowercase(),
            json!({
                "component_bytes": l.component_bytes,
                "compile_s": l.compile_s,
                "compile_peak_mib": l.compile_peak_mib,
                "artifact_bytes": l.artifact_bytes,
                "load_precompiled_ns": json_sample(l.load_ns),
                "instantiate_pooled_ns": json_sample(l.instantiate_ns),
                "upper_12_bytes_ns": json_sample(l.upper_12.0),
                "upper_12_bytes_x_native": json_sample(l.upper_12.1),
                "upper_1_mib_ns": json_sample(l.upper_1mib.0),
                "upper_1_mib_x_native": json_sample(l.upper_1mib.1),
                "serving_fresh_2_threads_calls_per_s": l.serving.0,
                "serving_fresh_2_threads_p50_us": l.serving.1,
                "peak_linear_memory_bytes": l.peak_memory_bytes,
            }),
        );
    }
    serde_json::Value::Object(all)
}
