//! Figures in the docs that cannot drift.
//!
//! A measured figure in a page is written between two markers that name
//! where it comes from: a recorded run in `docs/records/` and a path into
//! its JSON, with an optional format:
//!
//! ```text
//! 0.2 writes cost <!--fig:wasi-2026-12-02/bench.wasi.writes_ratio.median|.2-->1.07<!--/fig-->x
//! ```
//!
//! `make docs` (`figures render`) rewrites every such value from its
//! record; `figures check` (run by `make test`) fails when a value differs
//! from its record, when a marker names a record or path that does not
//! exist, or, in the pages listed in `CLEAN_PAGES`, when a measured figure
//! (a number with a unit) stands in the prose without markers.
//!
//! A record is `{"name", "date", "commit", "machine", "profile", "command",
//! "data": …}`; `figures record NAME FILE COMMAND` makes one from the JSON
//! a measuring command wrote.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const OPEN: &str = "<!--fig:";
pub const CLOSE: &str = "<!--/fig-->";

/// Pages whose every measured figure must come from a record. Pages join
/// this list as their figures are moved to records (issue: docs a reader
/// can trust); the others are checked for their markers only.
pub const CLEAN_PAGES: &[&str] = &[
    "ABI.md",
    "README.md",
    "SECURITY.md",
    "docs/01-rust-to-wasm.md",
    "docs/02-capabilities.md",
    "docs/03-hand-abi.md",
    "docs/04-wasm-bindgen.md",
    "docs/05-plugin-host.md",
    "docs/06-allocators.md",
    "docs/06-benchmark.md",
    "docs/06-boundary.md",
    "docs/06-safety-costs.md",
    "docs/07-components.md",
    "docs/08-serving.md",
    "docs/09-wasi-filesystem.md",
    "docs/10-wasi-0.2.md",
    "docs/11-other-languages.md",
    "docs/glossary.md",
    "docs/reading-path.md",
    "docs/sandbox-limits.md",
    "docs/sizes.md",
];

/// The pages that may hold figures.
pub fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = ["README.md", "SECURITY.md", "ABI.md"]
        .iter()
        .map(|p| root.join(p))
        .collect();
    if let Ok(entries) = std::fs::read_dir(root.join("docs")) {
        let mut docs: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        docs.retain(|p| p.extension().is_some_and(|e| e == "md"));
        docs.sort();
        pages.extend(docs);
    }
    pages.retain(|p| p.is_file());
    pages
}

/// Every record in `docs/records/`, by name (its file name without `.json`).
pub fn records(root: &Path) -> Result<BTreeMap<String, Value>, String> {
    let mut found = BTreeMap::new();
    let dir = root.join("docs/records");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(found);
    };
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        found.insert(name, value);
    }
    Ok(found)
}

/// The value a marker's source names: `RECORD/a.b.0.c`, looked up in the
/// record's `data`, formatted by `format` (`.N`: N decimals; `int`: an
/// integer with thousands separators; none: as recorded), optionally after
/// a scale (`ms.2`: nanoseconds shown as milliseconds; see `SCALES`).
///
/// Several runs: `R1+R2+R3/path|.2` lists the value of each record in turn
/// ("1.23, 1.30, 1.24"), and `|range.2` gives their lowest and highest
/// ("1.23–1.30"): a spread over runs is computed, never typed.
pub fn lookup(records: &BTreeMap<String, Value>, source: &str) -> Result<String, String> {
    let (source, format) = source.split_once('|').unwrap_or((source, ""));
    let (record, path) = source.split_once('/').ok_or(format!("`{source}` has no RECORD/PATH"))?;
    if record.contains('+') {
        return over_runs(records, record, path, format);
    }
    let mut value = records
        .get(record)
        .ok_or(format!("no record `{record}` in docs/records/"))?
        .get("data")
        .ok_or(format!("record `{record}` has no `data`"))?;
    for step in path.split('.') {
        let next = match step.parse::<usize>() {
            Ok(index) => value.get(index),
            Err(_) => value.get(step),
        };
        value = next.ok_or(format!("record `{record}` has no `{path}` (at `{step}`)"))?;
    }
    // A scale first, for figures recorded in base units: `ms.2` shows
    // nanoseconds as milliseconds with 2 decimals, `us.1` as microseconds,
    // `MiB.1` bytes as MiB, `min.0` seconds as minutes.
    let (number, format) = match SCALES.iter().find(|(unit, _)| format.starts_with(unit)) {
        Some((unit, divisor)) => (value.as_f64().map(|n| n / divisor), &format[unit.len()..]),
        None => (value.as_f64(), format),
    };
    Ok(match (format, number) {
        (f, Some(n)) if f.starts_with('.') => {
            let decimals: usize = f[1..].parse().map_err(|_| format!("bad format `{f}`"))?;
            format!("{n:.decimals$}")
        }
        ("int", Some(n)) => thousands(n.round() as i64),
        ("", _) => match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
        (f, _) => return Err(format!("format `{f}` needs a number, `{source}` is {value}")),
    })
}

/// One path in several records: each value in turn, or (`range…`) the
/// lowest and the highest.
fn over_runs(records: &BTreeMap<String, Value>, runs: &str, path: &str, format: &str) -> Result<String, String> {
    let (range, each) = match format.strip_prefix("range") {
        Some(rest) => (true, rest),
        None => (false, format),
    };
    let mut values = Vec::new();
    for run in runs.split('+') {
        let shown = lookup(records, &format!("{run}/{path}|{each}"))?;
        let number = lookup(records, &format!("{run}/{path}"))?
            .parse::<f64>()
            .map_err(|_| format!("`{run}/{path}` is not a number, so it has no spread"))?;
        values.push((number, shown));
    }
    if !range {
        return Ok(values
            .into_iter()
            .map(|(_, shown)| shown)
            .collect::<Vec<_>>()
            .join(", "));
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (low, high) = (&values[0].1, &values[values.len() - 1].1);
    Ok(format!("{low}–{high}"))
}

/// The scales a format may start with, and what they divide by.
const SCALES: [(&str, f64); 4] = [("ms", 1e6), ("us", 1e3), ("MiB", 1048576.0), ("min", 60.0)];

fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// What `render` found in one page: the page rendered, and each problem.
pub struct Rendered {
    pub text: String,
    pub problems: Vec<String>,
}

/// Rewrites every marker's value in `text` from the records. A value that
/// differs is a problem (for `check`); a marker that cannot be resolved
/// keeps its old value and is a problem too.
pub fn render(text: &str, records: &BTreeMap<String, Value>) -> Rendered {
    let (mut out, mut problems, mut rest) = (String::new(), Vec::new(), text);
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let marker = &rest[at..];
        let Some(end_of_open) = marker.find("-->") else {
            problems.push("a marker that never closes".to_string());
            break;
        };
        let source = &marker[OPEN.len()..end_of_open];
        let after = &marker[end_of_open + 3..];
        let Some(close) = after.find(CLOSE) else {
            problems.push(format!("`{source}` has no {CLOSE}"));
            break;
        };
        let old = &after[..close];
        let new = match lookup(records, source) {
            Ok(new) => new,
            Err(why) => {
                problems.push(why);
                old.to_string()
            }
        };
        if new != old {
            problems.push(format!("`{source}` reads {old}, its record says {new}"));
        }
        out.push_str(&marker[..end_of_open + 3]);
        out.push_str(&new);
        out.push_str(CLOSE);
        rest = &after[close + CLOSE.len()..];
    }
    out.push_str(rest);
    Rendered { text: out, problems }
}

/// Measured figures standing in prose without markers: a number followed
/// by a unit, outside code blocks, inline code and markers.
pub fn unmarked_figures(text: &str) -> Vec<String> {
    const UNITS: [&str; 12] = ["ms", "µs", "us", "ns", "s", "MiB", "KiB", "GiB", "MB", "KB", "x", "%"];
    let mut found = Vec::new();
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        let plain = strip(line);
        let words: Vec<&str> = plain.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let word = word.trim_matches(|c: char| "(),;:".contains(c));
            let split = word.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','));
            let (number, unit) = match split {
                Some(at) => word.split_at(at),
                None => (
                    word,
                    words
                        .get(i + 1)
                        .copied()
                        .unwrap_or("")
                        .trim_matches(|c: char| "(),;:.".contains(c)),
                ),
            };
            // A figure ends in a digit: "0.2.x" is a version, not 0.2 of x.
            let has_digit = number.ends_with(|c: char| c.is_ascii_digit());
            if has_digit && number.contains('.') && UNITS.contains(&unit) {
                found.push(format!("line {}: {number} {unit}", n + 1));
            }
        }
    }
    found
}

/// A line without its inline code spans and figure markers.
fn strip(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        let code = rest.find('`');
        let marker = rest.find(OPEN);
        match (code, marker) {
            (Some(c), m) if m.is_none_or(|m| c < m) => {
                out.push_str(&rest[..c]);
                match rest[c + 1..].find('`') {
                    Some(end) => rest = &rest[c + 1 + end + 1..],
                    None => return out,
                }
            }
            (_, Some(m)) => {
                out.push_str(&rest[..m]);
                match rest[m..].find(CLOSE) {
                    Some(end) => rest = &rest[m + end + CLOSE.len()..],
                    None => return out,
                }
            }
            _ => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// Checks every page: markers match their records; clean pages have no
/// figure outside markers. Returns the problems, page by page.
pub fn check(root: &Path) -> Result<Vec<String>, String> {
    let records = records(root)?;
    let mut problems = Vec::new();
    for page in pages(root) {
        let text = std::fs::read_to_string(&page).map_err(|e| format!("{}: {e}", page.display()))?;
        let shown = page.strip_prefix(root).unwrap_or(&page).display().to_string();
        problems.extend(
            render(&text, &records)
                .problems
                .into_iter()
                .map(|p| format!("{shown}: {p}")),
        );
        if CLEAN_PAGES.contains(&shown.as_str()) {
            let loose = unmarked_figures(&text);
            problems.extend(
                loose
                    .into_iter()
                    .map(|f| format!("{shown}: a figure with no record, {f}")),
            );
        }
    }
    Ok(problems)
}
