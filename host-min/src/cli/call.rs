//! `host-min call [LIMITS] [--allow-precompiled] [--no-cache] <plugin>
//! <export> [--input TEXT | --input-file PATH] [--kv KEY=VALUE]...
//! [--calls N [--threads T] [--reuse]]`: one call of a plugin's export (a
//! core module through ABI.md, a component through wit/plugin.wit), or many
//! through the pool (many.rs). Options and operands come in any order.

use super::many::{call_many, Many, MAX_CALLS};
use super::options::{self, about, cli_limits, usage, LIMITS};
use host_min::component::ComponentPlugin;
use host_min::plugin::{Answer, Plugin};
use host_min::pool::Lifecycle;
use host_min::{Host, HostError, HostState, Status, Wasm};
use lexopt::Arg::{Long, Value};
use lexopt::Parser;
use std::path::Path;

pub fn call(mut parser: Parser) -> Result<u8, HostError> {
    let mut state = HostState::default();
    let mut limits = cli_limits();
    let mut input: Option<Input> = None;
    let mut operands = Vec::new();
    let mut many = Many::default();
    while let Some(arg) = parser.next().map_err(options::parse_error)? {
        match arg {
            Long(name) if LIMITS.contains(&name) => {
                let name = name.to_string();
                options::limit(&name, &mut parser, &mut limits)?;
            }
            Long("input" | "input-file") if input.is_some() => {
                return Err(usage("give one input: --input or --input-file"))
            }
            Long("input") => input = Some(Input::Text(options::value(&mut parser, "input")?)),
            Long("input-file") => input = Some(Input::File(options::value(&mut parser, "input-file")?)),
            Long("kv") => {
                let (key, value) = options::key_value("kv", &options::value(&mut parser, "kv")?)?;
                state.kv.insert(key.into_bytes(), value.into_bytes());
            }
            Long("calls") => many.calls = options::whole("calls", &options::value(&mut parser, "calls")?, MAX_CALLS)?,
            Long("threads") => {
                many.threads = options::whole("threads", &options::value(&mut parser, "threads")?, 256)? as usize
            }
            Long("reuse") => many.lifecycle = Lifecycle::Reused,
            Long("allow-precompiled") => many.allow_precompiled = true,
            Long("no-cache") => many.no_cache = true,
            Value(operand) => operands.push(
                operand
                    .into_string()
                    .map_err(|_| usage("an operand is not valid UTF-8"))?,
            ),
            other => return Err(options::unexpected(other, "call")),
        }
    }
    let [plugin_path, export] = &operands[..] else {
        return Err(usage("call wants a plugin and an export"));
    };
    let input = input.unwrap_or(Input::Text(String::new()));
    if many.calls > 1 || many.threads > 1 || many.lifecycle == Lifecycle::Reused {
        return call_many(plugin_path, export, &input, &many, limits, state.kv).map_err(about(plugin_path));
    }
    let mut host = Host::with_limits(limits)?;
    if many.allow_precompiled {
        host.allow_precompiled();
    }
    if !many.no_cache {
        host.use_compile_cache();
    }
    // The module first, under the compile budget; the input after it, so
    // that a large input is not counted as the module's.
    let loaded = host.load_any(Path::new(plugin_path))?;
    let input = input.read()?;
    let answer = match loaded {
        Wasm::Module(module) => {
            let mut plugin = Plugin::new(&host, &module, state).map_err(about(plugin_path))?;
            plugin.call(export, &input)
        }
        Wasm::Component(component) => {
            // A WIT string is UTF-8 by type, so other bytes cannot be passed.
            let text = String::from_utf8(input)
                .map_err(|_| usage("the input is not valid UTF-8, and a component's `string` parameter must be"))?;
            let mut plugin = ComponentPlugin::new(&host, &component, state).map_err(about(plugin_path))?;
            plugin.call(export, &text)
        }
    };
    match answer.map_err(about(plugin_path))? {
        Answer::Text(text) => outln!("{text}"), // the plugin's answer: its own bytes
        Answer::Number(number) => outln!("{number}"),
    }
    Ok(0)
}

/// The input of `call`: `--input TEXT` or `--input-file PATH`, read after
/// the module is loaded.
pub enum Input {
    Text(String),
    File(String),
}

impl Input {
    pub fn read(&self) -> Result<Vec<u8>, HostError> {
        match self {
            Input::Text(text) => Ok(text.clone().into_bytes()),
            Input::File(path) => {
                std::fs::read(path).map_err(|e| HostError::new(Status::NoInput, format!("cannot read {path}: {e}")))
            }
        }
    }
}
