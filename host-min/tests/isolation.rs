//! Isolation in one process, through the library API: whatever a hostile
//! guest did, the next call of a good plugin in the same process works.
//!
//! Run: `make build && cargo test -p host-min --test isolation`

mod common;

use common::{module, repo_root};
use host_min::limits::Limits;
use host_min::plugin::{Answer, Plugin};
use host_min::{Host, HostState, Status};
use std::time::Duration;

fn host() -> Host {
    let limits = Limits {
        timeout: Some(Duration::from_millis(100)),
        ..Limits::default()
    };
    Host::with_limits(limits).unwrap()
}

fn good_call_works(host: &Host) {
    let module = host.load(&module("guest-raw.wasm")).unwrap();
    let mut plugin = Plugin::new(host, &module, HostState::quiet()).unwrap();
    assert_eq!(
        plugin.call("upper", "grüße".as_bytes()).unwrap(),
        Answer::Text("GRÜSSE".into())
    );
}

#[test]
fn after_each_hostile_guest_a_good_plugin_in_the_same_process_still_works() {
    let host = host();
    for (file, status) in [
        ("infinite-loop.wat", Status::Timeout),
        ("memory-bomb.wat", Status::MemoryLimit),
        ("recursion.wat", Status::Trapped),
        ("divide-by-zero.wat", Status::Trapped),
        ("unknown-import.wat", Status::BadModule),
    ] {
        let hostile = host.load(&repo_root().join("wat/hostile").join(file)).unwrap();
        let error = host.run_command(&hostile, HostState::quiet()).unwrap_err();
        assert_eq!(error.status, status, "{file}: {}", error.message);
        good_call_works(&host);
    }
    let bad = host.load(&repo_root().join("wat/hostile/bad-plugin.wat")).unwrap();
    let mut bad = Plugin::new(&host, &bad, HostState::quiet()).unwrap();
    for export in ["result_outside", "log_outside", "kv_outside", "text_not_utf8"] {
        assert!(bad.call(export, b"x").is_err(), "{export}");
        good_call_works(&host);
    }
}

#[test]
fn a_plugin_that_never_frees_hits_the_cap_and_a_fresh_instance_starts_clean() {
    let limits = Limits {
        max_memory: 8 << 20,
        ..Limits::default()
    };
    let host = Host::with_limits(limits).unwrap();
    let module = host.load(&repo_root().join("wat/hostile/never-frees.wat")).unwrap();
    let mut plugin = Plugin::new(&host, &module, HostState::quiet()).unwrap();
    let input = vec![b'x'; 256 << 10];
    // Each call leaks 512 KiB (input and result), so the cap must be reached.
    let stopped = (0..100)
        .find_map(|_| plugin.call("echo", &input).err())
        .expect("never stopped");
    assert_eq!(stopped.status, Status::MemoryLimit, "{}", stopped.message);
    assert!(
        stopped.message.starts_with("memory limit of 8 MiB reached"),
        "{}",
        stopped.message
    );
    assert!(plugin.memory_size() <= 8 << 20);
    let mut fresh = Plugin::new(&host, &module, HostState::quiet()).unwrap();
    assert_eq!(fresh.call("echo", b"again").unwrap(), Answer::Text("again".into()));
}
