//! The kernels: guest-raw's `fib`, `matmul` and `fnv1a`, compiled from one
//! source natively (the `guest-raw` rlib, baseline x86-64) and to wasm (the
//! same opt-level 3), timed side by side, then under each safety setting.

use super::{check_equal, measure, Options, Plan, Sample};
use crate::limits::Limits;
use crate::plugin::Plugin;
use crate::{Host, HostError, HostState};
use guest_raw::kernels;
use std::hint::black_box;
use std::time::Duration;
use wasmtime::{Config, OptLevel, TypedFunc};

pub const FIB_N: u32 = 30;
pub const MATRIX_N: usize = 256;
pub const HASH_BYTES: usize = 1 << 20;
pub const KERNELS: [&str; 3] = ["fib(30)", "matmul 256x256 f64", "fnv1a 1 MiB"];

/// One kernel's row of the ratio table.
#[derive(Debug, Clone)]
pub struct KernelRow {
    pub name: &'static str,
    pub native: Sample,
    pub wasm: Sample,
    pub simd: Sample,
}

/// One safety setting: its wasm/native ratio per kernel, and why it costs.
#[derive(Debug, Clone)]
pub struct SafetyRow {
    pub name: &'static str,
    pub ratios: Vec<f64>,
    pub why: &'static str,
}

struct Inputs {
    a: Vec<f64>,
    b: Vec<f64>,
    bytes: Vec<u8>,
}

fn inputs() -> Inputs {
    let cells = MATRIX_N * MATRIX_N;
    Inputs {
        a: (0..cells).map(|i| (i % 7) as f64 * 0.5).collect(),
        b: (0..cells).map(|i| (i % 5) as f64 - 1.25).collect(),
        bytes: (0..HASH_BYTES).map(|i| (i * 31 % 251) as u8).collect(),
    }
}

/// guest-raw instantiated, with the kernel inputs already in its memory.
struct WasmKernels {
    plugin: Plugin,
    fib: TypedFunc<u32, u64>,
    matmul: TypedFunc<(u32, u32, u32, u32), ()>,
    fnv1a: TypedFunc<(u32, u32), u64>,
    a: u32,
    b: u32,
    out: u32,
    bytes: u32,
}

impl WasmKernels {
    fn load(host: &Host, module_path: &std::path::Path, inputs: &Inputs) -> Result<Self, HostError> {
        let module = host.load(module_path)?;
        let quiet = HostState {
            stderr: Box::new(std::io::sink()),
            ..HostState::default()
        };
        let mut plugin = Plugin::new(host, &module, quiet)?;
        let matrix_bytes = (MATRIX_N * MATRIX_N * 8) as u32;
        let (a, b, out) = (
            plugin.alloc(matrix_bytes)?,
            plugin.alloc(matrix_bytes)?,
            plugin.alloc(matrix_bytes)?,
        );
        let bytes = plugin.alloc(HASH_BYTES as u32)?;
        let memory = plugin.memory();
        let data = memory.data_mut(plugin.store_mut());
        let to_bytes = |m: &[f64]| m.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        for (at, source) in [
            (a, to_bytes(&inputs.a)),
            (b, to_bytes(&inputs.b)),
            (bytes, inputs.bytes.clone()),
        ] {
            crate::memory::write(data, at, &source).map_err(|e| super::bench_error(e.to_string()))?;
        }
        let instance = plugin.instance();
        let missing = |e: wasmtime::Error| super::bench_error(format!("guest-raw: {e}"));
        let fib = instance.get_typed_func(plugin.store_mut(), "fib").map_err(missing)?;
        let matmul = instance.get_typed_func(plugin.store_mut(), "matmul").map_err(missing)?;
        let fnv1a = instance.get_typed_func(plugin.store_mut(), "fnv1a").map_err(missing)?;
        Ok(WasmKernels {
            plugin,
            fib,
            matmul,
            fnv1a,
            a,
            b,
            out,
            bytes,
        })
    }

    /// Runs kernel `index` once; returns its result as a u64 (matmul: a
    /// checksum of the output's bits, read after the call).
    fn run(&mut self, index: usize) -> Result<u64, HostError> {
        let trap = |e: wasmtime::Error| super::bench_error(format!("{}: {}", KERNELS[index], crate::one_line(&e)));
        let store = self.plugin.store_mut();
        match index {
            0 => self.fib.call(store, black_box(FIB_N)).map_err(trap),
            1 => {
                let n = MATRIX_N as u32;
                self.matmul
                    .call(&mut *store, (self.a, self.b, self.out, n))
                    .map_err(trap)?;
                let data = self.plugin.memory().data(self.plugin.store());
                let out = &data[self.out as usize..][..MATRIX_N * MATRIX_N * 8];
                Ok(checksum(
                    out.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())),
                ))
            }
            _ => self.fnv1a.call(store, (self.bytes, HASH_BYTES as u32)).map_err(trap),
        }
    }
}

fn checksum(words: impl Iterator<Item = u64>) -> u64 {
    words.fold(0, |sum, word| sum.rotate_left(5) ^ word)
}

/// Runs kernel `index` natively once.
fn native(index: usize, inputs: &Inputs, out: &mut [f64]) -> u64 {
    match index {
        0 => kernels::fib(black_box(FIB_N)),
        1 => {
            kernels::matmul(black_box(&inputs.a), black_box(&inputs.b), out, MATRIX_N);
            checksum(out.iter().map(|x| x.to_bits()))
        }
        _ => kernels::fnv1a(black_box(&inputs.bytes)),
    }
}

/// Measures every kernel in one wasm setup, checking each result.
fn measure_wasm(wasm: &mut WasmKernels, plan: Plan, expected: &[u64]) -> Result<Vec<Sample>, HostError> {
    let mut samples = Vec::new();
    for (index, &want) in expected.iter().enumerate() {
        check_equal(KERNELS[index], want, wasm.run(index)?)?;
        samples.push(measure(plan, || {
            black_box(wasm.run(index).ok());
        }));
    }
    Ok(samples)
}

fn native_results(inputs: &Inputs) -> Vec<u64> {
    let mut out = vec![0.0; MATRIX_N * MATRIX_N];
    (0..KERNELS.len()).map(|i| native(i, inputs, &mut out)).collect()
}

/// The ratio table: native, wasm, and wasm with simd128, per kernel.
pub fn ratios(options: &Options, plan: Plan) -> Result<Vec<KernelRow>, HostError> {
    let inputs = inputs();
    let expected = native_results(&inputs);
    let mut out = vec![0.0; MATRIX_N * MATRIX_N];
    let native: Vec<Sample> = (0..KERNELS.len())
        .map(|i| {
            measure(plan, || {
                black_box(native(i, &inputs, &mut out));
            })
        })
        .collect();
    let host = Host::new()?;
    let mut plain = WasmKernels::load(&host, &options.out_dir.join("guest-raw.wasm"), &inputs)?;
    let wasm = measure_wasm(&mut plain, plan, &expected)?;
    let mut simd = WasmKernels::load(&host, &options.out_dir.join("guest-raw-simd.wasm"), &inputs)?;
    let simd = measure_wasm(&mut simd, plan, &expected)?;
    Ok((0..KERNELS.len())
        .map(|i| KernelRow {
            name: KERNELS[i],
            native: native[i],
            wasm: wasm[i],
            simd: simd[i],
        })
        .collect())
}

/// The cost-of-safety table: wasm/native per kernel under each setting.
pub fn safety_costs(options: &Options, plan: Plan, rows: &[KernelRow]) -> Result<Vec<SafetyRow>, HostError> {
    type Tweak = fn(&mut Config);
    let hour = Some(Duration::from_secs(3600));
    let settings: [(&str, Limits, Tweak, &str); 4] = [
        (
            "explicit bounds checks",
            Limits::default(),
            |c| {
                c.memory_reservation(0).memory_guard_size(0);
            },
            "no guard region to fault into, so a compare and branch guards every load and store",
        ),
        (
            "epoch interruption",
            Limits {
                timeout: hour,
                ..Limits::default()
            },
            |_| {},
            "a load and compare of the epoch at every function entry and loop head",
        ),
        (
            "fuel",
            Limits {
                fuel: Some(u64::MAX / 2),
                ..Limits::default()
            },
            |_| {},
            "a counter decremented in every basic block and checked at loop heads",
        ),
        (
            "Cranelift opt-level none",
            Limits::default(),
            |c| {
                c.cranelift_opt_level(OptLevel::None);
            },
            "no optimisation of the machine code: a baseline for what Cranelift's passes buy",
        ),
    ];
    let native: Vec<f64> = rows.iter().map(|r| r.native.median_ns).collect();
    let mut table = vec![SafetyRow {
        name: "wasmtime defaults",
        ratios: rows.iter().map(|r| r.wasm.median_ns / r.native.median_ns).collect(),
        why: "bounds checks folded into 4 GiB of reserved address space plus guard pages",
    }];
    let inputs = inputs();
    let expected = native_results(&inputs);
    for (name, limits, tweak, why) in settings {
        let mut config = Config::new();
        limits.configure(&mut config);
        tweak(&mut config);
        let host = Host::with_config(config, limits)?;
        let mut wasm = WasmKernels::load(&host, &options.out_dir.join("guest-raw.wasm"), &inputs)?;
        let samples = measure_wasm(&mut wasm, plan, &expected)?;
        let ratios = samples.iter().zip(&native).map(|(s, n)| s.median_ns / n).collect();
        table.push(SafetyRow { name, ratios, why });
    }
    Ok(table)
}
