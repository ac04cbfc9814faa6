//! Serving (docs/08-serving.md): `upper` of a short string through the pool
//! (pool.rs), on fresh and on reused instances, over 1 and 2 threads, as
//! calls per second and per-call latency; and resident memory over 100,000
//! pooled fresh calls. Each setting runs several times: the median run's
//! figures are shown with the range of calls/s over the runs.

use super::measure::{check_equal, Options, Sample};
use host_min::budget::resident_bytes;
use host_min::limits::Limits;
use host_min::pool::{Job, Lifecycle, Pool};
use host_min::{HostError, HostState};
use serde_json::json;
use std::sync::atomic::AtomicU64;

#[derive(Debug, Clone)]
pub struct ServingRow {
    pub lifecycle: Lifecycle,
    pub threads: usize,
    /// Calls per second over the runs: median and range.
    pub calls_per_s: Sample,
    /// Latency percentiles of the median run, in microseconds.
    pub p50_us: f64,
    pub p99_us: f64,
}

#[derive(Debug, Clone)]
pub struct Serving {
    pub rows: Vec<ServingRow>,
    /// Calls per run.
    pub calls: u64,
    /// Resident memory after a warm-up of `flat_warmup` calls, then after
    /// `flat_calls` more, all fresh instances on 2 threads.
    pub flat_warmup: u64,
    pub flat_calls: u64,
    pub resident_warm_bytes: u64,
    pub resident_after_bytes: u64,
}

const INPUT: &[u8] = b"hello, plugin";

pub fn costs(options: &Options) -> Result<Serving, HostError> {
    let (calls, runs, flat_calls) = match options.quick {
        true => (2_000, 3, 10_000),
        false => (50_000, 7, 100_000),
    };
    let host = Pool::pooling_host(Limits::default(), 2)?;
    let module = host.load(&options.out_dir.join("guest-raw.wasm"))?;
    let pool = Pool::new(host, &module)?;
    let quiet = HostState::quiet;
    let serve = |lifecycle, threads, calls| {
        let job = Job {
            export: "upper",
            input: INPUT,
            calls,
            threads,
            lifecycle,
        };
        let tally = pool.serve(&job, &quiet, &AtomicU64::new(0));
        // Every call answered, and answered right.
        let expected = vec![("HELLO, PLUGIN".to_string(), calls)];
        let answers: Vec<(String, u64)> = tally.answers.iter().map(|a| (a.0.clone(), a.1)).collect();
        check_equal("serving upper", expected, answers)?;
        Ok::<_, HostError>(tally)
    };

    let mut rows = Vec::new();
    for lifecycle in [Lifecycle::Fresh, Lifecycle::Reused] {
        for threads in [1, 2] {
            let mut tallies = (0..runs)
                .map(|_| serve(lifecycle, threads, calls))
                .collect::<Result<Vec<_>, _>>()?;
            tallies.sort_by(|a, b| a.calls_per_second().total_cmp(&b.calls_per_second()));
            let rates: Vec<f64> = tallies.iter().map(|t| t.calls_per_second()).collect();
            let median = &mut tallies[runs / 2];
            rows.push(ServingRow {
                lifecycle,
                threads,
                calls_per_s: Sample {
                    median_ns: rates[runs / 2],
                    min_ns: rates[0],
                    max_ns: rates[runs - 1],
                },
                p50_us: median.percentile_us(0.50),
                p99_us: median.percentile_us(0.99),
            });
        }
    }

    // Resident memory: warm up, then many more calls; flat means the pool
    // reuses its slots and nothing leaks per call.
    let flat_warmup = flat_calls / 10;
    serve(Lifecycle::Fresh, 2, flat_warmup)?;
    let resident_warm_bytes = resident_bytes().unwrap_or(0);
    serve(Lifecycle::Fresh, 2, flat_calls)?;
    let resident_after_bytes = resident_bytes().unwrap_or(0);
    Ok(Serving {
        rows,
        calls,
        flat_warmup,
        flat_calls,
        resident_warm_bytes,
        resident_after_bytes,
    })
}

impl Serving {
    fn rate(&self, lifecycle: Lifecycle, threads: usize) -> f64 {
        let row = self
            .rows
            .iter()
            .find(|r| r.lifecycle == lifecycle && r.threads == threads);
        row.map_or(f64::NAN, |r| r.calls_per_s.median_ns)
    }

    /// Fresh calls on 2 threads over 1 thread.
    pub fn scaling(&self) -> f64 {
        self.rate(Lifecycle::Fresh, 2) / self.rate(Lifecycle::Fresh, 1)
    }

    pub fn fresh_one_thread(&self) -> f64 {
        self.rate(Lifecycle::Fresh, 1)
    }

    /// Resident memory growth over the long run, as a fraction.
    pub fn resident_growth(&self) -> f64 {
        self.resident_after_bytes as f64 / self.resident_warm_bytes.max(1) as f64 - 1.0
    }
}

fn mode(lifecycle: Lifecycle) -> &'static str {
    match lifecycle {
        Lifecycle::Fresh => "fresh",
        Lifecycle::Reused => "reused",
    }
}

pub fn render(serving: &Serving, verdict: impl Fn(bool, &str) -> String) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "\nserving: upper(\"hello, plugin\") through the pool, {} calls per run, median run [range of calls/s]\n",
        serving.calls
    );
    let _ = writeln!(
        out,
        "  {:<8} {:>7} {:>32} {:>10} {:>10}",
        "mode", "threads", "calls/s", "p50", "p99"
    );
    for row in &serving.rows {
        let rate = row.calls_per_s;
        let rate = format!("{:.0} [{:.0}-{:.0}]", rate.median_ns, rate.min_ns, rate.max_ns);
        let (p50, p99) = (format!("{:.2} us", row.p50_us), format!("{:.2} us", row.p99_us));
        let _ = writeln!(
            out,
            "  {:<8} {:>7} {rate:>32} {p50:>10} {p99:>10}",
            mode(row.lifecycle),
            row.threads
        );
    }
    let scaling = serving.scaling();
    let one = serving.fresh_one_thread();
    let growth = serving.resident_growth();
    let _ = writeln!(
        out,
        "  fresh, 2 threads over 1: {scaling:.2}x; {}",
        verdict(scaling >= 1.6, ">= 1.6x")
    );
    let _ = writeln!(
        out,
        "  fresh, 1 thread: {one:.0} calls/s; {}",
        verdict(one >= 200_000.0, ">= 200,000")
    );
    let _ = writeln!(
        out,
        "  resident memory after {} calls: {:.1} MiB, after {} more: {:.1} MiB ({:+.1}%); {}",
        serving.flat_warmup,
        serving.resident_warm_bytes as f64 / (1 << 20) as f64,
        serving.flat_calls,
        serving.resident_after_bytes as f64 / (1 << 20) as f64,
        growth * 100.0,
        verdict(growth <= 0.05, "flat (<= 5% growth)")
    );
    out
}

pub fn to_json(serving: &Serving) -> serde_json::Value {
    let rows: Vec<_> = serving
        .rows
        .iter()
        .map(|r| {
            json!({
                "mode": mode(r.lifecycle),
                "threads": r.threads,
                "calls_per_s": r.calls_per_s.median_ns,
                "calls_per_s_range": [r.calls_per_s.min_ns, r.calls_per_s.max_ns],
                "p50_us": r.p50_us,
                "p99_us": r.p99_us,
            })
        })
        .collect();
    json!(rows)
}

/// The serving section's run: calls per row, and resident memory before and
/// after the flatness run.
pub fn flatness_json(serving: &Serving) -> serde_json::Value {
    let rate = |lifecycle, threads| {
        let row = serving
            .rows
            .iter()
            .find(|r| r.lifecycle == lifecycle && r.threads == threads);
        row.map_or(f64::NAN, |r| r.calls_per_s.median_ns)
    };
    json!({
        "fresh_two_threads_over_one": rate(Lifecycle::Fresh, 2) / rate(Lifecycle::Fresh, 1),
        "calls_per_run": serving.calls,
        "warmup_calls": serving.flat_warmup,
        "more_calls": serving.flat_calls,
        "resident_warm_bytes": serving.resident_warm_bytes,
        "resident_after_bytes": serving.resident_after_bytes,
    })
}
