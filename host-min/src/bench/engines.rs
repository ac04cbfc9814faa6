//! The engines table: the same guest-raw.wasm and the same kernels under
//! wasmtime's two compilers and its interpreter, and under V8 (Node) with and
//! without its optimising tier. Each engine's compile time for guest-raw, its
//! time per kernel, and its ratio to native, taken in turns with native.

use super::format::json_sample;
use super::kernels::{self, KernelRow, WasmKernels, KERNELS};
use super::measure::{bench_error, check_equal, measure, Options, Plan, Sample, Turns};
use host_min::limits::Limits;
use host_min::{one_line, Host, HostError};
use serde_json::json;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use wasmtime::{Config, Module, OptLevel, Strategy};

/// One engine's row: compile time of guest-raw.wasm, and per kernel its time
/// and its ratio to native (median and range of the pairs).
#[derive(Debug, Clone)]
pub struct EngineRow {
    pub engine: &'static str,
    pub compile_ms: Option<f64>,
    pub kernels: Vec<(Sample, Sample)>,
    pub when: &'static str,
}

type Setup = fn(&mut Config) -> wasmtime::Result<()>;

const WASMTIME_ENGINES: [(&str, Setup, &str); 3] = [
    (
        "wasmtime Cranelift, opt-level none",
        |c| {
            c.cranelift_opt_level(OptLevel::None);
            Ok(())
        },
        "rarely: it compiles barely faster than the default and runs slower",
    ),
    (
        "wasmtime Winch (baseline compiler)",
        |c| {
            c.strategy(Strategy::Winch);
            Ok(())
        },
        "short-lived or many modules, where compile time is most of the cost",
    ),
    (
        "wasmtime Pulley (interpreter)",
        |c| {
            c.target("pulley64")?;
            Ok(())
        },
        "where native code cannot be generated or loaded (no JIT allowed, an unsupported CPU)",
    ),
];

const CRANELIFT_WHEN: &str = "the default for long-running or hot code: compile once, run near native";

/// Every engine of the table; Cranelift's defaults reuse the main table's
/// wasm column, and the native ceiling its wide column.
pub fn compare(options: &Options, plan: Plan, main: &[KernelRow]) -> Result<Vec<EngineRow>, HostError> {
    let guest_raw = options.out_dir.join("guest-raw.wasm");
    let bytes = std::fs::read(&guest_raw).map_err(|e| bench_error(format!("{}: {e}", guest_raw.display())))?;
    let compiles = Plan {
        repeats: if options.quick { 3 } else { 5 },
        min_repeat_ns: 0,
    };
    let mut rows = vec![EngineRow {
        engine: "wasmtime Cranelift (defaults)",
        compile_ms: Some(compile_ms(&Host::new()?, &bytes, compiles)),
        kernels: main.iter().map(|k| (k.wasm, k.ratio)).collect(),
        when: CRANELIFT_WHEN,
    }];
    let inputs = kernels::inputs();
    let expected = kernels::native_results(&inputs);
    let mut out = vec![0.0; kernels::MATRIX_N * kernels::MATRIX_N];
    for (engine, setup, when) in WASMTIME_ENGINES {
        let mut config = Config::new();
        setup(&mut config).map_err(|e| bench_error(format!("{engine}: {}", one_line(&e))))?;
        let limits = Limits::default();
        limits.configure(&mut config);
        let host = Host::with_config(config, limits)?;
        let mut wasm = WasmKernels::load(&host, &guest_raw, &inputs)?;
        let mut kernels = Vec::new();
        for index in 0..KERNELS.len() {
            let mut native = kernels::native_step(index, &inputs, &mut out, false);
            let mut step = wasm.checked_step(index, &expected)?;
            let turns = Turns::measure(plan, &mut [&mut native, &mut step]);
            kernels.push((turns.sample(1), turns.ratio(1, 0)));
        }
        rows.push(EngineRow {
            engine,
            compile_ms: Some(compile_ms(&host, &bytes, compiles)),
            kernels,
            when,
        });
    }
    for (engine, flags, when) in [
        (
            "V8 in Node (default tiering)",
            &[][..],
            "JavaScript hosts: Liftoff starts at once, TurboFan takes over hot functions",
        ),
        (
            "V8 in Node, Liftoff only",
            &["--liftoff", "--no-wasm-tier-up"][..],
            "seldom on purpose: it is the tier V8 runs before hot code is optimised",
        ),
    ] {
        // V8 compiles lazily, each function on its first call: a compile
        // figure from that process would be little more than decoding. So the
        // figure comes from a second process that compiles every function up
        // front, with the same tiers.
        let eager: Vec<&str> = flags.iter().copied().chain(["--no-wasm-lazy-compilation"]).collect();
        let compile_ms = V8::start(&eager, &guest_raw)?.compile_ms;
        let mut v8 = V8::start(flags, &guest_raw)?;
        let mut kernels = Vec::new();
        for (index, &want) in expected.iter().enumerate() {
            check_equal(KERNELS[index], want, v8.check(index)?)?;
            let runs = v8.runs_per_repeat(index, plan)?;
            let mut native = kernels::native_step(index, &inputs, &mut out, false);
            let mut failed = None;
            let mut step = || {
                if let Err(e) = v8.run(index, runs) {
                    failed.get_or_insert(e);
                }
            };
            let mut turns = Turns::measure(plan, &mut [&mut native, &mut step]);
            if let Some(e) = failed {
                return Err(e);
            }
            turns.scale(1, 1.0 / runs as f64); // one step ran the kernel `runs` times
            kernels.push((turns.sample(1), turns.ratio(1, 0)));
        }
        rows.push(EngineRow {
            engine,
            compile_ms: Some(compile_ms),
            kernels,
            when,
        });
    }
    if kernels::wide_features() {
        rows.push(EngineRow {
            engine: "native, target-cpu=native features (ceiling)",
            compile_ms: None,
            kernels: main.iter().map(|k| (k.native_wide, k.wide_ratio)).collect(),
            when: "out of reach for wasm: AVX-512 vectors are four times as wide as simd128's",
        });
    }
    Ok(rows)
}

fn compile_ms(host: &Host, bytes: &[u8], plan: Plan) -> f64 {
    let sample = measure(plan, || {
        black_box(Module::new(host.engine(), bytes).is_ok());
    });
    sample.median_ns / 1e6
}

/// A Node process running bench/v8.mjs, answering one line per command.
struct V8 {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    compile_ms: f64,
}

impl V8 {
    fn start(flags: &[&str], module: &Path) -> Result<V8, HostError> {
        let mut child = Command::new("node")
            .args(flags)
            .args(["--input-type=module", "-e", include_str!("v8.mjs")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| bench_error(format!("cannot start node for the V8 rows: {e}")))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut v8 = V8 {
            child,
            stdin,
            stdout,
            compile_ms: 0.0,
        };
        let compiled = v8.ask(&format!("load {}", module.display()), "compiled")?;
        v8.compile_ms = compiled
            .parse()
            .map_err(|_| bench_error(format!("V8: bad answer {compiled}")))?;
        Ok(v8)
    }

    /// Sends one command and returns the answer after `expect` and a space.
    fn ask(&mut self, command: &str, expect: &str) -> Result<String, HostError> {
        let lost = |e: std::io::Error| bench_error(format!("V8 (node): {e}"));
        writeln!(self.stdin, "{command}").map_err(lost)?;
        self.stdin.flush().map_err(lost)?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).map_err(lost)?;
        let line = line.trim_end();
        match line.strip_prefix(expect) {
            Some(rest) => Ok(rest.trim_start().to_string()),
            None if line.is_empty() => Err(bench_error("V8 (node) ended without an answer")),
            None => Err(bench_error(format!("V8 (node) answered `{command}` with: {line}"))),
        }
    }

    fn check(&mut self, kernel: usize) -> Result<u64, HostError> {
        let result = self.ask(&format!("check {kernel}"), "result")?;
        result
            .parse()
            .map_err(|_| bench_error(format!("V8: bad result {result}")))
    }

    fn run(&mut self, kernel: usize, runs: u64) -> Result<(), HostError> {
        self.ask(&format!("run {kernel} {runs}"), "done").map(drop)
    }

    /// Enough runs in one command to fill a repeat, so the pipe's round trip
    /// is a small part of what is timed.
    fn runs_per_repeat(&mut self, kernel: usize, plan: Plan) -> Result<u64, HostError> {
        let started = std::time::Instant::now();
        self.run(kernel, 1)?;
        let one = started.elapsed().as_nanos().max(1) as u64;
        Ok((plan.min_repeat_ns / one).max(1))
    }
}

impl Drop for V8 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The engines table, as printed.
pub fn render(rows: &[EngineRow]) -> String {
    use super::format::{ratio, spread};
    use std::fmt::Write;
    let mut out = String::new();
    let _ = write!(out, "{:<46} {:>10}", "engine (guest-raw.wasm, plain)", "compile");
    for name in KERNELS {
        let _ = write!(out, " {:>36}", name);
    }
    let _ = writeln!(out);
    for row in rows {
        let compile = row.compile_ms.map_or("-".to_string(), |ms| format!("{ms:.2} ms"));
        let _ = write!(out, "{:<46} {compile:>10}", row.engine);
        for (time, over_native) in &row.kernels {
            let _ = write!(out, " {:>36}", format!("{} {}", spread(*time), ratio(*over_native)));
        }
        let _ = writeln!(out, "\n{:<46} when: {}", "", row.when);
    }
    out.push('\n');
    out
}

/// The `engines` key of the JSON report.
pub fn to_json(rows: &[EngineRow]) -> serde_json::Value {
    let rows: Vec<_> = rows
        .iter()
        .map(|row| {
            let kernels: Vec<_> = row
                .kernels
                .iter()
                .zip(KERNELS)
                .map(|((time, over_native), name)| {
                    json!({
                        "name": name,
                        "ns": time.median_ns,
                        "ratio": over_native.median_ns,
                        "time": json_sample(*time),
                        "over_native": json_sample(*over_native),
                    })
                })
                .collect();
            json!({"engine": row.engine, "compile_ms": row.compile_ms, "kernels": kernels})
        })
        .collect();
    json!(rows)
}
