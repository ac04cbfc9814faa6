//! A property test of the host/guest boundary: host-min's `fd_write`,
//! `args_get` and its `env` imports called from a tiny guest (tests/fixtures/boundary-probe.wat)
//! with arbitrary pointers, lengths and counts, biased to the edges of
//! memory and of 32-bit arithmetic. Fixed seed, so every run is the same.
//!
//! Properties: the host never panics; `fd_write` always answers an errno
//! (never traps) and, when it answers 0, reports exactly the bytes it was
//! given; `env` imports either succeed or trap with a message naming the
//! import and the bad range.
//!
//! Run: `cargo test -p host-min --test fuzz_boundary -- --nocapture`
//! Longer: `make fuzz` (FUZZ_ITERATIONS=1000000).

mod common;

use common::fixture;
use host_min::{Host, HostState};
use wasmtime::TypedFunc;

const MEMORY: u32 = 65536;

/// xorshift64*: a small, fixed-seed generator, enough to spread the inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A u32 that is often an edge: 0, the end of memory, a wrap-around.
    fn number(&mut self) -> u32 {
        const EDGES: [u32; 10] = [
            0,
            1,
            4,
            8,
            MEMORY - 8,
            MEMORY - 1,
            MEMORY,
            0x7fff_ffff,
            0xffff_fff0,
            u32::MAX,
        ];
        let pick = self.next();
        match pick % 4 {
            0 => EDGES[(pick >> 8) as usize % EDGES.len()],
            1 => (pick >> 16) as u32 % MEMORY,
            2 => (pick >> 16) as u32 % 64,
            _ => (pick >> 32) as u32,
        }
    }
}

#[test]
fn host_functions_survive_arbitrary_pointers_lengths_and_counts() {
    let iterations: u64 = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let host = Host::new().unwrap();
    let module = host.load(&fixture("boundary-probe.wat")).unwrap();
    let args: Vec<String> = ["probe", "one", "two words", ""].map(String::from).to_vec();
    let mut state = HostState::quiet();
    state.wasi.args = args.clone();
    let (mut store, instance) = host.instantiate(&module, state).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let fd_write: TypedFunc<(u32, u32, u32, u32), i32> = instance.get_typed_func(&mut store, "fd_write").unwrap();
    let log: TypedFunc<(u32, u32), ()> = instance.get_typed_func(&mut store, "log").unwrap();
    let kv_get: TypedFunc<(u32, u32, u32, u32), i32> = instance.get_typed_func(&mut store, "kv_get").unwrap();
    let kv_set: TypedFunc<(u32, u32, u32, u32), i32> = instance.get_typed_func(&mut store, "kv_set").unwrap();
    let poke: TypedFunc<(u32, u32), ()> = instance.get_typed_func(&mut store, "poke").unwrap();
    let args_get: TypedFunc<(u32, u32), i32> = instance.get_typed_func(&mut store, "args_get").unwrap();

    let mut rng = Rng(0x005e_ed0f_b0a7_d1ce);
    let (mut errnos, mut traps, mut successes) = (std::collections::BTreeMap::new(), 0u64, 0u64);
    for _ in 0..iterations {
        match rng.next() % 5 {
            0 => {
                let (fd, iovs, count, nwritten) = (
                    [1, 2, 0, 3, 7][rng.next() as usize % 5],
                    rng.number(),
                    rng.number() % 8,
                    rng.number(),
                );
                // Fill the iovec table with arbitrary (buf, len) pairs where it fits.
                for i in 0..count.min(8) {
                    let at = iovs.wrapping_add(8 * i);
                    if at <= MEMORY - 8 {
                        poke.call(&mut store, (at, rng.number())).unwrap();
                        poke.call(&mut store, (at + 4, rng.number())).unwrap();
                    }
                }
                let count = if rng.next().is_multiple_of(8) {
                    rng.number()
                } else {
                    count
                };
                // What a correct fd_write reports, read before the call (nwritten may overlap the table).
                let read_u32 = |data: &[u8], p: u32| {
                    data.get(p as usize..p as usize + 4)
                        .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
                };
                let lengths: Option<u64> = (0..count.min(MEMORY / 8 + 1))
                    .map(|i| read_u32(memory.data(&store), iovs.wrapping_add(8 * i).wrapping_add(4)).map(u64::from))
                    .sum();
                let errno = fd_write
                    .call(&mut store, (fd, iovs, count, nwritten))
                    .expect("fd_write must never trap");
                assert!([0, 8, 21, 28, 29, 76].contains(&errno), "unexpected errno {errno}");
                if errno == 0 {
                    let reported = read_u32(memory.data(&store), nwritten).map(u64::from);
                    assert_eq!(reported, lengths, "nwritten is not the sum of the iovec lengths");
                }
                *errnos.entry(errno).or_insert(0u64) += 1;
            }
            4 => {
                // args_get: EFAULT unless both areas fit; then every pointer leads to its string.
                let (pointers, buffer) = (rng.number(), rng.number());
                let errno = args_get
                    .call(&mut store, (pointers, buffer))
                    .expect("args_get must never trap");
                assert!([0, 21].contains(&errno), "args_get answered {errno}");
                if errno == 0 {
                    let data = memory.data(&store);
                    for (i, arg) in args.iter().enumerate() {
                        let at = pointers as usize + 4 * i;
                        let start = u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as usize;
                        // Later strings may overwrite the pointer table when the
                        // areas overlap; only a non-overlapping layout is checked.
                        if (pointers as usize + 4 * args.len()) <= buffer as usize {
                            assert_eq!(&data[start..start + arg.len()], arg.as_bytes());
                            assert_eq!(data[start + arg.len()], 0);
                        }
                    }
                }
                *errnos.entry(1000 + errno).or_insert(0u64) += 1;
            }
            choice => {
                let (a, b, c, d) = (rng.number(), rng.number(), rng.number(), rng.number());
                let (name, outcome) = match choice {
                    1 => ("env.log", log.call(&mut store, (a, b)).map(|_| 0)),
                    2 => ("env.kv_get", kv_get.call(&mut store, (a, b % 300, c, d))),
                    _ => ("env.kv_set", kv_set.call(&mut store, (a, b % 300, c, d))),
                };
                match outcome {
                    Ok(answer) => {
                        assert!(answer >= -1, "{name} answered {answer}");
                        successes += 1;
                    }
                    Err(trap) => {
                        let message = trap.to_string();
                        assert!(message.starts_with(&format!("{name}: bytes ")), "{name}: {message}");
                        assert!(
                            message.contains("lie outside the guest's 65536-byte memory"),
                            "{message}"
                        );
                        traps += 1;
                    }
                }
            }
        }
    }
    println!(
        "{iterations} calls: fd_write and args_get (+1000) errnos {errnos:?}; env imports: {successes} answered, {traps} trapped with a named range"
    );
    assert!(
        traps > 0 && successes > 0 && [0, 21, 1000, 1021].iter().all(|e| errnos.contains_key(e)),
        "the inputs missed the edges"
    );
}
