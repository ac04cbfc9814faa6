//! The benchmark's report: what was measured, on what, as readable tables
//! and as JSON (`--json FILE`). The targets are checked here, in the output,
//! never by a timed test.

use super::allocators::AllocatorRow;
use super::boundary::BoundaryCosts;
use super::kernels::{KernelRow, SafetyRow, KERNELS};
use super::{Options, Sample};
use std::fmt::Write;

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cpu: String,
    pub rustc: String,
    pub quick: bool,
    pub kernels: Vec<KernelRow>,
    pub safety: Vec<SafetyRow>,
    pub boundary: Option<BoundaryCosts>,
    pub allocators: Vec<AllocatorRow>,
    pub sizes: Vec<(String, u64)>,
}

pub const WASMTIME: &str = "48.0.8";
pub const FLAGS: &str = "native: the guest-raw rlib inside host-min, x86-64 baseline (no target-cpu), \
opt-level 3; wasm: guest-raw for wasm32-unknown-unknown, opt-level 3, fat LTO, one codegen unit; \
the simd column adds -C target-feature=+simd128";

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
        geomean(self.kernels.iter().map(|k| k.wasm.median_ns / k.native.median_ns))
    }

    pub fn geomean_simd_ratio(&self) -> f64 {
        geomean(self.kernels.iter().map(|k| k.simd.median_ns / k.native.median_ns))
    }

    /// The tables printed on stdout.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let repeats = if self.quick { "--quick: 5 repeats" } else { "21 repeats" };
        let _ = writeln!(
            out,
            "wasm-by-hand bench ({repeats}; times are median [min-max] per call)"
        );
        let _ = writeln!(out, "cpu: {}; {}; wasmtime {WASMTIME}", self.cpu, self.rustc);
        let _ = writeln!(out, "{FLAGS}\n");
        let _ = writeln!(
            out,
            "{:<20} {:>28} {:>28} {:>7} {:>28} {:>7}",
            "kernel", "native", "wasm", "ratio", "wasm simd128", "ratio"
        );
        for k in &self.kernels {
            let ratio = k.wasm.median_ns / k.native.median_ns;
            let simd = k.simd.median_ns / k.native.median_ns;
            let (n, w, s) = (spread(k.native), spread(k.wasm), spread(k.simd));
            let _ = writeln!(out, "{:<20} {n:>28} {w:>28} {ratio:>6.2}x {s:>28} {simd:>6.2}x", k.name);
        }
        let geomean = self.geomean_ratio();
        // The best honest build is simd128: baseline x86-64 has SSE2 vectors,
        // so native code is vectorised too.
        let best = geomean.min(self.geomean_simd_ratio());
        let _ = writeln!(
            out,
            "geometric mean of wasm/native: {geomean:.2}x plain, {:.2}x with simd128; best build {best:.2}x, target <= 1.40x: {}\n",
            self.geomean_simd_ratio(),
            verdict(best <= 1.4)
        );

        let _ = write!(out, "{:<26}", "cost of safety (wasm/native)");
        for name in KERNELS {
            let _ = write!(out, " {name:>19}");
        }
        let _ = writeln!(out, "  why");
        for row in &self.safety {
            let _ = write!(out, "{:<26}", row.name);
            for ratio in &row.ratios {
                let _ = write!(out, " {:>18.2}x", ratio);
            }
            let _ = writeln!(out, "  {}", row.why);
        }

        if let Some(b) = &self.boundary {
            let gbps = 2.0 * (1 << 20) as f64 / b.buffer_in_out_ns.median_ns;
            let speedup = b.compile_ns.median_ns / b.deserialize_ns.median_ns;
            let rows = [
                (
                    "host -> guest typed call (fib(0))",
                    b.host_to_guest_ns,
                    target(b.host_to_guest_ns.median_ns <= 20.0, "<= 20 ns"),
                ),
                (
                    "guest -> host call (empty import)",
                    b.guest_to_host_ns,
                    target(b.guest_to_host_ns.median_ns <= 10.0, "<= 10 ns"),
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
                    "instantiate: InstancePre + pooling + CoW",
                    b.instantiate_pooling_ns,
                    target(b.instantiate_pooling_ns.median_ns <= 3000.0, "<= 3 us"),
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
                let _ = writeln!(out, "  {what:<44} {:>30}  {note}", spread(sample));
            }
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
                    "{{\"name\": {}, \"native_ns\": {:.1}, \"wasm_ns\": {:.1}, \"ratio\": {:.4}, \"simd_ns\": {:.1}, \"simd_ratio\": {:.4}, \"native\": {}, \"wasm\": {}, \"simd\": {}}}",
                    quote(k.name), k.native.median_ns, k.wasm.median_ns, k.wasm.median_ns / k.native.median_ns,
                    k.simd.median_ns, k.simd.median_ns / k.native.median_ns, sample(k.native), sample(k.wasm), sample(k.simd)
                )
            })
            .collect();
        let safety: Vec<String> = self
            .safety
            .iter()
            .map(|r| {
                format!(
                    "{{\"name\": {}, \"ratios\": [{}]}}",
                    quote(r.name),
                    r.ratios
                        .iter()
                        .map(|x| format!("{x:.4}"))
                        .collect::<Vec<_>>()
                        .join(", ")
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
            "{{\n  \"cpu\": {}, \"rustc\": {}, \"wasmtime\": {}, \"quick\": {},\n  \"geomean_ratio\": {:.4},\n  \"geomean_simd_ratio\": {:.4},\n  \"kernels\": [\n    {}\n  ],\n  \"safety\": [\n    {}\n  ],\n  \"allocators\": [\n    {}\n  ],\n  \"sizes\": {{{}}}",
            quote(&self.cpu), quote(&self.rustc), quote(WASMTIME), self.quick, self.geomean_ratio(), self.geomean_simd_ratio(),
            kernels.join(",\n    "), safety.join(",\n    "), allocators.join(",\n    "), sizes.join(", ")
        );
        if let Some(b) = &self.boundary {
            let _ = write!(
                json,
                ",\n  \"call_host_to_guest_ns\": {:.2},\n  \"call_guest_to_host_ns\": {:.2},\n  \"buffer_in_out_ns\": {:.1},\n  \"instantiate_us\": {{\"fresh\": {:.3}, \"instance_pre\": {:.3}, \"pooling\": {:.3}, \"pooling_twin\": {:.3}, \"store_only\": {:.3}}},\n  \"compile_ms\": {:.3},\n  \"deserialize_ms\": {:.4}",
                b.host_to_guest_ns.median_ns, b.guest_to_host_ns.median_ns, b.buffer_in_out_ns.median_ns,
                b.instantiate_fresh_ns.median_ns / 1e3, b.instantiate_pre_ns.median_ns / 1e3, b.instantiate_pooling_ns.median_ns / 1e3,
                b.instantiate_pooling_twin_ns.median_ns / 1e3, b.store_only_ns.median_ns / 1e3,
                b.compile_ns.median_ns / 1e6, b.deserialize_ns.median_ns / 1e6
            );
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
fn spread(s: Sample) -> String {
    let (value, unit, scale) = match s.median_ns {
        ns if ns >= 1e6 => (ns / 1e6, "ms", 1e6),
        ns if ns >= 1e3 => (ns / 1e3, "us", 1e3),
        ns => (ns, "ns", 1.0),
    };
    format!("{value:.2} {unit} [{:.2}-{:.2}]", s.min_ns / scale, s.max_ns / scale)
}

/// A JSON string literal.
fn quote(text: &str) -> String {
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
