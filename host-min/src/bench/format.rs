//! How the bench prints a measurement: a ratio or a time with its range,
//! in a table or in the JSON report.
//! Shared by the report and the sections that render their own tables, so
//! that none of them imports another.

use super::measure::Sample;

/// "1.23x [1.20-1.30]"
pub fn ratio(s: Sample) -> String {
    format!("{:.2}x [{:.2}-{:.2}]", s.median_ns, s.min_ns, s.max_ns)
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

/// A measurement for the JSON report: median, min and max, in its unit.
pub fn json_sample(s: Sample) -> serde_json::Value {
    serde_json::json!({"median": s.median_ns, "min": s.min_ns, "max": s.max_ns})
}
