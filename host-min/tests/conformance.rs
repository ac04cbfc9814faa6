//! One conformance suite for every implementation of the ABI in ABI.md:
//! guest-raw with each allocator (bump, dlmalloc, wee_alloc) and the
//! hand-written WAT twin, driven through host-min's library API.
//!
//! Run: `make build && cargo test -p host-min --test conformance -- --nocapture`

mod common;

use common::{assert_one_error_line, host_min, module, run};
use host_min::limits::Limits;
use host_min::plugin::{Answer, Plugin};
use host_min::{Host, HostState, Status};

/// The implementations, and whether each is the ASCII-only twin.
const IMPLEMENTATIONS: [(&str, bool); 4] = [
    ("guest-raw.wasm", false),
    ("guest-raw-dlmalloc.wasm", false),
    ("guest-raw-wee_alloc.wasm", false),
    ("wat/abi-twin.wasm", true),
];

fn plugin(name: &str) -> Plugin {
    plugin_with(name, Limits::default())
}

fn plugin_with(name: &str, limits: Limits) -> Plugin {
    let host = Host::with_limits(limits).unwrap();
    let module = host.load(&module(name)).unwrap();
    Plugin::new(&host, &module, HostState::quiet()).unwrap()
}

fn text(answer: Answer) -> String {
    match answer {
        Answer::Text(text) => text,
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn upper_handles_empty_ascii_and_non_ascii_input() {
    for (name, ascii_only) in IMPLEMENTATIONS {
        let mut plugin = plugin(name);
        assert_eq!(text(plugin.call("upper", b"").unwrap()), "", "{name}");
        assert_eq!(
            text(plugin.call("upper", b"Hello, wasm!").unwrap()),
            "HELLO, WASM!",
            "{name}"
        );
        let expected = if ascii_only { "GRüßE" } else { "GRÜSSE" }; // str::to_uppercase: ß -> SS
        assert_eq!(
            text(plugin.call("upper", "grüße".as_bytes()).unwrap()),
            expected,
            "{name}"
        );
    }
}

#[test]
fn word_count_counts_runs_of_non_whitespace() {
    for (name, _) in IMPLEMENTATIONS {
        let mut plugin = plugin(name);
        for (input, count) in [
            ("", 0),
            ("one", 1),
            ("  two\twords\n", 2),
            ("a b  c ", 3),
            ("grüße aus köln", 3),
        ] {
            assert_eq!(
                plugin.call("word_count", input.as_bytes()).unwrap(),
                Answer::Number(count),
                "{name} {input:?}"
            );
        }
    }
}

#[test]
fn a_one_mib_input_goes_in_and_comes_back_out() {
    let input: Vec<u8> = (0..1 << 20).map(|i| b"abcdefghij klmnop"[i % 17]).collect();
    let expected = String::from_utf8(input.to_ascii_uppercase()).unwrap();
    for (name, _) in IMPLEMENTATIONS {
        let mut plugin = plugin(name);
        assert_eq!(text(plugin.call("upper", &input).unwrap()), expected, "{name}");
        let words = input.split(|&b| b == b' ').filter(|w| !w.is_empty()).count() as u64;
        assert_eq!(
            plugin.call("word_count", &input).unwrap(),
            Answer::Number(words),
            "{name}"
        );
    }
}

#[test]
fn ten_thousand_calls_in_one_instance_do_not_grow_memory_without_bound() {
    // A 1 GiB cap instead of the default 64 MiB, so a leak shows in full
    // here rather than being stopped by the cap.
    let limits = Limits {
        max_memory: 1 << 30,
        ..Limits::default()
    };
    let mut measured = Vec::new();
    for (name, _) in IMPLEMENTATIONS {
        let mut plugin = plugin_with(name, limits.clone());
        // Mixed sizes, so a leaking allocator would show it.
        let inputs: Vec<Vec<u8>> = [1usize, 100, 4000, 17, 65536].iter().map(|&n| vec![b'x'; n]).collect();
        for input in &inputs {
            plugin.call("upper", input).unwrap();
        }
        let warm = plugin.memory_size();
        for i in 0..10_000 {
            let input = &inputs[i % inputs.len()];
            assert_eq!(text(plugin.call("upper", input).unwrap()).len(), input.len());
        }
        let after = plugin.memory_size();
        println!("{name}: linear memory {warm} bytes after warm-up, {after} after 10,000 more calls");
        measured.push(format!(
            "{{\"module\": \"{name}\", \"warm\": {warm}, \"after\": {after}}}"
        ));
        if name.contains("wee_alloc") {
            // Reported, not required: wee_alloc is the known-leaky comparison.
            continue;
        }
        assert_eq!(after, warm, "{name} grew over 10,000 calls");
    }
    // `make record-sizes` keeps what was measured (docs/03's table).
    if let Ok(path) = std::env::var("MEMORY_JSON") {
        std::fs::write(path, format!("{{\"rows\": [{}]}}\n", measured.join(", "))).unwrap();
    }
}

#[test]
fn alloc_failure_is_reported_as_an_abi_error_not_a_crash() {
    for (name, _) in IMPLEMENTATIONS {
        let mut plugin = plugin(name);
        let error = plugin.alloc(u32::MAX - 64).unwrap_err();
        assert_eq!(error.status, Status::AbiViolation, "{name}");
        assert!(error.message.contains("returned 0"), "{name}: {}", error.message);
        // The instance is still usable afterwards.
        assert_eq!(text(plugin.call("upper", b"ok").unwrap()), "OK", "{name}");
    }
}

#[test]
fn fib_is_the_same_in_every_implementation() {
    for (name, _) in IMPLEMENTATIONS {
        let mut plugin = plugin(name);
        let instance = plugin.instance();
        let fib = instance.get_typed_func::<u32, u64>(plugin.store_mut(), "fib").unwrap();
        for (n, expected) in [(0, 0), (1, 1), (2, 1), (20, 6765), (25, 75025)] {
            assert_eq!(fib.call(plugin.store_mut(), n).unwrap(), expected, "{name} fib({n})");
        }
    }
}

// The functions only guest-raw has.

#[test]
fn reverse_goes_by_characters_not_bytes() {
    let mut plugin = plugin("guest-raw.wasm");
    assert_eq!(text(plugin.call("reverse", "grüße".as_bytes()).unwrap()), "eßürg");
    assert_eq!(text(plugin.call("reverse", b"").unwrap()), "");
}

#[test]
fn greet_uses_the_hosts_store_and_a_missing_key_falls_back() {
    let mut plugin = plugin("guest-raw.wasm");
    // No "greeting" key in the host's store: the guest's default.
    assert_eq!(text(plugin.call("greet", b"Ada").unwrap()), "Hello, Ada!");
    assert_eq!(
        plugin.store().data().kv.get(&b"last_greeted"[..]),
        Some(&b"Ada".to_vec())
    );
    plugin
        .store_mut()
        .data_mut()
        .kv
        .insert(b"greeting".to_vec(), b"Hei".to_vec());
    assert_eq!(text(plugin.call("greet", b"").unwrap()), "Hei, world!");
}

#[test]
fn input_that_is_not_utf8_gets_the_guests_error_message() {
    let mut plugin = plugin("guest-raw.wasm");
    let error = plugin.call("upper", &[0xff, 0xfe]).unwrap_err();
    assert_eq!(error.status, Status::GuestError);
    assert_eq!(error.message, "upper failed: the input is not valid UTF-8");
}

#[test]
fn a_guest_panic_reaches_the_host_as_a_trap_with_its_message() {
    let mut plugin = plugin("guest-raw.wasm");
    let error = plugin.call("fail", b"boom").unwrap_err();
    assert_eq!(error.status, Status::Trapped);
    assert_eq!(
        error.message,
        "fail trapped: the guest panicked: fail was called with \"boom\""
    );
    assert_eq!(text(plugin.call("upper", b"still here").unwrap()), "STILL HERE");
}

// The same through the CLI, as a user types it.

#[test]
fn the_cli_prints_text_and_numbers_and_passes_kv() {
    let call = |args: &[&str]| run(host_min().arg("call").arg(module("guest-raw.wasm")).args(args));
    let upper = call(&["upper", "--input", "grüße"]);
    assert_eq!((upper.status, upper.stdout.as_str()), (0, "GRÜSSE\n"));
    let count = call(&["word_count", "--input", "one two three"]);
    assert_eq!(count.stdout, "3\n");
    let greet = call(&["greet", "--input", "Ada", "--kv", "greeting=Hej"]);
    assert_eq!(greet.stdout, "Hej, Ada!\n");
    assert_eq!(greet.stderr, "[guest] greet: called for \"Ada\"\n");
}

#[test]
fn the_cli_reads_an_input_file_and_reports_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.txt");
    std::fs::write(&path, "from a file").unwrap();
    let call = |file: &std::path::Path| {
        run(host_min()
            .arg("call")
            .arg(module("wat/abi-twin.wasm"))
            .arg("upper")
            .arg("--input-file")
            .arg(file))
    };
    assert_eq!(call(&path).stdout, "FROM A FILE\n");
    let missing = call(&dir.path().join("nope.txt"));
    assert_eq!(missing.status, 66);
    assert_one_error_line(&missing.stderr);
}

#[test]
fn the_cli_reports_a_guest_error_a_panic_and_a_missing_export_in_one_line() {
    let call = |args: &[&str]| run(host_min().arg("call").arg(module("guest-raw.wasm")).args(args));
    for (args, status) in [
        (&["fail", "--input", "x"][..], 70),
        (&["no_such_export"], 65),
        (&["greet", "--input-file", "/"], 66),
    ] {
        let ran = call(args);
        assert_eq!(ran.status, status, "{args:?}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
        assert_eq!(ran.stdout, "");
    }
}
