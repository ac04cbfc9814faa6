//! The kernels: guest-raw's `fib`, `matmul` and `fnv1a`, compiled from one
//! source natively (the `guest-raw` rlib) and to wasm (the same opt-level 3),
//! timed in turns, then under each safety setting.

use super::measure::{check_equal, Options, Plan, Sample, Turns};
use guest_raw::kernels;
use host_min::limits::Limits;
use host_min::plugin::Plugin;
use host_min::{Host, HostError, HostState};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use wasmtime::{Config, TypedFunc};

pub const FIB_N: u32 = 30;
pub const MATRIX_N: usize = 256;
pub const HASH_BYTES: usize = 1 << 20;
pub const KERNELS: [&str; 3] = ["fib(30)", "matmul 256x256 f64", "fnv1a 1 MiB"];

/// One kernel's row of the ratio table. Each ratio is over `native`, taken
/// pair by pair within a repeat.
#[derive(Debug, Clone)]
pub struct KernelRow {
    pub name: &'static str,
    pub native: Sample,
    /// The same source with every vector extension this CPU has.
    pub native_wide: Sample,
    pub wide_ratio: Sample,
    pub wasm: Sample,
    pub ratio: Sample,
    pub simd: Sample,
    pub simd_ratio: Sample,
}

/// One safety setting: its wasm/native ratio per kernel, plain and simd128.
#[derive(Debug, Clone)]
pub struct SafetyRow {
    pub name: &'static str,
    pub ratios: Vec<f64>,
    pub simd_ratios: Vec<f64>,
    pub why: &'static str,
}

pub struct Inputs {
    a: Vec<f64>,
    b: Vec<f64>,
    bytes: Vec<u8>,
}

/// The kernels' inputs. bench/v8.mjs builds the same ones in JavaScript.
pub fn inputs() -> Inputs {
    let cells = MATRIX_N * MATRIX_N;
    Inputs {
        a: (0..cells).map(|i| (i % 7) as f64 * 0.5).collect(),
        b: (0..cells).map(|i| (i % 5) as f64 - 1.25).collect(),
        bytes: (0..HASH_BYTES).map(|i| (i * 31 % 251) as u8).collect(),
    }
}

/// guest-raw instantiated, with the kernel inputs already in its memory.
pub struct WasmKernels {
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
    pub fn load(host: &Host, module_path: &Path, inputs: &Inputs) -> Result<Self, HostError> {
        let module = host.load(module_path)?;
        let mut plugin = Plugin::new(host, &module, HostState::quiet())?;
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
            host_min::memory::write(data, at, &source).map_err(|e| super::measure::bench_error(e.to_string()))?;
        }
        let instance = plugin.instance();
        let missing = |e: wasmtime::Error| super::measure::bench_error(format!("guest-raw: {e}"));
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
    pub fn run(&mut self, index: usize) -> Result<u64, HostError> {
        let trap =
            |e: wasmtime::Error| super::measure::bench_error(format!("{}: {}", KERNELS[index], host_min::one_line(&e)));
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

    /// Runs kernel `index` once, checks its result, and hands back a step
    /// for `Turns` that runs it again and again.
    pub fn checked_step<'a>(&'a mut self, index: usize, expected: &[u64]) -> Result<impl FnMut() + 'a, HostError> {
        check_equal(KERNELS[index], expected[index], self.run(index)?)?;
        Ok(move || {
            black_box(self.run(index).ok());
        })
    }
}

/// The matmul checksum: every output bit counts. bench/v8.mjs has its twin.
pub fn checksum(words: impl Iterator<Item = u64>) -> u64 {
    words.fold(0, |sum, word| sum.rotate_left(5) ^ word)
}

/// Runs kernel `index` natively once, for x86-64's baseline (SSE2). Always
/// inlined, so `native_wide` gets its own copy compiled with its features.
#[inline(always)]
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

/// The same source compiled again with the vector extensions that
/// `-C target-cpu=native` turns on for this machine's CPU (AVX-512 on the
/// one the docs quote), by inlining the kernels into a function with those
/// target features. It is the ceiling: wasm's vectors are 128 bits wide.
/// Rust never fuses a multiply and an add on its own, so the results are
/// bit for bit the baseline's.
///
/// # Safety
/// Only call it when `wide_features()` is true.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2,fma,bmi1,bmi2,lzcnt,popcnt,avx512f,avx512dq,avx512bw,avx512vl")]
unsafe fn native_wide(index: usize, inputs: &Inputs, out: &mut [f64]) -> u64 {
    native(index, inputs, out)
}

/// Whether this CPU has every feature `native_wide` is compiled for.
pub fn wide_features() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("lzcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// A native step for `Turns`, baseline or wide.
pub fn native_step<'a>(index: usize, inputs: &'a Inputs, out: &'a mut [f64], wide: bool) -> impl FnMut() + 'a {
    move || {
        #[cfg(target_arch = "x86_64")]
        if wide {
            // SAFETY: `wide` is only set when wide_features() said yes.
            black_box(unsafe { native_wide(index, inputs, out) });
            return;
        }
        black_box(native(index, inputs, out));
    }
}

pub fn native_results(inputs: &Inputs) -> Vec<u64> {
    let mut out = vec![0.0; MATRIX_N * MATRIX_N];
    (0..KERNELS.len()).map(|i| native(i, inputs, &mut out)).collect()
}

/// The ratio table: native, native wide, wasm and wasm simd128 in turns.
pub fn ratios(options: &Options, plan: Plan) -> Result<Vec<KernelRow>, HostError> {
    let inputs = inputs();
    let expected = native_results(&inputs);
    let wide = wide_features();
    if wide {
        let mut out = vec![0.0; MATRIX_N * MATRIX_N];
        for (index, &want) in expected.iter().enumerate() {
            // SAFETY: the CPU has the features (checked just above).
            check_equal(KERNELS[index], want, unsafe { native_wide(index, &inputs, &mut out) })?;
        }
    }
    let host = Host::new()?;
    let mut plain = WasmKernels::load(&host, &options.out_dir.join("guest-raw.wasm"), &inputs)?;
    let mut simd = WasmKernels::load(&host, &options.out_dir.join("guest-raw-simd.wasm"), &inputs)?;
    let (mut out, mut out_wide) = (vec![0.0; MATRIX_N * MATRIX_N], vec![0.0; MATRIX_N * MATRIX_N]);
    let mut rows = Vec::new();
    for (index, name) in KERNELS.into_iter().enumerate() {
        let mut native = native_step(index, &inputs, &mut out, false);
        let mut native_wide = native_step(index, &inputs, &mut out_wide, wide);
        let mut wasm_step = plain.checked_step(index, &expected)?;
        let mut simd_step = simd.checked_step(index, &expected)?;
        let turns = Turns::measure(
            plan,
            &mut [&mut native, &mut native_wide, &mut wasm_step, &mut simd_step],
        );
        rows.push(KernelRow {
            name,
            native: turns.sample(0),
            native_wide: turns.sample(1),
            wide_ratio: turns.ratio(1, 0),
            wasm: turns.sample(2),
            ratio: turns.ratio(2, 0),
            simd: turns.sample(3),
            simd_ratio: turns.ratio(3, 0),
        });
    }
    Ok(rows)
}

/// Both wasm builds under one wasmtime configuration, each in turns with
/// native: the median wasm/native ratio per kernel, plain and simd128.
pub fn ratios_under(options: &Options, plan: Plan, host: &Host) -> Result<(Vec<f64>, Vec<f64>), HostError> {
    let inputs = inputs();
    let expected = native_results(&inputs);
    let mut out = vec![0.0; MATRIX_N * MATRIX_N];
    let mut ratios = (Vec::new(), Vec::new());
    for (file, into) in [
        ("guest-raw.wasm", &mut ratios.0),
        ("guest-raw-simd.wasm", &mut ratios.1),
    ] {
        let mut wasm = WasmKernels::load(host, &options.out_dir.join(file), &inputs)?;
        for index in 0..KERNELS.len() {
            let mut native = native_step(index, &inputs, &mut out, false);
            let mut step = wasm.checked_step(index, &expected)?;
            let turns = Turns::measure(plan, &mut [&mut native, &mut step]);
            into.push(turns.ratio(1, 0).median_ns);
        }
    }
    Ok(ratios)
}

/// The cost-of-safety table: wasm/native per kernel under each setting.
pub fn safety_costs(options: &Options, plan: Plan) -> Result<Vec<SafetyRow>, HostError> {
    type Tweak = fn(&mut Config);
    let hour = Some(Duration::from_secs(3600));
    let settings: [(&str, Limits, Tweak, &str); 4] = [
        (
            "wasmtime defaults",
            Limits::default(),
            |_| {},
            "bounds checks folded into 4 GiB of reserved address space plus guard pages",
        ),
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
            "a check of the epoch at every function entry and loop head (docs: why it costs on matmul)",
        ),
        (
            "fuel",
            Limits {
                fuel: Some(u64::MAX / 2),
                ..Limits::default()
            },
            |_| {},
            "a counter updated in every basic block and checked at loop heads",
        ),
    ];
    let mut table = Vec::new();
    for (name, limits, tweak, why) in settings {
        let mut config = Config::new();
        limits.configure(&mut config);
        tweak(&mut config);
        let host = Host::with_config(config, limits)?;
        let (ratios, simd_ratios) = ratios_under(options, plan, &host)?;
        table.push(SafetyRow {
            name,
            ratios,
            simd_ratios,
            why,
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use guest_raw::kernels::{matmul, matmul_plain};

    /// The blocked matmul the benchmark times computes exactly what the plain
    /// triple loop does, for sizes on and off the block grid, with negative
    /// zeros, infinities and values whose sums depend on their order.
    #[test]
    fn blocked_matmul_equals_the_plain_loop_bit_for_bit() {
        let value = |i: usize, seed: u64| {
            let x = (i as u64 + 1).wrapping_mul(seed).rotate_left(17) % 2001;
            match x {
                0 => -0.0,
                1 => f64::INFINITY,
                _ => (x as f64 - 1000.0) * 1.0e-3 + 1.0e16 * ((x % 3) as f64 - 1.0),
            }
        };
        for n in [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 64, 67] {
            let a: Vec<f64> = (0..n * n).map(|i| value(i, 0x9e37_79b9)).collect();
            let b: Vec<f64> = (0..n * n).map(|i| value(i, 0x85eb_ca6b)).collect();
            let (mut blocked, mut plain) = (vec![7.0; n * n], vec![7.0; n * n]);
            matmul(&a, &b, &mut blocked, n);
            matmul_plain(&a, &b, &mut plain, n);
            let bits = |m: &[f64]| m.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&blocked), bits(&plain), "n = {n}");
        }
    }
}
