//! WASI 0.2 beside preview 1 (docs/10-wasi-0.2.md), from the same Rust
//! sources built for wasm32-wasip1 and wasm32-wasip2 (guest-fs/src/):
//! - **start-up**: `run` of a std hello as a whole process, start to exit,
//!   on host-min and on the wasmtime CLI, with their compile caches and
//!   without, all timed in turns;
//! - **writes**: 100,000 writes of 16 bytes to a file in a grant, inside
//!   this process, through host-min's preview 1 and its WASI 0.2.
//!
//! Every run's output is checked: the hello's line, the file's size.

use super::measure::{bench_error, Options, Plan, Sample, Turns};
use host_min::{Host, HostError, HostState, Wasm};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone)]
pub struct StartupRow {
    pub runtime: &'static str,
    pub target: &'static str,
    pub wall_ms: Sample,
}

#[derive(Debug, Clone)]
pub struct WasiCosts {
    /// Process start to exit; empty if the wasmtime CLI is not on PATH.
    pub startup: Vec<StartupRow>,
    /// host-min's wall time over the wasmtime CLI's, run by run (wasip2):
    /// with both caches, and with neither.
    pub startup_ratio_p2: Option<Sample>,
    pub startup_ratio_p2_no_cache: Option<Sample>,
    pub writes: u64,
    pub writes_p1_ms: Sample,
    pub writes_p2_ms: Sample,
    /// WASI 0.2 over preview 1, run by run.
    pub writes_ratio: Sample,
    pub hello_bytes: [(&'static str, u64); 2],
    /// What each hello imports: interfaces (modules), functions, resource types.
    pub hello_imports: [(&'static str, Imports); 2],
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Imports {
    pub interfaces: u64,
    pub functions: u64,
    pub resources: u64,
}

/// Counts a hello's imports: a core module's by module name and function;
/// a component's by imported instance, with the functions (resource
/// methods included) and resource types each instance holds.
fn imports_of(host: &Host, path: &Path) -> Result<Imports, HostError> {
    use wasmtime::component::types::ComponentItem;
    let mut counted = Imports::default();
    match host.load_any(path)? {
        Wasm::Module(module) => {
            let mut modules: Vec<&str> = module.imports().map(|i| i.module()).collect();
            counted.functions = modules.len() as u64;
            modules.dedup();
            counted.interfaces = modules.len() as u64;
        }
        Wasm::Component(component) => {
            let engine = host.engine();
            for (_, item) in component.component_type().imports(engine) {
                let ComponentItem::ComponentInstance(instance) = item.ty else {
                    continue;
                };
                counted.interfaces += 1;
                for (_, export) in instance.exports(engine) {
                    match export.ty {
                        ComponentItem::ComponentFunc(_) => counted.functions += 1,
                        ComponentItem::Resource(_) => counted.resources += 1,
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(counted)
}

const HELLO: &str = "hello, world\n";

pub fn costs(options: &Options, plan: Plan) -> Result<WasiCosts, HostError> {
    let out = &options.out_dir;
    let hellos = [
        ("wasip1", out.join("hello-p1.wasm")),
        ("wasip2", out.join("p2/hello.wasm")),
    ];
    let hello_bytes = hellos
        .clone()
        .map(|(target, path)| (target, std::fs::metadata(path).map_or(0, |m| m.len())));
    let host = Host::new()?;
    let hello_imports = [
        ("wasip1", imports_of(&host, &hellos[0].1)?),
        ("wasip2", imports_of(&host, &hellos[1].1)?),
    ];
    let (startup, [startup_ratio_p2, startup_ratio_p2_no_cache]) = startup(&hellos, plan)?;
    let writes = if options.quick { 10_000 } else { 100_000 };
    let (p1, p2, ratio) = writes_p1_p2(out, writes, plan.with_repeats(7))?;
    Ok(WasiCosts {
        startup,
        startup_ratio_p2,
        startup_ratio_p2_no_cache,
        writes,
        writes_p1_ms: p1,
        writes_p2_ms: p2,
        writes_ratio: ratio,
        hello_bytes,
        hello_imports,
    })
}

/// One `PROGRAM ARGS...` process, which must print the hello line.
fn run_hello(program: &Path, args: &[String]) -> Result<(), HostError> {
    let ran = Command::new(program).args(args).output();
    let ran = ran.map_err(|e| bench_error(format!("cannot start {}: {e}", program.display())))?;
    if !ran.status.success() || ran.stdout != HELLO.as_bytes() {
        let said = String::from_utf8_lossy(&ran.stderr);
        return Err(bench_error(format!("{} {args:?} failed: {said}", program.display())));
    }
    Ok(())
}

/// Each hello on both runtimes as a user meets them: with their compile
/// caches (the wasmtime CLI keeps one by default, host-min too, cache.rs),
/// so each run after the first loads compiled code; and the wasip2 hello
/// with no cache on either, compiling every time.
fn startup(
    hellos: &[(&'static str, PathBuf); 2],
    plan: Plan,
) -> Result<(Vec<StartupRow>, [Option<Sample>; 2]), HostError> {
    let host_min = std::env::current_exe().map_err(|e| bench_error(format!("no path to host-min: {e}")))?;
    let wasmtime = PathBuf::from("wasmtime");
    let have_wasmtime = Command::new(&wasmtime).arg("--version").output().is_ok();
    if !have_wasmtime {
        eprintln!("bench: the wasmtime CLI is not on PATH; start-up is timed on host-min alone");
    }
    let arg = |s: &str| s.to_string();
    let module = |i: usize| hellos[i].1.display().to_string();
    let mut runs: Vec<(&'static str, &'static str, PathBuf, Vec<String>)> = Vec::new();
    for (i, (target, _)) in hellos.iter().enumerate() {
        runs.push(("host-min", target, host_min.clone(), vec![arg("run"), module(i)]));
        if have_wasmtime {
            runs.push(("wasmtime CLI", target, wasmtime.clone(), vec![arg("run"), module(i)]));
        }
    }
    runs.push((
        "host-min, no cache",
        "wasip2",
        host_min.clone(),
        vec![arg("run"), arg("--no-cache"), module(1)],
    ));
    if have_wasmtime {
        let args = vec![arg("run"), arg("-C"), arg("cache=n"), module(1)];
        runs.push(("wasmtime CLI, no cache", "wasip2", wasmtime.clone(), args));
    }
    // Each once first (which also fills both caches), so a failure is an
    // error, not a panic inside a turn.
    for (_, _, program, args) in &runs {
        run_hello(program, args)?;
    }
    let mut steps: Vec<Box<dyn FnMut()>> = runs
        .iter()
        .map(|(_, _, program, args)| {
            let (program, args) = (program.clone(), args.clone());
            Box::new(move || run_hello(&program, &args).expect("ran once already")) as Box<dyn FnMut()>
        })
        .collect();
    let mut refs: Vec<&mut dyn FnMut()> = steps.iter_mut().map(|s| &mut **s as &mut dyn FnMut()).collect();
    let turns = Turns::measure(
        Plan {
            min_repeat_ns: 1,
            ..plan.with_repeats(21)
        },
        &mut refs,
    );
    let rows = runs
        .iter()
        .enumerate()
        .map(|(i, (runtime, target, _, _))| StartupRow {
            runtime,
            target,
            wall_ms: ms(turns.sample(i)),
        })
        .collect();
    // Steps: 0-1 wasip1, 2-3 wasip2, 4-5 wasip2 without caches.
    let ratios = [
        have_wasmtime.then(|| turns.ratio(2, 3)),
        have_wasmtime.then(|| turns.ratio(4, 5)),
    ];
    Ok((rows, ratios))
}

fn ms(s: Sample) -> Sample {
    Sample {
        median_ns: s.median_ns / 1e6,
        min_ns: s.min_ns / 1e6,
        max_ns: s.max_ns / 1e6,
    }
}

/// `writes N` through each WASI, compiled once, run in turns: each run a
/// fresh instance writing a fresh file in a temporary grant.
fn writes_p1_p2(out: &Path, n: u64, plan: Plan) -> Result<(Sample, Sample, Sample), HostError> {
    let host = Host::new()?;
    let p1 = host.load_any(&out.join("writes-p1.wasm"))?;
    let p2 = host.load_any(&out.join("p2/writes.wasm"))?;
    let grant = std::env::temp_dir().join(format!("host-min-bench-writes-{}", std::process::id()));
    std::fs::create_dir_all(&grant).map_err(|e| bench_error(format!("cannot make {}: {e}", grant.display())))?;
    let run = |wasm: &Wasm| -> Result<(), HostError> {
        let mut state = HostState::quiet();
        state.wasi.args = vec!["writes".into(), n.to_string()];
        state
            .fds
            .preopen(&grant, ".")
            .map_err(|e| bench_error(format!("cannot grant {}: {e}", grant.display())))?;
        let status = match wasm {
            Wasm::Module(module) => host.run_command(module, state)?,
            Wasm::Component(component) => host.run_component(component, state)?,
        };
        let size = std::fs::metadata(grant.join("writes.out")).map_or(0, |m| m.len());
        if status != 0 || size != 16 * n {
            return Err(bench_error(format!(
                "writes {n}: status {status}, {size} bytes written"
            )));
        }
        Ok(())
    };
    run(&p1)?;
    run(&p2)?;
    let (mut one, mut two) = (|| run(&p1).expect("ran once"), || run(&p2).expect("ran once"));
    let turns = Turns::measure(
        Plan {
            min_repeat_ns: 1,
            ..plan
        },
        &mut [&mut one, &mut two],
    );
    let _ = std::fs::remove_dir_all(&grant);
    Ok((ms(turns.sample(0)), ms(turns.sample(1)), turns.ratio(1, 0)))
}

pub fn render(w: &WasiCosts) -> String {
    use std::fmt::Write;
    let mut text = String::from("\nWASI 0.2 beside preview 1 (docs/10-wasi-0.2.md)\n");
    let _ = writeln!(text, "  std hello, `run` start to exit, ms: median (min-max)");
    for row in &w.startup {
        let s = row.wall_ms;
        let _ = writeln!(
            text,
            "    {:<23} {:<7} {:>7.2} ({:.2}-{:.2})",
            row.runtime, row.target, s.median_ns, s.min_ns, s.max_ns
        );
    }
    if let Some(r) = w.startup_ratio_p2 {
        let _ = writeln!(
            text,
            "    host-min / wasmtime CLI, wasip2, both cached: {:.2}x ({:.2}-{:.2}); target <= 1.00: {}",
            r.median_ns,
            r.min_ns,
            r.max_ns,
            if r.median_ns <= 1.0 { "met" } else { "MISSED" }
        );
    }
    if let Some(r) = w.startup_ratio_p2_no_cache {
        let _ = writeln!(
            text,
            "    host-min / wasmtime CLI, wasip2, neither cached: {:.2}x ({:.2}-{:.2})",
            r.median_ns, r.min_ns, r.max_ns
        );
    }
    for ((target, bytes), (_, i)) in w.hello_bytes.iter().zip(&w.hello_imports) {
        let _ = writeln!(
            text,
            "    hello, {target}: {bytes} bytes; imports {} functions from {} interfaces, {} resource types",
            i.functions, i.interfaces, i.resources
        );
    }
    let (p1, p2, r) = (w.writes_p1_ms, w.writes_p2_ms, w.writes_ratio);
    let _ = writeln!(
        text,
        "  {} writes of 16 bytes to a granted file, host-min, ms:",
        w.writes
    );
    let _ = writeln!(
        text,
        "    preview 1 {:>8.1} ({:.1}-{:.1})",
        p1.median_ns, p1.min_ns, p1.max_ns
    );
    let _ = writeln!(
        text,
        "    WASI 0.2  {:>8.1} ({:.1}-{:.1})",
        p2.median_ns, p2.min_ns, p2.max_ns
    );
    let _ = writeln!(
        text,
        "    0.2 / preview 1: {:.2}x ({:.2}-{:.2}); target <= 1.50: {}",
        r.median_ns,
        r.min_ns,
        r.max_ns,
        if r.median_ns <= 1.5 { "met" } else { "MISSED" }
    );
    text
}

pub fn to_json(w: &WasiCosts) -> serde_json::Value {
    let sample = |s: Sample| serde_json::json!({"median": s.median_ns, "min": s.min_ns, "max": s.max_ns});
    serde_json::json!({
        "startup_ms": w.startup.iter().map(|r| serde_json::json!({
            "runtime": r.runtime, "target": r.target, "wall": sample(r.wall_ms)
        })).collect::<Vec<_>>(),
        "startup_ratio_p2": w.startup_ratio_p2.map(sample),
        "startup_ratio_p2_no_cache": w.startup_ratio_p2_no_cache.map(sample),
        "writes": w.writes,
        "writes_p1_ms": sample(w.writes_p1_ms),
        "writes_p2_ms": sample(w.writes_p2_ms),
        "writes_ratio": sample(w.writes_ratio),
        "hello_bytes": w.hello_bytes.iter().map(|(t, b)| (t.to_string(), serde_json::json!(b))).collect::<serde_json::Map<_, _>>(),
        "hello_imports": w.hello_imports.iter().map(|(t, i)| (t.to_string(), serde_json::json!({
            "interfaces": i.interfaces, "functions": i.functions, "resources": i.resources
        }))).collect::<serde_json::Map<_, _>>(),
    })
}
