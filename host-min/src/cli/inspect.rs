//! `host-min inspect <module|component>`: a module's imports, exports and
//! memory sizes, or a component's world in WIT (the library's inspect.rs).

use super::options::{self, cli_limits, usage};
use host_min::{inspect, printable, Host, HostError, Wasm};
use lexopt::Arg::Value;
use lexopt::Parser;
use std::path::Path;

pub fn inspect(mut parser: Parser) -> Result<u8, HostError> {
    let mut operands = Vec::new();
    while let Some(arg) = parser.next().map_err(options::parse_error)? {
        match arg {
            Value(operand) => operands.push(
                operand
                    .into_string()
                    .map_err(|_| usage("the path is not valid UTF-8"))?,
            ),
            other => return Err(options::unexpected(other, "inspect")),
        }
    }
    let [module_path] = &operands[..] else {
        return Err(usage("inspect wants one module"));
    };
    let host = Host::with_limits(cli_limits())?;
    let report = match host.load_any(Path::new(module_path))? {
        Wasm::Module(module) => inspect::report(&module),
        Wasm::Component(component) => inspect::component_report(host.engine(), &component),
    };
    // Names inside a module are the module's text: escaped line by line.
    outln!("{module_path}");
    for line in report.lines() {
        outln!("{}", printable(line));
    }
    Ok(0)
}
