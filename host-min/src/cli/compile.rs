//! `host-min compile [LIMITS] IN -o OUT`: the artifact that `run` and
//! `call` load with `--allow-precompiled` (the library's precompiled.rs
//! says why that is a trust decision).
//!
//! Compiling is what one trusts a module enough to do once, so no compile
//! budget applies unless `--compile-mib` or `--compile-ms` asks for one;
//! `--timeout-ms` and `--fuel` choose the code (epoch checks, fuel
//! counting) that the runs loading the artifact will need.

use super::options::{self, usage, LIMITS};
use host_min::limits::Limits;
use host_min::{budget, Host, HostError, Status};
use lexopt::Arg::{Long, Short, Value};
use lexopt::Parser;
use std::path::Path;

pub fn compile(mut parser: Parser) -> Result<u8, HostError> {
    let mut limits = Limits::default();
    let (mut input, mut output) = (None, None);
    while let Some(arg) = parser.next().map_err(options::parse_error)? {
        match arg {
            Long(name) if LIMITS.contains(&name) => {
                let name = name.to_string();
                options::limit(&name, &mut parser, &mut limits)?;
            }
            Short('o') | Long("output") => output = Some(options::value(&mut parser, "output")?),
            Value(path) if input.is_none() => {
                input = Some(
                    path.into_string()
                        .map_err(|_| usage("the module's path is not valid UTF-8"))?,
                )
            }
            Value(_) => return Err(usage("compile takes one module")),
            other => return Err(options::unexpected(other, "compile")),
        }
    }
    let (Some(input), Some(output)) = (input, output) else {
        return Err(usage("compile wants a module and -o <artifact>"));
    };
    let host = Host::with_limits(limits)?;
    let started = std::time::Instant::now();
    let artifact = host.precompile(Path::new(&input))?;
    let seconds = started.elapsed().as_secs_f64();
    std::fs::write(&output, &artifact)
        .map_err(|e| HostError::new(Status::NoInput, format!("cannot write {output}: {e}")))?;
    // What compiling cost, for the one who decides to do it once: the
    // process's peak resident memory is the compile's (nothing else ran).
    let peak_mib = budget::peak_resident_bytes().unwrap_or(0) as f64 / f64::from(1 << 20);
    eprintln!(
        "wrote {output} ({} bytes; compiled in {seconds:.2} s, {peak_mib:.0} MiB peak); load it with --allow-precompiled",
        artifact.len()
    );
    Ok(0)
}
