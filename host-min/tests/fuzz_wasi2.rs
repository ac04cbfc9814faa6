//! A property test of host-min's whole WASI 0.2 surface: every function of
//! every interface it links (the 137 core imports a component lowers them
//! to: functions, resource methods, constructors and drops, sockets' refusals
//! included), called with arbitrary handles, pointers, lengths, flags,
//! sizes and instants, inside a granted directory with files, a
//! subdirectory and symlinks that point out. The guest is
//! out/p2/fuzz-probe.wasm, generated from the world wit/wasi/fuzz-probe.wit
//! by scripts/fuzz-probe.py: its export `call(which, seed)` calls import
//! `which` with arguments drawn from `seed`. Fixed seed, so every run is
//! the same.
//!
//! In 0.2 the canonical ABI stands between the guest's bytes and the host:
//! wasmtime lifts each argument (a pointer out of bounds, a handle the
//! guest does not hold, a string that is not UTF-8 trap there), so what
//! reaches host-min is well typed but still arbitrary: any resource the
//! guest holds, any size, any path, any flags.
//!
//! Properties: the host never panics; every failure is one line (a trap of
//! wasmtime's or host-min's, the guest's own exit, or a wait cut at its
//! deadline); nothing outside the grant is created, changed or removed;
//! the guest's resources and the host's memory stay bounded.
//!
//! Run: `make build && cargo test -p host-min --test fuzz_wasi2 -- --nocapture`
//! Longer: `make fuzz` (FUZZ_ITERATIONS=1000000).

mod common;

use host_min::limits::Limits;
use host_min::wasi::p2::table::{MAX_HOST_FDS, MAX_RESOURCES};
use host_min::wasi::GuestExit;
use host_min::{arm, budget, Host, HostState};
use std::collections::BTreeMap;
use std::time::Duration;
use wasmtime::component::{Component, TypedFunc};
use wasmtime::{Store, Trap};

/// How one call ended.
fn outcome(result: wasmtime::Result<()>) -> String {
    let e = match result {
        Ok(()) => return "returned".into(),
        Err(e) => e,
    };
    if e.downcast_ref::<GuestExit>().is_some() {
        return "exited".into();
    }
    if e.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
        return "deadline".into();
    }
    let line = format!("{e:#}");
    assert!(
        !line.contains('\n') && !line.contains("panicked"),
        "a failure that is not one line: {line}"
    );
    match e.downcast_ref::<Trap>() {
        Some(trap) => format!("trap: {trap}"),
        // A refusal of host-min's or of wasmtime's lifting, by its first words.
        None => {
            let words: Vec<&str> = line
                .split_whitespace()
                .filter(|w| !w.contains(|c: char| c.is_ascii_digit()))
                .take(6)
                .collect();
            format!("error: {}", words.join(" "))
        }
    }
}

#[test]
fn every_wasi2_function_survives_arbitrary_arguments_inside_a_grant() {
    let iterations: u64 = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let names: Vec<String> = std::fs::read_to_string(common::module("p2/fuzz-probe.names"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert!(
        names.len() >= 137,
        "only {} WASI 0.2 functions in the probe",
        names.len()
    );

    // The grant, beside a file it must never reach.
    let outer = tempfile::tempdir().unwrap();
    let grant = outer.path().join("grant");
    std::fs::create_dir_all(grant.join("d")).unwrap();
    std::fs::write(grant.join("a.txt"), "alpha\n").unwrap();
    std::fs::write(grant.join("d/b.txt"), "beta\n").unwrap();
    std::os::unix::fs::symlink("..", grant.join("up")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", grant.join("abs")).unwrap();
    std::os::unix::fs::symlink("loop", grant.join("loop")).unwrap();
    std::fs::write(outer.path().join("outside.txt"), "untouched\n").unwrap();

    // A short deadline, so a poll or a read that would wait ends the call.
    let limits = Limits {
        timeout: Some(Duration::from_millis(2)),
        ..Limits::default()
    };
    // The host's own limits serve instantiation; each call is armed with
    // the short deadline.
    let host = Host::new().unwrap();
    let component = Component::from_file(host.engine(), common::module("p2/fuzz-probe.wasm")).unwrap();

    // A fresh guest after any failure (a trap leaves an instance unusable)
    // and every ROUND calls, so a guest that dropped its grant early does
    // not spend the run refused.
    const ROUND: u64 = 500;
    type Call = TypedFunc<(u32, u64), ()>;
    let fresh_guest = || -> (Store<HostState>, Call) {
        let mut state = HostState::quiet();
        state.fds.preopen(&grant, "/grant").unwrap();
        let mut store = host.new_store(state);
        let instance = host.component_linker().instantiate(&mut store, &component).unwrap();
        let setup = instance.get_typed_func::<(), ()>(&mut store, "setup").unwrap();
        setup.call(&mut store, ()).unwrap();
        let call = instance.get_typed_func::<(u32, u64), ()>(&mut store, "call").unwrap();
        (store, call)
    };
    let (mut store, mut call) = fresh_guest();

    let mut rng: u64 = 0x005e_ed0f_0a52;
    let resident_before = budget::resident_bytes().unwrap_or(0);
    let mut tally: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    let mut fresh = 0u64;
    for n in 0..iterations {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        let draw = rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let which = (draw >> 40) as usize % names.len();

        arm(&limits, &mut store);
        let ended = outcome(call.call(&mut store, (which as u32, draw)));
        let (held, fds) = store.data().resources.held();
        assert!(
            held <= MAX_RESOURCES && fds <= MAX_HOST_FDS,
            "{held} resources, {fds} descriptors"
        );
        let failed = ended != "returned";
        *tally.entry(&names[which]).or_default().entry(ended).or_default() += 1;
        if failed || n % ROUND == ROUND - 1 {
            (store, call) = fresh_guest();
            fresh += 1;
        }
    }

    // Nothing outside the grant moved.
    let mut beside: Vec<String> = std::fs::read_dir(outer.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["grant", "outside.txt"]);
    assert_eq!(
        std::fs::read_to_string(outer.path().join("outside.txt")).unwrap(),
        "untouched\n"
    );
    let grown = budget::resident_bytes().unwrap_or(0).saturating_sub(resident_before);
    assert!(grown < 64 << 20, "resident memory grew by {} MiB", grown >> 20);

    let returned = tally.values().filter(|ends| ends.contains_key("returned")).count();
    println!(
        "{iterations} calls over {} functions, {fresh} fresh guests; {returned} functions returned at least once",
        names.len()
    );
    let mut by_end: BTreeMap<&str, u64> = BTreeMap::new();
    for ends in tally.values() {
        for (end, count) in ends {
            *by_end.entry(end).or_default() += count;
        }
    }
    for (end, count) in &by_end {
        println!("  {count:>9}  {end}");
    }
    for (name, ends) in &tally {
        println!("  {name:<58} {ends:?}");
    }
    // The inputs reached the functions' bodies, not only wasmtime's lifting:
    // every function was called, and every one that can return did, but
    // for those that take a resource host-min never hands out. Those
    // wasmtime refuses before host-min is reached, which is the property.
    assert!(
        tally.len() == names.len() || iterations < 5_000,
        "some functions were never called"
    );
    for (name, ends) in &tally {
        let function = name.split('#').nth(1).unwrap();
        let resource = function
            .strip_prefix("[method]")
            .map(|m| m.split('.').next().unwrap())
            .or(function.strip_suffix("_drop"));
        if resource.is_some_and(|r| NEVER_HANDED_OUT.contains(&r)) {
            assert!(!ends.contains_key("returned"), "{name} returned: {ends:?}");
        } else if !function.starts_with("exit") && iterations >= 5_000 {
            assert!(ends.contains_key("returned"), "{name} never returned: {ends:?}");
        }
    }
}

/// Resources of WASI 0.2 that host-min never creates: terminals (it hands
/// the guest bytes, never a tty) and sockets (refused, wasi/p2/sockets.rs).
const NEVER_HANDED_OUT: [&str; 7] = [
    "terminal-input",
    "terminal-output",
    "tcp-socket",
    "udp-socket",
    "incoming-datagram-stream",
    "outgoing-datagram-stream",
    "resolve-address-stream",
];
