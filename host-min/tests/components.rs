//! Exercise 7: the plugin world of wit/plugin.wit as components, held to the
//! same conformance as the core implementations, under host-min (its
//! `bindgen!` host) and under the wasmtime CLI (the plugin composed with the
//! provider component). Also: components that do not match the world, the
//! sandbox limits, and what invalid UTF-8 does on each path.
//!
//! Run: `make build && cargo test -p host-min --test components`

mod common;

use common::{assert_one_error_line, fixture, host_min, module, run};
use host_min::component::ComponentPlugin;
use host_min::limits::Limits;
use host_min::plugin::Answer;
use host_min::{Host, HostState, Status, Wasm};
use std::process::Command;

/// The components of the world, and whether each is the ASCII-only one:
/// the canonical ABI by hand (guest-cabi), generated (guest-wit), and in the
/// text format.
const COMPONENTS: [(&str, bool); 3] = [
    ("component/guest-cabi.wasm", false),
    ("component/guest-wit.wasm", false),
    ("component/plugin.wasm", true),
];

fn instance(name: &str, state: HostState) -> ComponentPlugin {
    let host = Host::new().unwrap();
    let Ok(Wasm::Component(component)) = host.load_any(&module(name)) else {
        panic!("{name} is not a component");
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
fn upper_word_count_and_reverse_agree_with_the_core_plugin() {
    for (name, ascii_only) in COMPONENTS {
        let mut plugin = instance(name, HostState::quiet());
        assert_eq!(text(plugin.call("upper", "").unwrap()), "", "{name}");
        assert_eq!(text(plugin.call("upper", "Hello, wasm!").unwrap()), "HELLO, WASM!");
        let unicode = if ascii_only { "GRüßE" } else { "GRÜSSE" };
        assert_eq!(text(plugin.call("upper", "grüße").unwrap()), unicode, "{name}");
        for (input, words) in [("", 0), ("one", 1), ("  two\twords\n", 2), ("a b  c   d", 4)] {
            assert_eq!(
                plugin.call("word-count", input).unwrap(),
                Answer::Number(words),
                "{name}: {input:?}"
            );
        }
        assert_eq!(text(plugin.call("reverse", "wasm").unwrap()), "msaw", "{name}");
    }
    for name in ["component/guest-cabi.wasm", "component/guest-wit.wasm"] {
        let mut unicode = instance(name, HostState::quiet());
        assert_eq!(text(unicode.call("reverse", "grüße").unwrap()), "eßürg", "{name}");
    }
}

#[test]
fn greet_goes_through_the_kv_store_and_the_log() {
    for (name, _) in COMPONENTS {
        let mut state = HostState::quiet();
        state.kv.insert(b"greeting".to_vec(), b"Hej".to_vec());
        let mut plugin = instance(name, state);
        assert_eq!(text(plugin.call("greet", "Ada").unwrap()), "Hej, Ada!", "{name}");
        let kv = &plugin.store().data().kv;
        assert_eq!(
            kv.get(&b"last_greeted"[..]).map(Vec::as_slice),
            Some(&b"Ada"[..]),
            "{name}"
        );

        let mut plugin = instance(name, HostState::quiet());
        assert_eq!(text(plugin.call("greet", "").unwrap()), "Hello, world!", "{name}");
    }
}

#[test]
fn a_1_mib_string_goes_in_and_out_whole() {
    let input = "abcdefghij".repeat(1 << 17) + "end"; // 1,310,723 bytes
    for (name, _) in COMPONENTS {
        let mut plugin = instance(name, HostState::quiet());
        let answer = text(plugin.call("upper", &input).unwrap());
        assert_eq!(answer, input.to_uppercase(), "{name}");
    }
}

#[test]
fn ten_thousand_calls_leave_linear_memory_where_the_first_hundred_did() {
    for (name, _) in COMPONENTS {
        let mut plugin = instance(name, HostState::quiet());
        let calls = |plugin: &mut ComponentPlugin, n: usize| {
            for i in 0..n {
                let input = format!("call number {i} with grüße");
                plugin.call("upper", &input).unwrap();
                plugin.call("word-count", &input).unwrap();
            }
        };
        calls(&mut plugin, 100);
        let warm = plugin.store().data().memory_cap.peak_bytes;
        calls(&mut plugin, 10_000);
        let after = plugin.store().data().memory_cap.peak_bytes;
        assert!(warm > 0, "{name}: no memory seen");
        assert_eq!(after, warm, "{name}: linear memory grew from {warm} to {after} bytes");
    }
}

/// host-min's CLI on a component: the answer on stdout, or one error line.
fn call(component: &std::path::Path, args: &[&str]) -> common::Output {
    run(host_min().arg("call").arg(component).args(args))
}

#[test]
fn the_cli_calls_components_by_wit_name_and_inspects_their_world() {
    let cabi = module("component/guest-cabi.wasm");
    let ran = call(&cabi, &["greet", "--input", "Ada", "--kv", "greeting=Hej"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "Hej, Ada!\n"), "{}", ran.stderr);
    assert_eq!(ran.stderr, "[guest] greet: called for \"Ada\"\n");
    let ran = call(&cabi, &["word-count", "--input", "three short words"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "3\n"));

    // The core ABI's name is not the world's.
    let ran = call(&cabi, &["word_count", "--input", "x"]);
    assert_eq!(ran.status, Status::BadModule.code() as i32);
    assert_one_error_line(&ran.stderr);
    assert!(
        ran.stderr.contains("no export `word_count`; it has upper, word-count"),
        "{}",
        ran.stderr
    );

    // A `.wat` component is accepted as it is.
    let wat = common::repo_root().join("wat/component/plugin.wat");
    let ran = call(&wat, &["upper", "--input", "text"]);
    assert_eq!((ran.status, ran.stdout.as_str()), (0, "TEXT\n"), "{}", ran.stderr);

    let inspected = run(host_min().arg("inspect").arg(&cabi));
    assert_eq!(inspected.status, 0);
    for line in [
        "import kv-get: func(key: string) -> option<string>;",
        "import kv-set: func(key: string, value: string) -> result;",
        "export word-count: func(s: string) -> u32;",
        "export greet: func(name: string) -> string;",
    ] {
        assert!(inspected.stdout.contains(line), "no {line:?} in:\n{}", inspected.stdout);
    }

    // `run` wants a WASI command (for a component, one exporting
    // wasi:cli/run), and says so.
    let ran = run(host_min().arg("run").arg(&cabi));
    assert_eq!(ran.status, Status::BadModule.code() as i32);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("is not a WASI 0.2 command"), "{}", ran.stderr);
}

#[test]
fn a_component_that_does_not_match_the_world_is_refused_in_one_line_naming_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = std::fs::read_to_string(fixture("component-hostile.wat")).unwrap();
    let wrong_type = dir.path().join("wrong-type.wat");
    let retyped = hostile.replace(
        r#"(param "s" string) (result u32)"#,
        r#"(param "s" string) (result string)"#,
    );
    assert_ne!(retyped, hostile);
    std::fs::write(&wrong_type, retyped).unwrap();
    for (component, names) in [
        (fixture("component-missing-export.wat"), "no export `greet`"),
        (wrong_type, "word-count"),
    ] {
        let ran = call(&component, &["upper", "--input", "x"]);
        assert_eq!(ran.status, Status::BadModule.code() as i32, "{}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert!(
            ran.stderr.contains("does not match the world `plugin`"),
            "{}",
            ran.stderr
        );
        assert!(ran.stderr.contains(names), "{}", ran.stderr);
    }
}

#[test]
fn the_sandbox_limits_hold_for_components() {
    let hostile = fixture("component-hostile.wat");
    let cases: [(&[&str], Status, &str); 5] = [
        (
            &["--timeout-ms", "200", "upper"],
            Status::Timeout,
            "upper timed out after 200 ms",
        ),
        (
            &["--fuel", "100000", "upper"],
            Status::OutOfFuel,
            "upper ran out of fuel",
        ),
        (
            &["--max-memory-mib", "8", "word-count"],
            Status::MemoryLimit,
            "memory limit of 8 MiB reached",
        ),
        (&["greet"], Status::AbiViolation, "greet failed"),
        (&["reverse"], Status::AbiViolation, "reverse failed"),
    ];
    for (args, status, message) in cases {
        let ran = run(host_min()
            .arg("call")
            .args(&args[..args.len() - 1])
            .arg(&hostile)
            .arg(args[args.len() - 1]));
        assert_eq!(ran.status, status.code() as i32, "{args:?}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert!(ran.stderr.contains(message), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stdout, "", "{args:?}");
    }
}

#[test]
fn invalid_utf8_on_each_path() {
    let bad_input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad_input.path(), b"caf\xe9").unwrap();
    let input_file = bad_input.path().to_str().unwrap();

    // Core ABI, host to guest: bytes are bytes; guest-raw checks and answers
    // with an error result (kind 2).
    let ran = run(host_min()
        .arg("call")
        .arg(module("guest-raw.wasm"))
        .args(["upper", "--input-file", input_file]));
    assert_eq!(ran.status, Status::GuestError.code() as i32, "{}", ran.stderr);
    assert!(ran.stderr.contains("the input is not valid UTF-8"), "{}", ran.stderr);

    // Canonical ABI, host to guest: a WIT string cannot hold it; host-min
    // refuses before calling.
    let ran = call(
        &module("component/guest-cabi.wasm"),
        &["upper", "--input-file", input_file],
    );
    assert_eq!(ran.status, Status::Usage.code() as i32, "{}", ran.stderr);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("not valid UTF-8"), "{}", ran.stderr);

    // Canonical ABI, guest to host: lifting the result checks it, and the
    // call fails. The WAT plugin reverses bytes, so "é" (c3 a9) comes back
    // as a9 c3.
    let ran = call(&module("component/plugin.wasm"), &["reverse", "--input", "é"]);
    assert_eq!(ran.status, Status::AbiViolation.code() as i32, "{}", ran.stderr);
    assert_one_error_line(&ran.stderr);
    assert!(ran.stderr.contains("invalid utf-8"), "{}", ran.stderr);
}

/// The wasmtime CLI, on each plugin composed with the provider component.
fn wasmtime_invoke(composed: &str, call: &str) -> common::Output {
    run(Command::new("wasmtime")
        .args(["run", "--invoke", call])
        .arg(module(composed)))
}

#[test]
fn the_wasmtime_cli_runs_each_plugin_composed_with_the_provider() {
    for (composed, ascii_only) in [
        ("component/guest-cabi.composed.wasm", false),
        ("component/guest-wit.composed.wasm", false),
        ("component/plugin.composed.wasm", true),
    ] {
        let upper = if ascii_only { "\"GRüßE\"\n" } else { "\"GRÜSSE\"\n" };
        for (call, expected) in [
            ("upper(\"grüße\")", upper),
            ("word-count(\"a b  c\")", "3\n"),
            // The provider's store is seeded with greeting=Hej.
            ("greet(\"Ada\")", "\"Hej, Ada!\"\n"),
            ("reverse(\"wasm\")", "\"msaw\"\n"),
        ] {
            let ran = wasmtime_invoke(composed, call);
            assert_eq!(
                (ran.status, ran.stdout.as_str()),
                (0, expected),
                "{composed} {call}: {}",
                ran.stderr
            );
        }
    }
    // The plugin alone still imports log, kv-get and kv-set: the CLI refuses it.
    let ran = wasmtime_invoke("component/guest-cabi.wasm", "upper(\"x\")");
    assert_ne!(ran.status, 0);
    assert!(
        ran.stderr.contains("log") || ran.stderr.contains("import"),
        "{}",
        ran.stderr
    );
}

#[test]
fn fuel_is_given_afresh_for_every_call_on_components_too() {
    let plugin_with_fuel = |fuel: u64| {
        let host = Host::with_limits(Limits {
            fuel: Some(fuel),
            ..Limits::default()
        })
        .unwrap();
        let Ok(Wasm::Component(component)) = host.load_any(&module("component/guest-cabi.wasm")) else {
            panic!("not a component");
        };
        ComponentPlugin::new(&host, &component, HostState::quiet()).unwrap()
    };
    let input = "x".repeat(10_000);
    // What one call costs...
    let mut probe = plugin_with_fuel(100_000_000);
    probe.call("upper", &input).unwrap();
    let used = 100_000_000 - probe.store().get_fuel().unwrap();
    assert!(used > 1000, "a call used only {used} fuel");
    // ...and a budget of twice that, for each of ten calls in a row.
    let mut plugin = plugin_with_fuel(2 * used);
    for _ in 0..10 {
        plugin.call("upper", &input).unwrap();
    }
}

/// Composition is type-checked: a provider whose `kv-get` returns
/// `option<u32>` where the plugin imports `option<string>` is refused by
/// scripts/compose.py (wasm-tools' validation) and leaves no output.
#[test]
fn a_provider_of_the_wrong_type_does_not_compose() {
    let root = common::repo_root();
    let provider = std::fs::read_to_string(root.join("wat/component/provider.wat")).unwrap();
    let lifted = r#"(func (export "kv-get") (param "key" string) (result (option string))"#;
    assert!(provider.contains(lifted), "provider.wat's kv-get changed");
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong-provider.wat");
    std::fs::write(
        &wrong,
        provider.replace(lifted, &lifted.replace("(option string)", "(option u32)")),
    )
    .unwrap();
    let out = dir.path().join("composed.wasm");
    let ran = common::run(
        std::process::Command::new(root.join("scripts/compose.py"))
            .current_dir(&root)
            .arg(module("component/guest-wit.wasm"))
            .arg(&wrong)
            .arg(&out),
    );
    assert_ne!(ran.status, 0);
    assert!(
        ran.stderr.contains("type mismatch for import `kv-get`"),
        "{}",
        ran.stderr
    );
    assert!(!out.exists(), "a composition that does not type-check was left behind");
}
