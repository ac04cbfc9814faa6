//! Calling a plugin through the hand-written ABI of ABI.md: copy the input in
//! through the guest's `alloc`, call the export, read the packed result out
//! of linear memory, free both buffers, decode the kind byte. Every number the
//! guest returns is checked before it is used.

use crate::limits::Limits;
use crate::memory;
use crate::{arm, blame_memory_cap, describe_failure, Host, HostError, HostState, Status};
use wasmtime::{Instance, InstancePre, Memory, Module, Store, TypedFunc};

// Result kinds: the first byte of every result buffer (ABI.md).
const KIND_TEXT: u8 = 0;
const KIND_NUMBER: u8 = 1;
const KIND_ERROR: u8 = 2;

/// The version of ABI.md this host speaks. A plugin declares the version it
/// speaks by exporting a function named `VERSION_EXPORT` + the number, which
/// is never called: the host reads it from the export list before
/// instantiating (as proxy-wasm's `proxy_abi_version_0_2_0`).
pub const ABI_VERSION: u32 = 1;
pub const VERSION_EXPORT: &str = "wasm_by_hand_abi_version_";

/// What a plugin function handed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Text(String),
    Number(u64),
}

/// One instance of a plugin, ready for any number of calls.
pub struct Plugin {
    store: Store<HostState>,
    instance: Instance,
    memory: Memory,
    alloc: TypedFunc<u32, u32>,
    dealloc: TypedFunc<(u32, u32), ()>,
    limits: Limits,
}

fn abi_error(message: String) -> HostError {
    HostError::new(Status::AbiViolation, message)
}

impl Plugin {
    /// Checks the module's ABI version, instantiates it and finds the ABI's
    /// `memory`, `alloc`, `dealloc`.
    pub fn new(host: &Host, module: &Module, state: HostState) -> Result<Self, HostError> {
        Self::check_abi(module)?;
        let (store, instance) = host.instantiate(module, state)?;
        Self::from_instance(host, store, instance)
    }

    /// A fresh instance from imports resolved once (the pool's path), in a
    /// store with the host's limits. The caller has checked the ABI version.
    pub fn from_pre(host: &Host, pre: &InstancePre<HostState>, state: HostState) -> Result<Self, HostError> {
        let mut store = host.new_store(state);
        let instance = pre.instantiate(&mut store);
        let instance = instance.map_err(|e| host.instantiation_failure(&e, &store))?;
        Self::from_instance(host, store, instance)
    }

    /// Refuses a module that does not declare the ABI version this host
    /// speaks, naming what it found.
    pub fn check_abi(module: &Module) -> Result<(), HostError> {
        let found: Vec<&str> = module
            .exports()
            .filter(|export| export.ty().func().is_some())
            .filter_map(|export| export.name().strip_prefix(VERSION_EXPORT))
            .collect();
        let expected = format!("{VERSION_EXPORT}{ABI_VERSION}");
        let refuse = |why: String| Err(HostError::new(Status::BadModule, why));
        match found.as_slice() {
            [version] if *version == ABI_VERSION.to_string() => Ok(()),
            [] => refuse(format!(
                "the plugin declares no ABI version; host-min speaks version {ABI_VERSION}: export `{expected}` (ABI.md)"
            )),
            [version] => refuse(format!(
                "the plugin speaks ABI version {version}; host-min speaks version {ABI_VERSION} (`{expected}`, ABI.md)"
            )),
            versions => refuse(format!(
                "the plugin declares {} ABI versions ({}); it must declare one, {ABI_VERSION}",
                versions.len(),
                versions.join(", ")
            )),
        }
    }

    fn from_instance(host: &Host, mut store: Store<HostState>, instance: Instance) -> Result<Self, HostError> {
        let missing = |what: &str| HostError::new(Status::BadModule, format!("the plugin exports no {what} (ABI.md)"));
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| missing("`memory`"))?;
        let alloc = instance
            .get_typed_func(&mut store, "alloc")
            .map_err(|_| missing("`alloc(i32) -> i32`"))?;
        let dealloc = instance
            .get_typed_func(&mut store, "dealloc")
            .map_err(|_| missing("`dealloc(i32, i32)`"))?;
        Ok(Plugin {
            store,
            instance,
            memory,
            alloc,
            dealloc,
            limits: host.limits().clone(),
        })
    }

    /// Calls `export(ptr, len) -> i64` on `input` and decodes its answer,
    /// with a fresh budget of time and fuel for the whole exchange.
    pub fn call(&mut self, export: &str, input: &[u8]) -> Result<Answer, HostError> {
        arm(&self.limits, &mut self.store);
        self.store.data_mut().memory_cap.refused = false; // each call is judged alone
        let answer = self.exchange(export, input);
        answer.map_err(|failure| blame_memory_cap(failure, &self.store))
    }

    fn failure(&self, error: &wasmtime::Error, call: &str) -> HostError {
        describe_failure(error, call, Status::Trapped, &self.limits, &self.store)
    }

    fn exchange(&mut self, export: &str, input: &[u8]) -> Result<Answer, HostError> {
        let function: TypedFunc<(u32, u32), u64> =
            self.instance.get_typed_func(&mut self.store, export).map_err(|_| {
                HostError::new(
                    Status::BadModule,
                    format!("the plugin exports no `{export}(i32, i32) -> i64`"),
                )
            })?;
        let input_len =
            u32::try_from(input.len()).map_err(|_| HostError::new(Status::Usage, "the input is larger than 4 GiB"))?;

        // 1. Copy the input into a buffer the guest allocated for us.
        let input_ptr = self.alloc(input_len)?;
        memory::write(self.memory.data_mut(&mut self.store), input_ptr, input)
            .map_err(|bad| abi_error(format!("alloc({input_len}) returned {input_ptr}, but {bad}")))?;

        // 2. Call. The i64 packs the result buffer: ptr high, len low.
        let packed = function
            .call(&mut self.store, (input_ptr, input_len))
            .map_err(|e| self.failure(&e, export))?;
        let (ptr, len) = ((packed >> 32) as u32, packed as u32);
        if packed == 0 {
            return Err(abi_error(format!(
                "{export} could not allocate its result (it returned 0)"
            )));
        }

        // 3. Copy the result out, then hand both buffers back to the guest.
        let result = memory::read(self.memory.data(&self.store), ptr, len)
            .map(<[u8]>::to_vec)
            .map_err(|bad| abi_error(format!("{export} returned a result range where {bad}")))?;
        self.dealloc(ptr, len)?;
        self.dealloc(input_ptr, input_len)?;
        decode(export, &result)
    }

    /// The guest's `alloc(len)`, refusing 0 (its way of saying "out of memory").
    pub fn alloc(&mut self, len: u32) -> Result<u32, HostError> {
        let ptr = self
            .alloc
            .call(&mut self.store, len)
            .map_err(|e| self.failure(&e, "alloc"))?;
        if ptr == 0 {
            return Err(abi_error(format!(
                "alloc({len}) returned 0: the guest could not allocate"
            )));
        }
        Ok(ptr)
    }

    pub fn dealloc(&mut self, ptr: u32, len: u32) -> Result<(), HostError> {
        self.dealloc
            .call(&mut self.store, (ptr, len))
            .map_err(|e| self.failure(&e, "dealloc"))
    }

    /// The guest's linear memory size in bytes (it grows, never shrinks).
    pub fn memory_size(&self) -> usize {
        self.memory.data_size(&self.store)
    }

    pub fn store(&self) -> &Store<HostState> {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store<HostState> {
        &mut self.store
    }

    pub fn instance(&self) -> Instance {
        self.instance
    }

    pub fn memory(&self) -> Memory {
        self.memory
    }
}

/// Reads the kind byte and the payload of a result buffer (ABI.md).
fn decode(export: &str, result: &[u8]) -> Result<Answer, HostError> {
    let text = |payload: &[u8], what: &str| {
        String::from_utf8(payload.to_vec())
            .map_err(|_| abi_error(format!("{export} returned {what} that is not UTF-8")))
    };
    match result.split_first() {
        Some((&KIND_TEXT, payload)) => text(payload, "text").map(Answer::Text),
        Some((&KIND_NUMBER, payload)) => match <[u8; 8]>::try_from(payload) {
            Ok(bytes) => Ok(Answer::Number(u64::from_le_bytes(bytes))),
            Err(_) => Err(abi_error(format!(
                "{export} returned a number of {} bytes, not 8",
                payload.len()
            ))),
        },
        Some((&KIND_ERROR, payload)) => {
            let message = text(payload, "an error message")?;
            Err(HostError::new(
                Status::GuestError,
                format!("{export} failed: {message}"),
            ))
        }
        Some((kind, _)) => Err(abi_error(format!("{export} returned a result of unknown kind {kind}"))),
        None => Err(abi_error(format!("{export} returned an empty result (no kind byte)"))),
    }
}
