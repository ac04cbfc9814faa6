//! The benchmark's report: what was measured, on what, as readable tables
//! and as JSON (`--json FILE`). The targets are checked here, in the output,
//! never by a timed test.

use super::allocators::AllocatorRow;
use super::boundary::BoundaryCosts;
use super::components::{self, ComponentCosts};
use super::engines::EngineRow;
use super::format::{ratio, spread};
use super::kernels::{KernelRow, SafetyRow, KERNELS};
use super::measure::{judges_host_costs, Options, Sample, BUILD_PROFILE};
use super::serving::{self, Serving};
use serde_json::json;
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
    /// Exercise 11's plugins, in the full run only (not `--quick`).
    pub languages: Option<Vec<super::languages::Language>>,
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
        if let Some(languages) = &self.languages {
            out.push_str(&super::languages::render(languages));
        }
        if let Some(wasi) = &self.wasi {
            out.push_str(&super::wasi::render(wasi));
        }
        out
    }

    /// The machine-readable report (`--json FILE`).
    /// The report as JSON (`--json FILE`), written by serde_json: a figure
    /// that is not a number (a NaN) becomes `null`, never invalid JSON.
    pub fn to_json(&self) -> String {
        let sample = |s: Sample| json!({"median_ns": s.median_ns, "min_ns": s.min_ns, "max_ns": s.max_ns});
        let spread = super::format::json_sample;
        let kernels: Vec<_> = self
            .kernels
            .iter()
            .map(|k| {
                json!({
                    "name": k.name,
                    "native_ns": k.native.median_ns,
                    "wasm_ns": k.wasm.median_ns,
                    "ratio": k.ratio.median_ns,
                    "simd_ns": k.simd.median_ns,
                    "simd_ratio": k.simd_ratio.median_ns,
                    "native_wide_ns": k.native_wide.median_ns,
                    "native_wide_ratio": k.wide_ratio.median_ns,
                    "native": sample(k.native),
                    "native_wide": sample(k.native_wide),
                    "wasm": sample(k.wasm),
                    "simd": sample(k.simd),
                    "wide_ratio_range": [k.wide_ratio.min_ns, k.wide_ratio.max_ns],
                    "ratio_range": [k.ratio.min_ns, k.ratio.max_ns],
                    "simd_ratio_range": [k.simd_ratio.min_ns, k.simd_ratio.max_ns],
                })
            })
            .collect();
        let safety: Vec<_> = self
            .safety
            .iter()
            .map(|r| json!({"name": r.name, "ratios": r.ratios, "simd_ratios": r.simd_ratios}))
            .collect();
        let allocators: Vec<_> = self
            .allocators
            .iter()
            .map(|a| {
                json!({
                    "name": a.name,
                    "wasm_bytes": a.wasm_bytes,
                    "alloc_free_ns": a.alloc_free_ns.median_ns,
                    "alloc_free": spread(a.alloc_free_ns),
                    "memory_after_bytes": a.memory_after_bytes,
                })
            })
            .collect();
        let sizes: serde_json::Map<String, serde_json::Value> = self
            .sizes
            .iter()
            .map(|(path, bytes)| (path.to_string(), json!(bytes)))
            .collect();
        let mut report = json!({
            "cpu": self.cpu,
            "rustc": self.rustc,
            "wasmtime": WASMTIME,
            "build_profile": BUILD_PROFILE,
            "quick": self.quick,
            "geomean_ratio": self.geomean_ratio(),
            "geomean_simd_ratio": self.geomean_simd_ratio(),
            "kernels": kernels,
            "safety": safety,
            "allocators": allocators,
            "sizes": sizes,
            "size_list": self.sizes.iter().map(|(path, bytes)| json!({"path": path, "bytes": bytes})).collect::<Vec<_>>(),
            "engines": super::engines::to_json(&self.engines),
        });
        if let Some(b) = &self.boundary {
            report["call_host_to_guest_ns"] = json!(b.host_to_guest_ns.median_ns);
            report["call_host_to_guest_untyped_ns"] = json!(b.host_to_guest_untyped_ns.median_ns);
            report["call_guest_to_host_ns"] = json!(b.guest_to_host_ns.median_ns);
            report["buffer_in_out_ns"] = json!(b.buffer_in_out_ns.median_ns);
            report["instantiate_us"] = json!({
                "fresh": b.instantiate_fresh_ns.median_ns / 1e3,
                "instance_pre": b.instantiate_pre_ns.median_ns / 1e3,
                "pooling": b.instantiate_pooling_ns.median_ns / 1e3,
                "pooling_twin": b.instantiate_pooling_twin_ns.median_ns / 1e3,
                "store_only": b.store_only_ns.median_ns / 1e3,
            });
            report["compile_ms"] = json!(b.compile_ns.median_ns / 1e6);
            report["deserialize_ms"] = json!(b.deserialize_ns.median_ns / 1e6);
            // Every boundary figure with its spread, in nanoseconds.
            let steps: Vec<_> = b
                .instantiate_pooling_steps
                .iter()
                .map(|(setting, s)| json!({"setting": setting, "ns": spread(*s)}))
                .collect();
            report["boundary"] = json!({
                "host_to_guest": spread(b.host_to_guest_ns),
                "host_to_guest_untyped": spread(b.host_to_guest_untyped_ns),
                "guest_to_host": spread(b.guest_to_host_ns),
                "buffer_in_out": spread(b.buffer_in_out_ns),
                "instantiate_fresh": spread(b.instantiate_fresh_ns),
                "instantiate_pre": spread(b.instantiate_pre_ns),
                "instantiate_pooling": spread(b.instantiate_pooling_ns),
                "instantiate_pooling_twin": spread(b.instantiate_pooling_twin_ns),
                "store_only": spread(b.store_only_ns),
                "compile": spread(b.compile_ns),
                "deserialize": spread(b.deserialize_ns),
                "pooling_steps": steps,
            });
        }
        if let Some(c) = &self.components {
            report["components"] = components::to_json(c);
        }
        if let Some(s) = &self.serving {
            report["serving"] = serving::to_json(s);
            report["serving_memory"] = serving::flatness_json(s);
        }
        if let Some(w) = &self.wasi {
            report["wasi"] = super::wasi::to_json(w);
        }
        if let Some(l) = &self.languages {
            report["languages"] = super::languages::to_json(l);
        }
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
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
