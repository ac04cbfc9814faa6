//! The docs' figures against their records, and the check itself held to
//! account: a figure changed by hand must fail it.
//!
//! Run: `cargo test -p figures`

use serde_json::json;
use std::collections::BTreeMap;

fn records() -> BTreeMap<String, serde_json::Value> {
    let record = json!({"data": {"wasi": {"ratio": {"median": 1.0734}, "writes": 100000}}});
    BTreeMap::from([("run-1".to_string(), record)])
}

#[test]
fn every_figure_in_the_docs_matches_its_record() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let problems = figures::check(&root).expect("records and pages readable");
    assert!(problems.is_empty(), "run `make docs`:\n{}", problems.join("\n"));
}

#[test]
fn rendering_fills_in_and_formats_each_figure() {
    let page = "ratio <!--fig:run-1/wasi.ratio.median|.2-->?<!--/fig-->x over <!--fig:run-1/wasi.writes|int-->?<!--/fig--> writes";
    let rendered = figures::render(page, &records());
    assert_eq!(
        rendered.text,
        "ratio <!--fig:run-1/wasi.ratio.median|.2-->1.07<!--/fig-->x over <!--fig:run-1/wasi.writes|int-->100,000<!--/fig--> writes"
    );
    let again = figures::render(&rendered.text, &records());
    assert!(again.problems.is_empty(), "{:?}", again.problems);
}

#[test]
fn a_spread_over_runs_is_computed_from_their_records() {
    let mut runs = records();
    runs.insert("run-2".into(), json!({"data": {"wasi": {"ratio": {"median": 1.2}}}}));
    runs.insert("run-3".into(), json!({"data": {"wasi": {"ratio": {"median": 0.98}}}}));
    let each = figures::lookup(&runs, "run-1+run-2+run-3/wasi.ratio.median|.2");
    assert_eq!(each.as_deref(), Ok("1.07, 1.20, 0.98"));
    let range = figures::lookup(&runs, "run-1+run-2+run-3/wasi.ratio.median|range.2");
    assert_eq!(range.as_deref(), Ok("0.98–1.20"));
    assert!(figures::lookup(&runs, "run-1+run-4/wasi.ratio.median|range.2").is_err());
}

#[test]
fn a_scale_shows_base_units_in_larger_ones() {
    let runs = BTreeMap::from([(
        "run".to_string(),
        json!({"data": {"ns": 2_345_678.0, "bytes": 23_068_672}}),
    )]);
    assert_eq!(figures::lookup(&runs, "run/ns|ms.2").as_deref(), Ok("2.35"));
    assert_eq!(figures::lookup(&runs, "run/ns|us.0").as_deref(), Ok("2346"));
    assert_eq!(figures::lookup(&runs, "run/bytes|MiB.1").as_deref(), Ok("22.0"));
}

#[test]
fn a_figure_changed_by_hand_or_without_a_source_fails_the_check() {
    let edited = "ratio <!--fig:run-1/wasi.ratio.median|.2-->1.05<!--/fig-->x";
    let problems = figures::render(edited, &records()).problems;
    assert_eq!(
        problems,
        ["`run-1/wasi.ratio.median|.2` reads 1.05, its record says 1.07"]
    );
    let missing = figures::render("<!--fig:run-2/x-->1<!--/fig-->", &records()).problems;
    assert_eq!(missing, ["no record `run-2` in docs/records/"]);
    let loose = figures::unmarked_figures("it took 2.30 ms, `3.5 ms` in code is fine, 4 files\n```\n9.9 ms\n```\n");
    assert_eq!(loose, ["line 1: 2.30 ms"]);
}

/// Every relative link in the pages (`[text](path)` and `[text](path#anchor)`)
/// leads to a file or folder that exists, so a moved or renamed file cannot
/// leave a walkthrough pointing at nothing.
#[test]
fn every_relative_link_in_the_docs_leads_to_a_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in figures::pages(&root) {
        let text = std::fs::read_to_string(&page).unwrap();
        let base = page.parent().unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = rest[..end].split('#').next().unwrap_or_default();
            let external = target.contains("://") || target.starts_with("mailto:");
            if target.is_empty() || external || target.contains(' ') {
                continue;
            }
            checked += 1;
            if !base.join(target).exists() {
                let shown = page.strip_prefix(&root).unwrap_or(&page).display().to_string();
                broken.push(format!("{shown}: {target}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} links found");
    assert!(broken.is_empty(), "links to nothing:\n{}", broken.join("\n"));
}
