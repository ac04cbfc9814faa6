//! A property test of host-min's whole WASI preview-1 surface: every
//! function the linker provides (the 45 of wasi_snapshot_preview1, the
//! refusals included) called from a generated guest with arbitrary
//! pointers, lengths, flags and descriptors, inside a granted directory
//! with files, a subdirectory and symlinks that point out. Fixed seed, so
//! every run is the same.
//!
//! Properties: the host never panics and never traps but for the two ends a
//! guest may ask for (`proc_exit`, and a wait cut at its deadline); every
//! answer is an errno of the witx; nothing outside the grant is created,
//! changed or removed; the guest's descriptors and the host's memory stay
//! bounded.
//!
//! Run: `cargo test -p host-min --test fuzz_wasi -- --nocapture`
//! Longer: `make fuzz` (FUZZ_ITERATIONS=1000000).

use host_min::limits::Limits;
use host_min::wasi::GuestExit;
use host_min::{arm, budget, Host, HostState};
use std::collections::BTreeMap;
use std::time::Duration;
use wasmtime::{Extern, Trap, Val, ValType};

const MEMORY: u32 = 65536;
/// Where the known paths are written in the guest's memory, 32 bytes apart.
const PATHS_AT: u32 = 1024;
/// Where the pointers that work point: above the paths.
const SCRATCH: u32 = 2048;
/// Calls made on one guest before a fresh one takes over.
const ROUND: u64 = 200;
const PATHS: [&str; 12] = [
    "a.txt",
    "d",
    "d/b.txt",
    "new",
    "d/new",
    ".",
    "..",
    "up/x",
    "abs",
    "/etc/passwd",
    "d/../a.txt",
    "loop",
];
/// Where each path-taking function has its (pointer, length) pairs.
const PATH_ARGS: [(&str, &[usize]); 10] = [
    ("path_create_directory", &[1]),
    ("path_filestat_get", &[2]),
    ("path_filestat_set_times", &[2]),
    ("path_link", &[2, 5]),
    ("path_open", &[2]),
    ("path_readlink", &[1]),
    ("path_remove_directory", &[1]),
    ("path_rename", &[1, 4]),
    ("path_symlink", &[0, 3]),
    ("path_unlink_file", &[1]),
];

/// xorshift64*: a small, fixed-seed generator, enough to spread the inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A u32 that is sometimes an edge (0, the end of memory, a wrap-around)
    /// or anything, often small (a count, a length, flags), and most often
    /// an offset into the scratch part of memory (a pointer that works).
    fn number(&mut self) -> u32 {
        const EDGES: [u32; 9] = [
            0,
            1,
            8,
            MEMORY - 8,
            MEMORY - 1,
            MEMORY,
            0x7fff_ffff,
            0xffff_fff0,
            u32::MAX,
        ];
        let pick = self.next();
        match pick % 8 {
            0 => EDGES[(pick >> 8) as usize % EDGES.len()],
            1 => (pick >> 32) as u32,
            2 | 3 => (pick >> 16) as u32 % 64,
            _ => SCRATCH + (pick >> 16) as u32 % (MEMORY - SCRATCH - 1024),
        }
    }

    /// A descriptor: most often the grant (3), often another that may be
    /// open (stdio, what the guest opened), sometimes anything.
    fn fd(&mut self) -> u32 {
        match self.next() % 4 {
            0 => self.number(),
            1 => (self.next() % 12) as u32,
            _ => 3,
        }
    }
}

/// A guest that re-exports each function as `call_<name>`, so the test can
/// call it with any arguments, and exports its memory.
fn probe(functions: &[(String, wasmtime::FuncType)]) -> String {
    let (mut imports, mut exports) = (String::new(), String::new());
    let types = |list: &mut dyn Iterator<Item = ValType>| {
        list.map(|t| if matches!(t, ValType::I64) { " i64" } else { " i32" })
            .collect::<String>()
    };
    for (name, ty) in functions {
        let (params, results) = (types(&mut ty.params()), types(&mut ty.results()));
        let result = if results.is_empty() {
            String::new()
        } else {
            format!(" (result{results})")
        };
        let gets: String = (0..ty.params().len()).map(|i| format!(" (local.get {i})")).collect();
        imports +=
            &format!("  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param{params}){result}))\n");
        exports += &format!("  (func (export \"call_{name}\") (param{params}){result} (call ${name}{gets}))\n");
    }
    format!("(module\n{imports}{exports}  (memory (export \"memory\") 1))\n")
}

#[test]
fn every_wasi_function_survives_arbitrary_arguments_inside_a_grant() {
    let iterations: u64 = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
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
    let host = Host::with_limits(limits.clone()).unwrap();
    let mut probe_store = host.new_store(HostState::quiet());
    let mut functions: Vec<(String, wasmtime::FuncType)> = Vec::new();
    let linked: Vec<(String, Extern)> = host
        .linker()
        .iter(&mut probe_store)
        .filter(|(module, _, _)| *module == "wasi_snapshot_preview1")
        .map(|(_, name, item)| (name.to_string(), item))
        .collect();
    for (name, item) in linked {
        if let Extern::Func(func) = item {
            functions.push((name, func.ty(&probe_store)));
        }
    }
    functions.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(functions.len() >= 45, "only {} WASI functions linked", functions.len());
    let module = wasmtime::Module::new(host.engine(), probe(&functions)).unwrap();

    // A fresh guest every ROUND calls: a guest that closed or renumbered
    // its grant would otherwise be refused everything after.
    let fresh_guest = || {
        let mut state = HostState::quiet();
        state.fds.preopen(&grant, "/grant").unwrap();
        let (mut store, instance) = host.instantiate(&module, state).unwrap();
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        let calls: Vec<_> = functions
            .iter()
            .map(|(name, ty)| {
                let func = instance.get_func(&mut store, &format!("call_{name}")).unwrap();
                (name.clone(), ty.clone(), func)
            })
            .collect();
        (store, memory, calls)
    };
    let (mut store, mut memory, mut calls) = fresh_guest();

    let mut rng = Rng(0x005e_ed0f_0a51);
    let resident_before = budget::resident_bytes().unwrap_or(0);
    let mut tally: BTreeMap<String, BTreeMap<i64, u64>> = BTreeMap::new();
    for call in 0..iterations {
        if call > 0 && call % ROUND == 0 {
            assert!(store.data().fds.len() <= host_min::wasi::p1::fd_table::MAX_OPEN);
            (store, memory, calls) = fresh_guest();
        }
        let (name, ty, func) = &calls[rng.next() as usize % calls.len()];
        let mut args: Vec<Val> = ty
            .params()
            .enumerate()
            .map(|(i, t)| match t {
                ValType::I64 => Val::I64(match rng.next() % 3 {
                    0 => rng.next() as i64,
                    1 => (rng.next() % 4096) as i64,
                    _ => [0, 1, -1, i64::MAX, i64::MIN][rng.next() as usize % 5],
                }),
                _ if i == 0 && (name.starts_with("fd_") || name.starts_with("path_")) => Val::I32(rng.fd() as i32),
                _ => Val::I32(rng.number() as i32),
            })
            .collect();
        // Path functions get a real path half of the time.
        if let Some((_, pairs)) = PATH_ARGS.iter().find(|(n, _)| n == name) {
            for &at in pairs.iter() {
                if rng.next().is_multiple_of(2) {
                    let which = rng.next() as usize % PATHS.len();
                    args[at] = Val::I32((PATHS_AT + 32 * which as u32) as i32);
                    args[at + 1] = Val::I32(PATHS[which].len() as i32);
                }
            }
        }
        // The known paths again (a call may have written over them), and
        // random bytes where the guest's other records live (iovecs,
        // subscriptions), so the host reads arbitrary tables.
        for (i, path) in PATHS.iter().enumerate() {
            memory
                .write(&mut store, (PATHS_AT + 32 * i as u32) as usize, path.as_bytes())
                .unwrap();
        }
        let at = rng.next() as usize % (PATHS_AT as usize - 8);
        memory.write(&mut store, at, &rng.next().to_le_bytes()).unwrap();

        arm(&limits, &mut store);
        let mut results = vec![Val::I32(0); ty.results().len()];
        let outcome = match func.call(&mut store, &args, &mut results) {
            Ok(()) => results.first().map_or(0, |v| v.unwrap_i32() as i64),
            Err(e) if e.downcast_ref::<GuestExit>().is_some() => -1,
            Err(e) if e.downcast_ref::<Trap>() == Some(&Trap::Interrupt) => -2,
            Err(e) => panic!("{name}({args:?}) failed with neither an errno nor an allowed end: {e:?}"),
        };
        assert!(
            (-2..=76).contains(&outcome),
            "{name}({args:?}) answered {outcome}, not an errno"
        );
        *tally.entry(name.clone()).or_default().entry(outcome).or_default() += 1;
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
    // Bounded: the guest's table, and the host's memory.
    assert!(store.data().fds.len() <= host_min::wasi::p1::fd_table::MAX_OPEN);
    let grown = budget::resident_bytes().unwrap_or(0).saturating_sub(resident_before);
    assert!(grown < 64 << 20, "resident memory grew by {} MiB", grown >> 20);

    let answered_ok = tally.values().filter(|errnos| errnos.contains_key(&0)).count();
    println!(
        "{iterations} calls over {} functions; {answered_ok} of them succeeded at least once",
        calls.len()
    );
    for (name, errnos) in &tally {
        println!("  {name:<24} {errnos:?}");
    }
    // The inputs reached the functions' bodies, not only their first check.
    assert!(
        tally.len() == calls.len() || iterations < 5_000,
        "some functions were never called"
    );
    assert!(
        answered_ok >= 20 || iterations < 5_000,
        "only {answered_ok} functions ever succeeded"
    );
}
