//! What every subcommand parses the same way. lexopt splits the command
//! line (`--flag value` and `--flag=value` alike, `--` ends the options);
//! this file gives the shared options their meaning: the limits, numbers,
//! `KEY=VALUE`, and one `error:` line for anything else.

use host_min::budget::CompileBudget;
use host_min::limits::Limits;
use host_min::{HostError, Status};
use lexopt::{Arg, Parser};
use std::time::Duration;

/// A usage error: one line that points at `host-min --help`, exit 64.
pub fn usage(problem: &str) -> HostError {
    HostError::new(Status::Usage, format!("{problem} (see `host-min --help`)"))
}

/// Adds the module's path in front of a message that does not name it yet.
pub fn about(module: &str) -> impl Fn(HostError) -> HostError + '_ {
    move |e| match e.message.contains(module) {
        true => e,
        false => HostError::new(e.status, format!("{module}: {}", e.message)),
    }
}

/// The limit options, taken by run, call and compile.
pub const LIMITS: [&str; 5] = ["timeout-ms", "fuel", "max-memory-mib", "compile-mib", "compile-ms"];

/// The CLI's limits: the library's defaults, plus the compile budget, which
/// a command that loads one untrusted module wants on.
pub fn cli_limits() -> Limits {
    Limits {
        compile: Some(CompileBudget::default()),
        ..Limits::default()
    }
}

/// Applies `--NAME VALUE`, NAME one of `LIMITS`.
pub fn limit(name: &str, parser: &mut Parser, limits: &mut Limits) -> Result<(), HostError> {
    let number = whole(name, &value(parser, name)?, u64::MAX)?;
    match name {
        "timeout-ms" => limits.timeout = Some(Duration::from_millis(number)),
        "fuel" => limits.fuel = Some(number),
        "compile-mib" => budget(limits).memory = (number.min(1 << 20) as usize) << 20,
        "compile-ms" => budget(limits).time = Duration::from_millis(number),
        "max-memory-mib" => limits.max_memory = (number.min(4096) as usize) << 20, // wasm32 ends at 4 GiB
        _ => unreachable!("{name} is not in LIMITS"),
    }
    Ok(())
}

fn budget(limits: &mut Limits) -> &mut CompileBudget {
    limits.compile.get_or_insert_with(CompileBudget::default)
}

/// The value of `--NAME`, which must be UTF-8.
pub fn value(parser: &mut Parser, name: &str) -> Result<String, HostError> {
    let value = parser.value().map_err(|_| usage(&format!("--{name} wants a value")))?;
    value
        .into_string()
        .map_err(|_| usage(&format!("the value of --{name} is not valid UTF-8")))
}

/// A whole number from 1 to `max`.
pub fn whole(name: &str, text: &str, max: u64) -> Result<u64, HostError> {
    match text.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ if max == u64::MAX => Err(usage(&format!("--{name} wants a whole number above 0, got `{text}`"))),
        _ => Err(usage(&format!(
            "--{name} wants a whole number from 1 to {max}, got `{text}`"
        ))),
    }
}

/// `KEY=VALUE`, with a key that is not empty.
pub fn key_value(name: &str, text: &str) -> Result<(String, String), HostError> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(usage(&format!("--{name} wants KEY=VALUE, got `{text}`"))),
    }
}

/// An argument the subcommand does not take, in one line.
pub fn unexpected(arg: Arg, command: &str) -> HostError {
    match arg {
        Arg::Value(value) => usage(&format!("{command} does not take `{}`", value.to_string_lossy())),
        option => usage(&format!("unknown option `{}` for {command}", shown(&option))),
    }
}

/// lexopt's own failure (an option given a value it does not take).
pub fn parse_error(error: lexopt::Error) -> HostError {
    usage(&error.to_string())
}

fn shown(option: &Arg) -> String {
    match option {
        Arg::Short(c) => format!("-{c}"),
        Arg::Long(name) => format!("--{name}"),
        Arg::Value(value) => value.to_string_lossy().into_owned(),
    }
}
