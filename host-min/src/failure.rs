//! Why a call into a guest failed, in one line with its exit status: a
//! limit (timeout, fuel, the memory cap), a trap, a panic, or the error's
//! own message.

use crate::limits::Limits;
use crate::{env, one_line, HostError, HostState, Status};
use wasmtime::{Store, Trap};

/// Turns an error from calling into a guest into one line and a status:
/// the limits first (timeout, fuel, the memory cap), then a trap by its kind
/// and a panic with its message (both `Trapped`); anything else (an unknown
/// import, a host function refusing a guest's pointer) keeps its own message
/// and gets `otherwise`.
pub fn describe_failure(
    error: &wasmtime::Error,
    call: &str,
    otherwise: Status,
    limits: &Limits,
    store: &Store<HostState>,
) -> HostError {
    let trap = error.downcast_ref::<Trap>();
    let failure = match (trap, error.downcast_ref::<env::GuestPanic>()) {
        (Some(Trap::Interrupt), _) => {
            let ms = limits.timeout.unwrap_or_default().as_millis();
            return HostError::new(Status::Timeout, format!("{call} timed out after {ms} ms"));
        }
        (Some(Trap::OutOfFuel), _) => {
            let fuel = limits.fuel.unwrap_or_default();
            return HostError::new(Status::OutOfFuel, format!("{call} ran out of fuel ({fuel})"));
        }
        (Some(trap), _) => HostError::new(Status::Trapped, format!("{call} trapped: {trap}")),
        (None, Some(panic)) => HostError::new(Status::Trapped, format!("{call} trapped: {panic}")),
        (None, None) => HostError::new(otherwise, format!("{call} failed: {}", one_line(error))),
    };
    blame_memory_cap(failure, store)
}

/// If the store refused to grow memory, that is why the guest failed.
pub fn blame_memory_cap(failure: HostError, store: &Store<HostState>) -> HostError {
    let cap = &store.data().memory_cap;
    // BadModule too: a module whose initial memory is over the cap fails to instantiate.
    let blamable = matches!(
        failure.status,
        Status::Trapped | Status::AbiViolation | Status::BadModule
    );
    if !cap.refused || !blamable {
        return failure; // also leaves an error that already names the cap alone
    }
    let mib = cap.max_bytes >> 20;
    let message = format!("memory limit of {mib} MiB reached ({})", failure.message);
    HostError::new(Status::MemoryLimit, message)
}
