//! Three claims of the practice text the project grew from, checked on the
//! built artifacts and the real toolchain: linear memory grows in 64 KiB pages
//! and never shrinks; an out-of-bounds load or store traps and writes nothing;
//! `wasm32-wasi` is gone from rustc 1.95 and `wasm32-wasip1` is its name now.
//!
//! Run: `make build && cargo test -p host-min --test seed_claims`

mod common;

use common::{module, repo_root, run};
use host_min::plugin::Plugin;
use host_min::{Host, HostState};
use std::process::Command;
use wasmtime::Trap;

const PAGE: usize = 64 * 1024;

#[test]
fn linear_memory_grows_in_64_kib_pages_and_never_shrinks() {
    let host = Host::new().unwrap();
    let module = host.load(&module("guest-raw-dlmalloc.wasm")).unwrap();
    let mut plugin = Plugin::new(&host, &module, HostState::quiet()).unwrap();
    let before = plugin.memory_size();
    assert_eq!(before % PAGE, 0, "{before}");

    // Grow: 4 MiB more than memory holds; dlmalloc asks memory.grow for it.
    let big = (4 << 20) as u32;
    let ptr = plugin.alloc(big).unwrap();
    let grown = plugin.memory_size();
    assert!(grown >= before + big as usize, "{before} -> {grown}");
    assert_eq!(grown % PAGE, 0, "{grown}");

    // Free: the allocator takes the bytes back, wasm memory does not shrink
    // (there is no memory.shrink).
    plugin.dealloc(ptr, big).unwrap();
    assert_eq!(plugin.memory_size(), grown);

    // Grow again: the freed space is reused, and memory stays where it was.
    let again = plugin.alloc(big).unwrap();
    assert_eq!(plugin.memory_size(), grown);
    plugin.dealloc(again, big).unwrap();
}

#[test]
fn an_out_of_bounds_load_or_store_traps_and_writes_nothing() {
    let host = Host::new().unwrap();
    let path = repo_root().join("wat/hostile/out-of-bounds.wat");
    let module = host.load(&path).unwrap();
    let (mut store, instance) = host.instantiate(&module, HostState::quiet()).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert_eq!(memory.data_size(&store), PAGE);

    let store_oob = instance.get_typed_func::<(), ()>(&mut store, "store").unwrap();
    let error = store_oob.call(&mut store, ()).unwrap_err();
    assert_eq!(
        error.downcast_ref::<Trap>(),
        Some(&Trap::MemoryOutOfBounds),
        "{error:?}"
    );
    // The 8-byte store started 4 bytes before the end: none of it landed.
    assert_eq!(&memory.data(&store)[PAGE - 4..], &[0, 0, 0, 0]);

    let load_oob = instance.get_typed_func::<(), i64>(&mut store, "load").unwrap();
    let error = load_oob.call(&mut store, ()).unwrap_err();
    assert_eq!(
        error.downcast_ref::<Trap>(),
        Some(&Trap::MemoryOutOfBounds),
        "{error:?}"
    );
}

#[test]
fn wasm32_wasi_is_gone_from_rustc_1_95_and_wasm32_wasip1_is_its_name() {
    let targets = run(Command::new("rustc").args(["--print", "target-list"]));
    assert_eq!(targets.status, 0, "{}", targets.stderr);
    let targets: Vec<&str> = targets.stdout.lines().collect();
    assert!(targets.contains(&"wasm32-wasip1"));
    assert!(!targets.contains(&"wasm32-wasi"));

    // What a user who types the old name is told.
    let old = run(Command::new("rustc").args(["--target", "wasm32-wasi", "--print", "cfg"]));
    assert_ne!(old.status, 0);
    assert!(old.stderr.contains("wasm32-wasi"), "{}", old.stderr);
    assert!(
        old.stderr.contains("could not find specification for target"),
        "{}",
        old.stderr
    );
}

/// docs/img/linear-memory.svg draws guest-raw's memory with its real
/// offsets: where the stack starts (and the data begins), `__data_end`,
/// `__heap_base` and the size of the initial pages. They are read here from
/// out/guest-raw.wasm, so a rebuild that moves them fails this test instead
/// of leaving the picture wrong.
#[test]
fn the_linear_memory_picture_is_guest_raws() {
    let host = Host::new().unwrap();
    let loaded = host.load(&module("guest-raw.wasm")).unwrap();
    let mut plugin = Plugin::new(&host, &loaded, HostState::quiet()).unwrap();
    let instance = plugin.instance();
    let mut global = |name: &str| {
        let value = instance.get_global(plugin.store_mut(), name).unwrap();
        value.get(plugin.store_mut()).unwrap_i32() as u32
    };
    let (heap_base, data_end) = (global("__heap_base"), global("__data_end"));
    let initial_bytes = plugin.memory_size() as u32;
    // The stack pointer is not exported: its start is the first mutable
    // global's initial value in the text format.
    let text = common::wasm_tools_print(&module("guest-raw.wasm"));
    let stack_top: u32 = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("(global (;0;) (mut i32) i32.const "))
        .and_then(|rest| rest.trim_end_matches(')').parse().ok())
        .expect("the stack pointer global");

    let picture = std::fs::read_to_string(repo_root().join("docs/img/linear-memory.svg")).unwrap();
    for (what, value) in [
        ("the stack's top", stack_top),
        ("__data_end", data_end),
        ("__heap_base", heap_base),
        ("the initial memory", initial_bytes),
    ] {
        assert!(
            picture.contains(&format!(">{value}<")),
            "{what} is {value}, which the picture does not show"
        );
    }
    assert!(picture.contains(&format!("declares {} pages", initial_bytes as usize / PAGE)));
    assert!(stack_top <= data_end && data_end <= heap_base && heap_base <= initial_bytes);
}
