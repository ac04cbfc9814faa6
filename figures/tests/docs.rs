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
