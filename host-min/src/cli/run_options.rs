//! The options of `host-min run` that main.rs does not parse itself:
//! `--flag=value` spelling, and `--dir`, which grants a directory.
//! Part of the binary, beside main.rs, not of the library.

use crate::usage;
use host_min::{HostError, HostState, Status};
use std::path::Path;

/// The options of `run` that take no value.
pub const SWITCHES: [&str; 2] = ["--allow-precompiled", "--no-cache"];

/// Options before the module may be written `--flag=value`, as the wasmtime
/// CLI allows: that becomes `--flag value`. Arguments after the module are
/// the guest's and stay as they are.
pub fn split_equals(args: &[String]) -> Vec<String> {
    let mut split = Vec::with_capacity(args.len());
    let mut options = true;
    let mut takes_value = false;
    for arg in args {
        match arg.split_once('=') {
            Some((flag, value)) if options && !takes_value && flag.starts_with("--") => {
                split.extend([flag.to_string(), value.to_string()]);
                continue;
            }
            _ => {}
        }
        options &= takes_value || arg.starts_with("--");
        let switch = SWITCHES.contains(&arg.as_str());
        takes_value = options && !takes_value && arg.starts_with("--") && !switch;
        split.push(arg.clone());
    }
    split
}

/// `--dir HOST_DIR[::GUEST_PATH]`, the wasmtime CLI's syntax: the next
/// descriptor becomes HOST_DIR, which the guest knows as GUEST_PATH.
pub fn grant(state: &mut HostState, text: &str) -> Result<(), HostError> {
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
