//! `wasi:clocks` and `wasi:random`. The monotonic clock counts from the
//! guest's start (state.rs), as preview 1's clock 1 does; its pollables
//! wait in `poll` (io.rs), never past the guest's deadline.

use super::pollable::Pollable;
use super::wasi::clocks::monotonic_clock::{self, Duration, Instant as Nanos};
use super::wasi::clocks::wall_clock::{self, Datetime};
use super::wasi::io::poll::Pollable as PollableHandle;
use super::wasi::random::{insecure, insecure_seed, random};
use super::WasiP2;
use std::time::Instant;
use wasmtime::component::Resource;

/// The most bytes one `get-random-bytes` returns: the guest may ask for
/// 2^64, and the host would have to allocate all of it.
const MAX_RANDOM: u64 = 1 << 20;

impl WasiP2<'_> {
    /// The host instant `nanos` after the guest's start; far futures are
    /// capped at a century, which no deadline outlives.
    fn instant_at(&self, nanos: u64) -> Instant {
        let century = std::time::Duration::from_secs(100 * 365 * 86_400);
        let offset = std::time::Duration::from_nanos(nanos).min(century);
        self.ctx.started + offset
    }
}

impl monotonic_clock::Host for WasiP2<'_> {
    fn now(&mut self) -> wasmtime::Result<Nanos> {
        Ok(self.ctx.started.elapsed().as_nanos() as u64)
    }

    fn resolution(&mut self) -> wasmtime::Result<Duration> {
        Ok(1)
    }

    fn subscribe_instant(&mut self, when: Nanos) -> wasmtime::Result<Resource<PollableHandle>> {
        let at = self.instant_at(when);
        self.subscribe(Pollable::Until(at), None)
    }

    fn subscribe_duration(&mut self, when: Duration) -> wasmtime::Result<Resource<PollableHandle>> {
        let now = self.ctx.started.elapsed().as_nanos() as u64;
        let at = self.instant_at(now.saturating_add(when));
        self.subscribe(Pollable::Until(at), None)
    }
}

impl wall_clock::Host for WasiP2<'_> {
    fn now(&mut self) -> wasmtime::Result<Datetime> {
        let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        let since_epoch = since_epoch.unwrap_or_default();
        Ok(Datetime {
            seconds: since_epoch.as_secs(),
            nanoseconds: since_epoch.subsec_nanos(),
        })
    }

    fn resolution(&mut self) -> wasmtime::Result<Datetime> {
        Ok(Datetime {
            seconds: 0,
            nanoseconds: 1,
        })
    }
}

/// `len` bytes from getrandom(2), at most MAX_RANDOM (a trap past it).
fn random_bytes(len: u64) -> wasmtime::Result<Vec<u8>> {
    if len > MAX_RANDOM {
        return Err(super::table::trap(format!(
            "{len} random bytes asked for at once; host-min gives at most {MAX_RANDOM}"
        )));
    }
    let mut bytes = vec![0; len as usize];
    let mut filled = 0;
    while filled < bytes.len() {
        filled += rustix::rand::getrandom(&mut bytes[filled..], rustix::rand::GetRandomFlags::empty())?;
    }
    Ok(bytes)
}

fn random_u64() -> wasmtime::Result<u64> {
    let bytes = random_bytes(8)?;
    Ok(u64::from_le_bytes(bytes.try_into().expect("eight bytes")))
}

impl random::Host for WasiP2<'_> {
    fn get_random_bytes(&mut self, len: u64) -> wasmtime::Result<Vec<u8>> {
        random_bytes(len)
    }

    fn get_random_u64(&mut self) -> wasmtime::Result<u64> {
        random_u64()
    }
}

// The insecure interfaces may be cheaper; getrandom is cheap enough.
impl insecure::Host for WasiP2<'_> {
    fn get_insecure_random_bytes(&mut self, len: u64) -> wasmtime::Result<Vec<u8>> {
        random_bytes(len)
    }

    fn get_insecure_random_u64(&mut self) -> wasmtime::Result<u64> {
        random_u64()
    }
}

impl insecure_seed::Host for WasiP2<'_> {
    fn insecure_seed(&mut self) -> wasmtime::Result<(u64, u64)> {
        Ok((random_u64()?, random_u64()?))
    }
}

/// `wasi:clocks/timezone` is unstable in WASI 0.2 and not linked (its
/// feature stays off in `add_to_linker`); bindgen! still wants the trait.
/// Were it linked, host-min would report UTC.
impl super::wasi::clocks::timezone::Host for WasiP2<'_> {
    fn display(&mut self, _: Datetime) -> wasmtime::Result<super::wasi::clocks::timezone::TimezoneDisplay> {
        Ok(super::wasi::clocks::timezone::TimezoneDisplay {
            utc_offset: 0,
            name: "UTC".into(),
            in_daylight_saving_time: false,
        })
    }

    fn utc_offset(&mut self, _: Datetime) -> wasmtime::Result<i32> {
        Ok(0)
    }
}
