//! `host-min run [LIMITS] [--dir HOST_DIR[::GUEST_PATH]]... [--env KEY=VALUE]...
//! [--allow-precompiled] [--no-cache] <module> [guest args...]`: a WASI
//! command on host-min's own WASI, preview 1 for a core module and 0.2 for
//! a component. Options go before the module; everything after it is the
//! guest's.

use super::options::{self, about, cli_limits, usage, LIMITS};
use host_min::{Host, HostError, HostState, Status, Wasm};
use lexopt::Arg::{Long, Value};
use lexopt::Parser;
use std::path::Path;

pub fn run(mut parser: Parser) -> Result<u8, HostError> {
    let mut state = HostState::default();
    let (mut allow_precompiled, mut no_cache) = (false, false);
    let mut limits = cli_limits();
    let module_path = loop {
        let Some(arg) = parser.next().map_err(options::parse_error)? else {
            return Err(usage("run wants a module"));
        };
        match arg {
            Long(name) if LIMITS.contains(&name) => {
                let name = name.to_string();
                options::limit(&name, &mut parser, &mut limits)?;
            }
            Long("env") => {
                let (key, value) = options::key_value("env", &options::value(&mut parser, "env")?)?;
                state.wasi.env.push(format!("{key}={value}"));
            }
            Long("dir") => grant(&mut state, &options::value(&mut parser, "dir")?)?,
            Long("allow-precompiled") => allow_precompiled = true,
            Long("no-cache") => no_cache = true,
            Value(module) => {
                break module
                    .into_string()
                    .map_err(|_| usage("the module's path is not valid UTF-8"))?
            }
            other => return Err(options::unexpected(other, "run")),
        }
    };
    // argv[0] is the module, as in `wasmtime run`; the rest is the guest's,
    // whatever it looks like.
    state.wasi.args = vec![module_path.clone()];
    for arg in parser.raw_args().map_err(options::parse_error)? {
        state.wasi.args.push(
            arg.into_string()
                .map_err(|_| usage("a guest argument is not valid UTF-8"))?,
        );
    }
    let mut host = Host::with_limits(limits)?;
    if allow_precompiled {
        host.allow_precompiled();
    }
    if !no_cache {
        host.use_compile_cache();
    }
    // The header tells which WASI: a core module runs on preview 1, a
    // component on WASI 0.2.
    let status = match host.load_any(Path::new(&module_path))? {
        Wasm::Module(module) => host.run_command(&module, state),
        Wasm::Component(component) => host.run_component(&component, state),
    };
    let status = status.map_err(about(&module_path))?;
    u8::try_from(status).map_err(|_| {
        let message = format!("{module_path}: the guest exited with status {status}, which is over 255");
        HostError::new(Status::GuestError, message)
    })
}

/// `--dir HOST_DIR[::GUEST_PATH]`, the wasmtime CLI's syntax: the next
/// descriptor becomes HOST_DIR, which the guest knows as GUEST_PATH.
fn grant(state: &mut HostState, text: &str) -> Result<(), HostError> {
    let (host_dir, guest_path) = text.split_once("::").unwrap_or((text, text));
    if host_dir.is_empty() || guest_path.is_empty() {
        return Err(usage(&format!("--dir wants HOST_DIR[::GUEST_PATH], got `{text}`")));
    }
    let refused = |why: String| HostError::new(Status::NoInput, format!("cannot grant --dir {host_dir}: {why}"));
    match std::fs::metadata(host_dir) {
        Ok(found) if found.is_dir() => {}
        Ok(_) => return Err(refused("not a directory".into())),
        Err(e) => return Err(refused(e.to_string())),
    }
    state
        .fds
        .preopen(Path::new(host_dir), guest_path)
        .map_err(|e| refused(e.to_string()))?;
    Ok(())
}
