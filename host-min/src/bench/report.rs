//! The benchmark's report: what was measured, on what, as readable tables
//! and as JSON (`--json FILE`). The targets are checked here, in the output,
//! never by a timed test.

use super::allocators::AllocatorRow;
use super::boundary::BoundaryCosts;
use super::components::{self, ComponentCosts};
use super::engines::EngineRow;
use super::kernels::{KernelRow, SafetyRow, KERNELS};
use super::serving::{self, Serving};
use super::{judges_host_costs, Options, Sample, BUILD_PROFILE};
use std::fmt::Write;

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cpu: String,
    pub rustc: String,
    pub quick: bool,
    pub kernels: Vec<KernelRow>,
    pub safety: Vec<SafetyRow>,
    pub engines: Vec<EngineRow>,
    pub boundary: Option<BoundaryCosts>,
    pub components: Option<ComponentCosts>,
    pub allocators: Vec<AllocatorRow>,
    pub sizes: Vec<(String, u64)>,
    pub serving: Option<Serving>,
    pub wasi: Option<super::wasi::WasiCosts>,
}

pub const WASMTIME: &str = "48.0.8";
pub const FLAGS: &str = "native: the guest-raw rlib inside host-min, x86-64 baseline (SSE2), \
opt-level 3; wide: the same source inlined under the target features target-cpu=native enables here; \
wasm: guest-raw for wasm32-unknown-unknown, opt-level 3, fat LTO, one codegen unit; \
simd128 adds -C target-feature=+simd128. Ratios are over native, pair by pair: median [min-max]";
/// The goal for the best wasm build's geometric mean over native.
pub const GEOMEAN_TARGET: f64 = 1.2;

/// What the build profile in the header means.
pub fn build_line() -> String {
    let what = match BUILD_PROFILE {
        "release" => "opt-level 3, fat LTO, one codegen unit: the build the targets are for",
        "dev" => "opt-level 3 without LTO: kernels honest; host-side costs not judged (run `make bench`)",
        _ => "a custom profile: host-side costs not judged (run `make bench`)",
    };
    format!("build profile: {BUILD_PROFILE} ({what})")
}

impl Report {
    pub fn describe_machine(options: &Options) -> Report {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let model = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|l| l.trim_start_matches([' ', '\t', ':']));
        let cores = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
        let rustc = std::process::Command::new("rustc").arg("--version").output().ok();
        Report {
            cpu: format!("{} ({cores} cores)", model.unwrap_or("unknown CPU")),
            rustc: rustc
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default(),
            quick: options.quick,
            ..Report::default()
        }
    }

    pub fn geomean_ratio(&self) -> f64 {
        geomean(self.kernels.iter().map(|k| k.ratio.median_ns))
    }

    pub fn geomean_simd_ratio(&self) -> f64 {
        geomean(self.kernels.iter().map(|k| k.simd_ratio.median_ns))
    }

    /// The tables printed on stdout.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let repeats = if self.quick {
            "--quick: 5 repeats"
        } else {
            "21 repeats; safety 11, engines 7"
        };
        let _ = writeln!(
            out,
            "wasm-by-hand bench ({repeats}; times are median [min-max] per call)"
        );
        let _ = writeln!(out, "cpu: {}; {}; wasmtime {WASMTIME}", self.cpu, self.rustc);
        let _ = writeln!(out, "{}", build_line());
        let _ = writeln!(out, "{FLAGS}\n");
        let _ = writeln!(
            out,
            "{:<19} {:>25} {:>25} {:>25} {:>18} {:>25} {:>18}",
            "kernel", "native", "native wide", "wasm", "ratio", "wasm simd128", "ratio"
        );
        for k in &self.kernels {
            let _ = writeln!(
                out,
                "{:<19} {:>25} {:>25} {:>25} {:>18} {:>25} {:>18}",
                k.name,
                spread(k.native),
                spread(k.native_wide),
                spread(k.wasm),
                ratio(k.ratio),
                spread(k.simd),
                ratio(k.simd_ratio)
            );
        }
        let geomean = self.geomean_ratio();
        // The best honest build is simd128: baseline x86-64 has SSE2 vectors,
        // so native code is vectorised too.
        let best = geomean.min(self.geomean_simd_ratio());
        let _ = writeln!(
            out,
            "geometric mean of wasm/native: {geomean:.2}x plain, {:.2}x with simd128; best build {best:.2}x, target <= {GEOMEAN_TARGET:.2}x: {}\n",
            self.geomean_simd_ratio(),
            verdict(best <= GEOMEAN_TARGET)
        );

        for (build, simd) in [("plain", false), ("simd128", true)] {
            let _ = write!(out, "{:<33}", format!("cost of safety, {build} (x native)"));
            for name in KERNELS {
                let _ = write!(out, " {name:>19}");
            }
            let _ = writeln!(out, "{}", if simd { "" } else { "  why" });
            for row in &self.safety {
                let _ = write!(out, "{:<33}", row.name);
                for ratio in if simd { &row.simd_ratios } else { &row.ratios } {
                    let _ = write!(out, " {:>18.2}x", ratio);
                }
                let _ = writeln!(out, "{}", if simd { String::new() } else { format!("  {}", row.why) });
            }
            let _ = writeln!(out);
        }
        out.push_str(&super::engines::render(&self.engines));

        if let Some(b) = &self.boundary {
            let gbps = 2.0 * (1 << 20) as f64 / b.buffer_in_out_ns.median_ns;
            let speedup = b.compile_ns.median_ns / b.deserialize_ns.median_ns;
            let judged = |met: bool, what: &str| match judges_host_costs() {
                true => target(met, what),
                false => format!("target {what} is for the release build: not judged"),
            };
            let rows = [
                (
                    "host -> guest typed call (fib(0))",
                    b.host_to_guest_ns,
                    judged(b.host_to_guest_ns.median_ns <= 15.0, "<= 15 ns"),
                ),
                (
                    "  the same, untyped Func::call",
                    b.host_to_guest_untyped_ns,
                    String::new(),
                ),
                (
                    "guest -> host call (empty import)",
                    b.guest_to_host_ns,
                    judged(b.guest_to_host_ns.median_ns <= 10.0, "<= 10 ns"),
                ),
                (
                    "1 MiB in + 1 MiB out via alloc + memory",
                    b.buffer_in_out_ns,
                    format!("{gbps:.1} GB/s"),
                ),
                (
                    "instantiate: fresh Store + Instance",
                    b.instantiate_fresh_ns,
                    String::new(),
                ),
                ("instantiate: InstancePre", b.instantiate_pre_ns, String::new()),
                (
                    "instantiate: InstancePre + pooling (tuned)",
                    b.instantiate_pooling_ns,
                    judged(b.instantiate_pooling_ns.median_ns <= 2000.0, "<= 2 us"),
                ),
                (
                    "  the same for abi-twin.wasm (1 page)",
                    b.instantiate_pooling_twin_ns,
                    String::new(),
                ),
                ("  only Store::new + drop (HostState)", b.store_only_ns, String::new()),
                ("compile guest-raw.wasm from bytes", b.compile_ns, String::new()),
                (
                    "load it precompiled (deserialize_file)",
                    b.deserialize_ns,
                    format!("{speedup:.0}x faster; target >= 50x: {}", verdict(speedup >= 50.0)),
                ),
            ];
            let _ = writeln!(out, "\nboundary");
            for (what, sample, note) in rows {
                let _ = writeln!(out, "  {what:<48} {:>30}  {note}", spread(sample));
            }
            let _ = writeln!(out, "  pooled instantiation, one setting at a time (cumulative):");
            for (what, sample) in &b.instantiate_pooling_steps {
                let _ = writeln!(out, "    {what:<46} {:>30}", spread(*sample));
            }
        }

        if let Some(c) = &self.components {
            out.push_str(&components::render(c));
        }
        let _ = writeln!(
            out,
            "\n{:<24} {:>10} {:>30} {:>22}",
            "allocator", ".wasm", "alloc + free", "memory after churn"
        );
        for a in &self.allocators {
            let size = if a.wasm_bytes == 0 {
                "-".to_string()
            } else {
                a.wasm_bytes.to_string()
            };
            let memory = if a.memory_after_bytes == 0 {
                "-".to_string()
            } else {
                a.memory_after_bytes.to_string()
            };
            let _ = writeln!(
                out,
                "{:<24} {size:>10} {:>30} {memory:>22}",
                a.name,
                spread(a.alloc_free_ns)
            );
        }
        let _ = writeln!(out, "\nsizes (bytes)");
        for (path, bytes) in &self.sizes {
            let _ = writeln!(out, "  {path:<40} {bytes:>9}");
        }
        if let Some(serving) = &self.serving {
            out.push_str(&serving::render(serving, |met, what| match judges_host_costs() {
                true => target(met, what),
                false => format!("target {what} is for the release build: not judged"),
            }));
        }
        if let Some(wasi) = &self.wasi {
            out.push_str(&super::wasi::render(wasi));
        }
        out
    }

    /// The machine-readable report (`--json FILE`).
    pub fn to_json(&self) -> String {
        let sample = |s: Sample| {
            format!(
                "{{\"median_ns\": {:.3}, \"min_ns\": {:.3}, \"max_ns\": {:.3}}}",
                s.median_ns, s.min_ns, s.max_ns
            )
        };
        let kernels: Vec<String> = self
            .kernels
            .iter()
            .map(|k| {
                format!(
                    "{{\"name\": {}, \"native_ns\": {:.1}, \"wasm_ns\": {:.1}, \"ratio\": {:.4}, \"simd_ns\": {:.1}, \"simd_ratio\": {:.4}, \"native_wide_ns\": {:.1}, \"native_wide_ratio\": {:.4}, \"native\": {}, \"wasm\": {}, \"simd\": {}, \"ratio_range\": [{:.4}, {:.4}], \"simd_ratio_range\": [{:.4}, {:.4}]}}",
                    quote(k.name), k.native.median_ns, k.wasm.median_ns, k.ratio.median_ns,
                    k.simd.median_ns, k.simd_ratio.median_ns, k.native_wide.median_ns, k.wide_ratio.median_ns,
                    sample(k.native), sample(k.wasm), sample(k.simd),
                    k.ratio.min_ns, k.ratio.max_ns, k.simd_ratio.min_ns, k.simd_ratio.max_ns
                )
            })
            .collect();
        let safety: Vec<String> = self
            .safety
            .iter()
            .map(|r| {
                format!(
                    "{{\"name\": {}, \"ratios\": [{}], \"simd_ratios\": [{}]}}",
                    quote(r.name),
                    numbers(&r.ratios),
                    numbers(&r.simd_ratios)
                )
            })
            .collect();
        let allocators: Vec<String> = self
            .allocators
            .iter()
            .map(|a| {
                format!(
                    "{{\"name\": {}, \"wasm_bytes\": {}, \"alloc_free_ns\": {:.2}, \"memory_after_bytes\": {}}}",
                    quote(a.name),
                    a.wasm_bytes,
                    a.alloc_free_ns.median_ns,
                    a.memory_after_bytes
                )
            })
            .collect();
        let sizes: Vec<String> = self.sizes.iter().map(|(p, b)| format!("{}: {b}", quote(p))).collect();
        let mut json = format!(
            "{{\n  \"cpu\": {}, \"rustc\": {}, \"wasmtime\": {}, \"build_profile\": {}, \"quick\": {},\n  \"geomean_ratio\": {:.4},\n  \"geomean_simd_ratio\": {:.4},\n  \"kernels\": [\n    {}\n  ],\n  \"safety\": [\n    {}\n  ],\n  \"allocators\": [\n    {}\n  ],\n  \"sizes\": {{{}}}",
            quote(&self.cpu), quote(&self.rustc), quote(WASMTIME), quote(BUILD_PROFILE), self.quick, self.geomean_ratio(), self.geomean_simd_ratio(),
            kernels.join(",\n    "), safety.join(",\n    "), allocators.join(",\n    "), sizes.join(", ")
        );
        if let Some(b) = &self.boundary {
            let _ = write!(
                json,
                ",\n  \"call_host_to_guest_ns\": {:.2},\n  \"call_host_to_guest_untyped_ns\": {:.2},\n  \"call_guest_to_host_ns\": {:.2},\n  \"buffer_in_out_ns\": {:.1},\n  \"instantiate_us\": {{\"fresh\": {:.3}, \"instance_pre\": {:.3}, \"pooling\": {:.3}, \"pooling_twin\": {:.3}, \"store_only\": {:.3}}},\n  \"compile_ms\": {:.3},\n  \"deserialize_ms\": {:.4}",
                b.host_to_guest_ns.median_ns, b.host_to_guest_untyped_ns.median_ns, b.guest_to_host_ns.median_ns, b.buffer_in_out_ns.median_ns,
                b.instantiate_fresh_ns.median_ns / 1e3, b.instantiate_pre_ns.median_ns / 1e3, b.instantiate_pooling_ns.median_ns / 1e3,
                b.instantiate_pooling_twin_ns.median_ns / 1e3, b.store_only_ns.median_ns / 1e3,
                b.compile_ns.median_ns / 1e6, b.deserialize_ns.median_ns / 1e6
            );
        }
        let _ = write!(json, ",\n  \"engines\": {}", super::engines::to_json(&self.engines));
        if let Some(c) = &self.components {
            let _ = write!(json, ",\n  \"components\": {}", components::to_json(c));
        }
        if let Some(s) = &self.serving {
            let _ = write!(json, ",\n  \"serving\": {}", serving::to_json(s));
        }
        if let Some(w) = &self.wasi {
            let _ = write!(json, ",\n  \"wasi\": {}", super::wasi::to_json(w));
        }
        json.push_str("\n}\n");
        json
    }
}

fn geomean(ratios: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = ratios.fold((0.0, 0), |(sum, count), r| (sum + r.ln(), count + 1));
    if count == 0 {
        f64::NAN
    } else {
        (sum / count as f64).exp()
    }
}

/// "1.23, 4.56" for a JSON array.
pub fn numbers(values: &[f64]) -> String {
    values.iter().map(|x| format!("{x:.4}")).collect::<Vec<_>>().join(", ")
}

/// "1.23x [1.20-1.30]"
pub fn ratio(s: Sample) -> String {
    format!("{:.2}x [{:.2}-{:.2}]", s.median_ns, s.min_ns, s.max_ns)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

fn target(met: bool, what: &str) -> String {
    format!("target {what}: {}", verdict(met))
}

/// "4.12 ms [4.05-4.30]"
pub fn spread(s: Sample) -> String {
    let (value, unit, scale) = match s.median_ns {
        ns if ns >= 1e6 => (ns / 1e6, "ms", 1e6),
        ns if ns >= 1e3 => (ns / 1e3, "us", 1e3),
        ns => (ns, "ns", 1.0),
    };
    format!("{value:.2} {unit} [{:.2}-{:.2}]", s.min_ns / scale, s.max_ns / scale)
}

/// A JSON string literal.
pub fn quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
