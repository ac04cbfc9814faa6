//! What the bench measures with: its options, how long to measure (`Plan`),
//! one measurement (`Sample`), steps timed in turns (`Turns`), the build
//! it may measure, and the check that wasm and native agree. Every section
//! of the bench builds on this file; it builds on none of them.

use host_min::{HostError, Status};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct Options {
    /// Fewer repeats and shorter batches: under 30 s, for the smoke test.
    pub quick: bool,
    /// Where the built modules are (`make build` puts them in out/).
    pub out_dir: PathBuf,
}

/// How long to measure: repeats per measurement and the least time per repeat.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub repeats: usize,
    pub min_repeat_ns: u64,
}

impl Plan {
    /// The same least time per repeat, with fewer repeats: for the tables
    /// that multiply settings by kernels (safety, engines).
    pub fn with_repeats(self, repeats: usize) -> Plan {
        Plan {
            repeats: repeats.min(self.repeats),
            ..self
        }
    }

    pub fn for_options(options: &Options) -> Plan {
        match options.quick {
            true => Plan {
                repeats: 5,
                min_repeat_ns: 2_000_000,
            },
            false => Plan {
                repeats: 21,
                min_repeat_ns: 30_000_000,
            },
        }
    }
}

/// One measurement: nanoseconds per iteration over the repeats.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub median_ns: f64,
    pub min_ns: f64,
    pub max_ns: f64,
}

/// Times `step`: one warm-up call, then enough calls per repeat to fill
/// `plan.min_repeat_ns`, `plan.repeats` times. Each repeat gives one
/// nanoseconds-per-call figure; the sample is their median and range.
pub fn measure(plan: Plan, step: impl FnMut()) -> Sample {
    let mut steps: [&mut dyn FnMut(); 1] = [&mut { step }];
    Turns::measure(plan, &mut steps).sample(0)
}

/// Several steps timed in turns: every repeat runs one batch of each step,
/// starting from a different step each time, so a slow spell of the machine
/// falls on all of them. Ratios are taken within a repeat, pair by pair.
pub struct Turns {
    /// `per_call[step][repeat]`: nanoseconds per call.
    per_call: Vec<Vec<f64>>,
}

impl Turns {
    pub fn measure(plan: Plan, steps: &mut [&mut dyn FnMut()]) -> Turns {
        // One warm-up call each (caches, lazy initialisation, tier-up, page
        // faults); its time sizes the batch that fills one repeat.
        let batches: Vec<u64> = steps
            .iter_mut()
            .map(|step| {
                let started = Instant::now();
                step();
                let one = started.elapsed().as_nanos().max(1) as u64;
                (plan.min_repeat_ns / one).clamp(1, 10_000_000)
            })
            .collect();
        let mut per_call = vec![Vec::with_capacity(plan.repeats); steps.len()];
        for repeat in 0..plan.repeats {
            for turn in 0..steps.len() {
                let index = (repeat + turn) % steps.len();
                let started = Instant::now();
                for _ in 0..batches[index] {
                    steps[index]();
                }
                per_call[index].push(started.elapsed().as_nanos() as f64 / batches[index] as f64);
            }
        }
        Turns { per_call }
    }

    /// Median and range of one step's time per call.
    pub fn sample(&self, step: usize) -> Sample {
        Sample::of(self.per_call[step].clone())
    }

    /// Multiplies one step's times by `factor` (a step that ran its work
    /// several times is brought back to one run).
    pub fn scale(&mut self, step: usize, factor: f64) {
        self.per_call[step].iter_mut().for_each(|ns| *ns *= factor);
    }

    /// Median and range of `step`'s time over `base`'s, repeat by repeat.
    pub fn ratio(&self, step: usize, base: usize) -> Sample {
        let pairs = self.per_call[step].iter().zip(&self.per_call[base]);
        Sample::of(pairs.map(|(s, b)| s / b).collect())
    }
}

impl Sample {
    fn of(mut values: Vec<f64>) -> Sample {
        values.sort_by(f64::total_cmp);
        Sample {
            median_ns: values[values.len() / 2],
            min_ns: values[0],
            max_ns: values[values.len() - 1],
        }
    }
}

/// How this host-min was built (recorded by build.rs).
pub const BUILD_PROFILE: &str = env!("HOST_MIN_PROFILE");
pub const BUILD_OPT_LEVEL: &str = env!("HOST_MIN_OPT_LEVEL");

/// Refuses a build that cannot measure honestly: unoptimised native kernels
/// and an unoptimised wasmtime would make wasm look faster than native.
pub fn check_build(profile: &str, opt_level: &str, debug_assertions: bool) -> Result<(), HostError> {
    if opt_level == "3" && !debug_assertions {
        return Ok(());
    }
    let message = format!(
        "bench needs an optimised build, and this host-min was built with the `{profile}` profile \
         at opt-level {opt_level}{}: run `make bench` or `cargo run --release -p host-min -- bench`",
        if debug_assertions { " with debug assertions" } else { "" }
    );
    Err(HostError::new(Status::Usage, message))
}

/// Whether this build's host-side costs (calls, instantiation) are the ones
/// the targets are set for: the release profile, with LTO.
pub fn judges_host_costs() -> bool {
    BUILD_PROFILE == "release"
}

pub fn bench_error(message: impl Into<String>) -> HostError {
    HostError::new(Status::AbiViolation, message)
}

/// Fails the benchmark when a wasm result differs from the native one.
pub fn check_equal<T: PartialEq + std::fmt::Debug>(what: &str, native: T, wasm: T) -> Result<(), HostError> {
    if native != wasm {
        return Err(bench_error(format!(
            "{what}: native gave {native:?}, wasm gave {wasm:?}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_optimised_build_without_debug_assertions_may_bench() {
        assert!(check_build("release", "3", false).is_ok());
        assert!(check_build("dev", "3", false).is_ok());
        let refused = check_build("dev", "0", true).unwrap_err();
        assert_eq!(refused.status, Status::Usage);
        assert!(refused
            .message
            .contains("`dev` profile at opt-level 0 with debug assertions"));
        assert!(!refused.message.contains('\n'));
        assert!(check_build("release", "3", true).is_err());
    }

    #[test]
    fn turns_take_ratios_pair_by_pair() {
        let turns = Turns {
            per_call: vec![vec![10.0, 20.0, 30.0], vec![20.0, 40.0, 90.0]],
        };
        let ratio = turns.ratio(1, 0);
        assert_eq!((ratio.min_ns, ratio.median_ns, ratio.max_ns), (2.0, 2.0, 3.0));
        // The ratio of medians would be 40 / 20 = 2 as well, but the spread
        // only shows pair by pair.
        assert_eq!(turns.sample(1).median_ns, 40.0);
    }
}
