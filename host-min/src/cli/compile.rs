//! `host-min compile [LIMITS] IN -o OUT`: the artifact that `run` and
//! `call` load with `--allow-precompiled` (the library's precompiled.rs
//! says why that is a trust decision). Part of the binary, beside main.rs.
//!
//! Compiling is what one trusts a module enough to do once, so no compile
//! budget applies unless `--compile-mib` or `--compile-ms` asks for one;
//! `--timeout-ms` and `--fuel` choose the code (epoch checks, fuel
//! counting) that the runs loading the artifact will need.

use crate::{limit_flag, usage};
use host_min::limits::Limits;
use host_min::{Host, HostError, Status};
use std::path::Path;

pub fn compile(args: &[String]) -> Result<u8, HostError> {
    let mut limits = Limits::default();
    let (mut input, mut output) = (None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| rest.next().cloned());
        match flag {
            "-o" | "--output" => output = Some(value().ok_or_else(|| usage("-o wants a file"))?),
            f if f.starts_with('-') => {
                if !limit_flag(f, value().as_ref(), &mut limits)? {
                    return Err(usage(&format!("unknown option `{f}` for compile")));
                }
            }
            _ if input.is_none() => input = Some(arg.clone()),
            _ => return Err(usage("compile takes one module")),
        }
    }
    let (Some(input), Some(output)) = (input, output) else {
        return Err(usage("compile wants a module and -o <artifact>"));
    };
    let host = Host::with_limits(limits)?;
    let artifact = host.precompile(Path::new(&input))?;
    std::fs::write(&output, &artifact)
        .map_err(|e| HostError::new(Status::NoInput, format!("cannot write {output}: {e}")))?;
    eprintln!(
        "wrote {output} ({} bytes); load it with --allow-precompiled",
        artifact.len()
    );
    Ok(0)
}
