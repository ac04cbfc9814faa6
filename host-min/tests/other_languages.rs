//! Exercise 11: the plugin world of wit/plugin.wit written in Python
//! (componentize-py) and JavaScript (componentize-js), each component
//! carrying its language's engine and importing WASI 0.2, which host-min
//! serves from its own (src/wasi/p2/), and in C (plugins/c/plugin.c, the
//! canonical ABI by hand, no libc and no WASI). They are held to the conformance of
//! the Rust components (components.rs), loaded from the artifacts the
//! Makefile compiled with `host-min compile`.
//!
//! Run: `make build && cargo test -p host-min --test other_languages`

mod common;

use common::{assert_one_error_line, host_min, module, run};
use host_min::component::ComponentPlugin;
use host_min::plugin::Answer;
use host_min::{Host, HostState, Wasm};
use std::process::Command;

const LANGUAGES: [&str; 4] = ["python", "js", "c", "go"];

fn instance(language: &str, state: HostState) -> ComponentPlugin {
    let mut host = Host::new().unwrap();
    host.allow_precompiled();
    let artifact = module(&format!("plugins/{language}.cwasm"));
    let Ok(Wasm::Component(component)) = host.load_any(&artifact) else {
        panic!("{language}: not a component artifact");
    };
    ComponentPlugin::new(&host, &component, state).unwrap()
}

fn text(answer: Answer) -> String {
    match answer {
        Answer::Text(text) => text,
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn upper_word_count_and_reverse_follow_unicode_in_every_language() {
    for language in LANGUAGES {
        let mut plugin = instance(language, HostState::quiet());
        assert_eq!(text(plugin.call("upper", "").unwrap()), "", "{language}");
        assert_eq!(text(plugin.call("upper", "grüße").unwrap()), "GRÜSSE", "{language}");
        assert_eq!(text(plugin.call("reverse", "grüße").unwrap()), "eßürg", "{language}");
        for (input, words) in [("", 0), ("one", 1), ("  two\twords\n", 2), ("a b  c   d", 4)] {
            let answer = plugin.call("word-count", input).unwrap();
            assert_eq!(answer, Answer::Number(words), "{language}: {input:?}");
        }
    }
}

#[test]
fn greet_goes_through_the_kv_store_and_the_log() {
    for language in LANGUAGES {
        let mut state = HostState::quiet();
        state.kv.insert(b"greeting".to_vec(), b"Hej".to_vec());
        let mut plugin = instance(language, state);
        assert_eq!(text(plugin.call("greet", "Ada").unwrap()), "Hej, Ada!", "{language}");
        let stored = plugin.store().data().kv.get(&b"last_greeted"[..]).cloned();
        assert_eq!(stored.as_deref(), Some(&b"Ada"[..]), "{language}");
        let mut plugin = instance(language, HostState::quiet());
        assert_eq!(text(plugin.call("greet", "").unwrap()), "Hello, world!", "{language}");
    }
}

#[test]
fn a_1_mib_string_goes_in_and_out_whole() {
    let input = "abcdefghij".repeat(1 << 17) + "end";
    for language in LANGUAGES {
        let mut plugin = instance(language, HostState::quiet());
        assert_eq!(
            text(plugin.call("upper", &input).unwrap()),
            input.to_uppercase(),
            "{language}"
        );
    }
}

/// Python's and C's memory stay where the first 1,000 calls left them, Go's
/// where the first 20,000 did. JavaScript's
/// does not: componentize-js 0.23.0 (StarlingMonkey) keeps growing linear
/// memory (by about 1 MiB per 1,000 pairs of calls here, unevenly), and a long-lived
/// instance would meet the memory cap. Pinned, so that a fix upstream
/// shows; a fresh instance starts again from the first figure, which is
/// how a host serving JS plugins keeps them bounded.
#[test]
fn many_calls_leave_python_c_and_go_flat_and_javascript_growing() {
    let calls = |plugin: &mut ComponentPlugin, n: usize| {
        for i in 0..n {
            let input = format!("call number {i} with grüße");
            plugin.call("upper", &input).unwrap();
            plugin.call("word-count", &input).unwrap();
        }
        plugin.store().data().memory_cap.peak_bytes
    };
    // Go's collector lets the heap grow in steps until its pace settles,
    // within 20,000 calls here; then it stays.
    for (flat, warm_up) in [("python", 1_000), ("c", 1_000), ("go", 20_000)] {
        let mut plugin = instance(flat, HostState::quiet());
        let warm = calls(&mut plugin, warm_up);
        assert_eq!(calls(&mut plugin, 5_000), warm, "{flat}: linear memory grew");
    }

    let mut js = instance("js", HostState::quiet());
    let warm = calls(&mut js, 1_000);
    let after = calls(&mut js, 9_000);
    assert!(
        after > warm,
        "js: {warm} -> {after} bytes; has componentize-js stopped growing?"
    );
    let mut fresh = instance("js", HostState::quiet());
    assert_eq!(
        calls(&mut fresh, 1_000),
        warm,
        "a fresh instance starts where the first did"
    );
}

/// From the command line: the answer, the log line; invalid UTF-8 cannot
/// be passed as a WIT string; the raw component meets the compile budget,
/// whose refusal names `host-min compile`.
#[test]
fn the_cli_calls_them_precompiled_and_the_budget_names_the_way() {
    for language in LANGUAGES {
        let artifact = module(&format!("plugins/{language}.cwasm"));
        let ran = run(host_min()
            .args(["call", "--allow-precompiled", "--kv", "greeting=Hi"])
            .arg(&artifact)
            .args(["greet", "--input", "grüße"]));
        assert_eq!((ran.status, ran.stdout.as_str()), (0, "Hi, grüße!\n"), "{}", ran.stderr);
        assert_eq!(ran.stderr, "[guest] greet: called for \"grüße\"\n", "{language}");

        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.txt");
        std::fs::write(&bad, b"\xff\xfe").unwrap();
        let ran = run(host_min()
            .args(["call", "--allow-precompiled"])
            .arg(&artifact)
            .args(["upper", "--input-file"])
            .arg(&bad));
        assert_eq!(ran.status, 64, "{language}");
        assert_one_error_line(&ran.stderr);

        // Python and JavaScript carry an interpreter and are refused by the
        // compile budget as they are; C is its own code alone, and runs.
        // Go's runtime (2 MB) compiles in about the budget's 2 s: either.
        let raw = module(&format!("plugins/{language}.wasm"));
        let ran = run(host_min().arg("call").arg(&raw).args(["upper", "--input", "x"]));
        if language == "c" || language == "go" && ran.status == 0 {
            assert_eq!((ran.status, ran.stdout.as_str()), (0, "X\n"), "{}", ran.stderr);
            continue;
        }
        assert_eq!(ran.status, 75, "{language}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.contains("`host-min compile`"), "{}", ran.stderr);
    }
}

/// Served many times, fresh and reused, over two threads: every call
/// answers the same, and an artifact is still loaded only when allowed.
#[test]
fn they_are_served_many_calls_fresh_and_reused() {
    for language in LANGUAGES {
        let artifact = module(&format!("plugins/{language}.cwasm"));
        for lifecycle in [&["--threads", "2"][..], &["--threads", "2", "--reuse"]] {
            let ran = run(host_min()
                .args(["call", "--allow-precompiled"])
                .arg(&artifact)
                .args(["upper", "--input", "grüße", "--calls", "40"])
                .args(lifecycle));
            let summary = ran.stderr.lines().last().unwrap_or_default();
            assert_eq!(
                (ran.status, ran.stdout.as_str()),
                (0, "GRÜSSE\t40\n"),
                "{language}: {}",
                ran.stderr
            );
            assert!(summary.starts_with("40 calls in "), "{language}: {}", ran.stderr);
        }
        let ran = run(host_min()
            .arg("call")
            .arg(&artifact)
            .args(["upper", "--input", "x", "--calls", "2"]));
        assert_eq!(ran.status, 64, "{language}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.contains("--allow-precompiled"), "{}", ran.stderr);
    }
}

/// Composition across languages (item 4 of exercise 11): the Rust plugin
/// guest-wit, linked through WIT to a Python component that provides its
/// log and kv store (plugins/python-provider/, composed by
/// scripts/compose.py). The result imports only the provider's WASI, and
/// both host-min and the wasmtime CLI run it: the greeting comes from the
/// provider's store (greeting=Hej), never the host's, and the log line is
/// the provider's, written through WASI's stderr.
#[test]
fn a_rust_plugin_composed_with_a_python_provider_runs_on_host_min_and_the_wasmtime_cli() {
    let composed = module("plugins/guest-wit+python.wasm");
    let world = common::wasm_tools_world(&composed);
    let imports: Vec<&str> = world
        .lines()
        .filter(|l| l.trim_start().starts_with("import "))
        .collect();
    assert!(!imports.is_empty(), "{world}");
    assert!(
        imports.iter().all(|line| line.contains("import wasi:")),
        "the composition still imports the world's functions: {imports:?}"
    );

    let log_line = "[python provider] greet: called for \"Ada\"\n";
    let reference = run(Command::new("wasmtime")
        .args(["run", "--invoke", "greet(\"Ada\")"])
        .arg(&composed));
    assert_eq!(reference.status, 0, "{}", reference.stderr);
    assert_eq!(reference.stdout.trim_end(), "\"Hej, Ada!\"");
    assert_eq!(reference.stderr, log_line);

    let artifact = module("plugins/guest-wit+python.cwasm");
    let ours = run(host_min()
        .args(["call", "--allow-precompiled", "--kv", "greeting=Hello"])
        .arg(&artifact)
        .args(["greet", "--input", "Ada"]));
    assert_eq!(
        (ours.status, ours.stdout.as_str()),
        (0, "Hej, Ada!\n"),
        "{}",
        ours.stderr
    );
    assert_eq!(ours.stderr, log_line);
    for (export, input, answer) in [("upper", "grüße", "GRÜSSE"), ("reverse", "grüße", "eßürg")] {
        let ran = run(host_min()
            .args(["call", "--allow-precompiled"])
            .arg(&artifact)
            .args([export, "--input", input]));
        assert_eq!((ran.status, ran.stdout.trim_end()), (0, answer), "{}", ran.stderr);
    }
}
