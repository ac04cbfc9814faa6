//! Checks on waiting, time and randomness: poll_oneoff on a relative and an
//! absolute clock (it must wait at least that long), on stdout's FD_WRITE
//! next to a long clock (only the fd's event comes back), with nothing to
//! wait for; clock_res_get and clock_time_get for clocks 0-3, sched_yield,
//! random_get of 0 and 1024 bytes.

use crate::support::*;
use crate::Runner;
use wasi::{Errno, Event, Subscription};

pub fn run(r: &mut Runner) {
    r.check("poll-clock-relative", |_| clock_relative());
    r.check("poll-clock-absolute", |_| clock_absolute());
    r.check("poll-stdout-write", |_| stdout_write());
    r.check("poll-nothing", |_| nothing());
    r.check("clock-res-get", |_| clock_res());
    r.check("clock-time-get", |_| clock_time());
    r.check("sched-yield", |_| ok("sched_yield", unsafe { wasi::sched_yield() }));
    r.check("random-get", |_| random());
}

const MS: u64 = 1_000_000;

fn clock(userdata: u64, timeout: u64, flags: u16) -> Subscription {
    let clock = wasi::SubscriptionClock {
        id: wasi::CLOCKID_MONOTONIC,
        timeout,
        precision: 0,
        flags,
    };
    let u = wasi::SubscriptionU {
        tag: wasi::EVENTTYPE_CLOCK.raw(),
        u: wasi::SubscriptionUU { clock },
    };
    Subscription { userdata, u }
}

fn fd_write(userdata: u64, fd: u32) -> Subscription {
    let fd_write = wasi::SubscriptionFdReadwrite { file_descriptor: fd };
    let u = wasi::SubscriptionU {
        tag: wasi::EVENTTYPE_FD_WRITE.raw(),
        u: wasi::SubscriptionUU { fd_write },
    };
    Subscription { userdata, u }
}

fn poll(subs: &[Subscription]) -> Result<Vec<Event>, Errno> {
    let mut events: Vec<Event> = Vec::with_capacity(subs.len());
    let n = unsafe { wasi::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), subs.len()) }?;
    unsafe { events.set_len(n.min(subs.len())) };
    Ok(events)
}

fn now() -> Outcome<u64> {
    ok("clock_time_get MONOTONIC", unsafe {
        wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 1)
    })
}

/// The one event a clock-only poll must return, after at least `wait` ns.
fn clock_fired(events: &[Event], start: u64, wait: u64) -> Outcome {
    let waited = now()? - start;
    expect(&format!("waited: expected >= {wait} ns"), waited >= wait, waited)?;
    expect_eq("events", 1, events.len())?;
    let e = &events[0];
    expect_eq(
        "event (userdata, error, type)",
        (42, wasi::ERRNO_SUCCESS, wasi::EVENTTYPE_CLOCK),
        (e.userdata, e.error, e.type_),
    )
}

fn clock_relative() -> Outcome {
    let start = now()?;
    let events = ok("poll_oneoff", poll(&[clock(42, 10 * MS, 0)]))?;
    clock_fired(&events, start, 10 * MS)
}

fn clock_absolute() -> Outcome {
    let start = now()?;
    let abstime = wasi::SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    let events = ok("poll_oneoff", poll(&[clock(42, start + 10 * MS, abstime)]))?;
    clock_fired(&events, start, 10 * MS)
}

fn stdout_write() -> Outcome {
    let start = now()?;
    let events = ok("poll_oneoff", poll(&[clock(1, 5_000 * MS, 0), fd_write(2, 1)]))?;
    let waited = now()? - start;
    expect("returned at once: expected < 1 s", waited < 1_000 * MS, waited)?;
    let seen: Vec<_> = events.iter().map(|e| (e.userdata, e.error, e.type_)).collect();
    expect_eq("events", vec![(2, wasi::ERRNO_SUCCESS, wasi::EVENTTYPE_FD_WRITE)], seen)
}

fn nothing() -> Outcome {
    fails("poll_oneoff of no subscriptions", poll(&[]), &[wasi::ERRNO_INVAL])
}

const CLOCKS: [wasi::Clockid; 4] = [
    wasi::CLOCKID_REALTIME,
    wasi::CLOCKID_MONOTONIC,
    wasi::CLOCKID_PROCESS_CPUTIME_ID,
    wasi::CLOCKID_THREAD_CPUTIME_ID,
];

/// The CPU-time clocks (2 and 3) may be missing: the wasmtime CLI answers
/// BADF for them, host-min offers them. Realtime and monotonic must work.
fn optional(id: usize, got: Result<u64, Errno>) -> Option<Result<u64, Errno>> {
    match got {
        Err(wasi::ERRNO_BADF | wasi::ERRNO_INVAL | wasi::ERRNO_NOTSUP) if id >= 2 => None,
        other => Some(other),
    }
}

fn clock_res() -> Outcome {
    for (id, clock) in CLOCKS.into_iter().enumerate() {
        let Some(res) = optional(id, unsafe { wasi::clock_res_get(clock) }) else {
            continue;
        };
        let res = ok(&format!("clock_res_get {id}"), res)?;
        expect(
            &format!("resolution of clock {id}: expected 1 ns to 1 s"),
            (1..=1_000 * MS).contains(&res),
            res,
        )?;
    }
    Ok(())
}

fn clock_time() -> Outcome {
    for (id, clock) in CLOCKS.into_iter().enumerate() {
        let Some(first) = optional(id, unsafe { wasi::clock_time_get(clock, 0) }) else {
            continue;
        };
        let first = ok(&format!("clock_time_get {id}"), first)?;
        let second = ok(&format!("clock_time_get {id}"), unsafe {
            wasi::clock_time_get(clock, 1)
        })?;
        expect(
            &format!("clock {id}: expected not to go back"),
            second >= first,
            (first, second),
        )?;
    }
    let real = ok("clock_time_get REALTIME", unsafe {
        wasi::clock_time_get(wasi::CLOCKID_REALTIME, 0)
    })?;
    expect("realtime: expected after 2020", real > 1_577_836_800 * 1_000 * MS, real)
}

fn random() -> Outcome {
    let mut empty = [0u8; 0];
    ok("random_get of 0 bytes", unsafe {
        wasi::random_get(empty.as_mut_ptr(), 0)
    })?;
    let (mut a, mut b) = (vec![0u8; 1024], vec![0u8; 1024]);
    ok("random_get of 1024 bytes", unsafe {
        wasi::random_get(a.as_mut_ptr(), a.len())
    })?;
    ok("random_get of 1024 bytes again", unsafe {
        wasi::random_get(b.as_mut_ptr(), b.len())
    })?;
    expect(
        "1024 random bytes: expected some non-zero",
        a.iter().any(|&x| x != 0),
        "all zero",
    )?;
    expect("two draws: expected different", a != b, "the same bytes")
}
