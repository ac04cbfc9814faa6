//! The host-min command line, a thin layer over the library (src/lib.rs).
//!
//! ```text
//! cargo run -p host-min -- --help
//! ```

use host_min::budget::CompileBudget;
use host_min::component::ComponentPlugin;
use host_min::limits::Limits;
use host_min::plugin::{Answer, Plugin};
use host_min::pool::Lifecycle;
use host_min::{inspect, printable, Host, HostError, HostState, Status, Wasm};
use std::path::Path;
use std::process::ExitCode;

// The binary's own modules (the library is src/lib.rs and its modules).
mod cli {
    pub mod bench;
    pub mod compile;
    pub mod many;
    pub mod run_options;
}
use cli::many::{call_many, whole, Many, MAX_CALLS};
use cli::run_options::{grant, split_equals};

const USAGE: &str = "\
usage:
  host-min run [LIMITS] [--dir HOST_DIR[::GUEST_PATH]]... [--env KEY=VALUE]...
               [--allow-precompiled] [--no-cache] <module.wasm|.wat|component.wasm> [guest args...]
      Runs a WASI command on host-min's own WASI: a core module (_start) on
      preview 1, a component (wasi:cli/run) on WASI 0.2.
      --dir grants a directory (fd 3, 4, ... in order), as GUEST_PATH
      (default: HOST_DIR as given); nothing outside it can be reached.
      Options go before the module; everything after it belongs to the guest.
      Compiled code is kept in ~/.cache/host-min (only if that directory is the
      user's alone) and reused for the same bytes; --no-cache compiles afresh.
  host-min call [LIMITS] [--allow-precompiled] <plugin> <export> [--input TEXT | --input-file PATH] [--kv KEY=VALUE]...
                [--calls N [--threads T] [--reuse]]
      Calls a plugin function and prints its result: a core module through the
      ABI in ABI.md, a component through the world in wit/plugin.wit (exports
      by their WIT names: upper, word-count, greet, reverse).
      With --calls N (a core module): N calls over T threads, each on a fresh
      instance (--reuse: one instance per thread); prints each distinct answer
      with its count, and a summary (calls/s, p50/p99, peak memory) on stderr.
  host-min compile [LIMITS] <module|component> -o <artifact>
      Compiles once and writes wasmtime's precompiled artifact (machine code).
      run and call load it only with --allow-precompiled: loading one runs its
      code as it is, so load only artifacts you made (docs/11-other-languages.md).
      Use the same --timeout-ms/--fuel choice as the runs that will load it.
  host-min inspect <module|component>
      A module: imports and exports with their types, and memory sizes.
      A component: its world, with WIT types.
  host-min bench [--quick] [--only wasi] [--json FILE] [--out DIR]
      Native vs wasm, the cost of each safety feature, the boundary, the
      allocators (modules from DIR, default out/; see docs/06-benchmark.md).
  host-min --help

limits (for run and call):
  --timeout-ms N      stop the guest after N ms of wall-clock time (epoch interruption)
  --fuel N            stop the guest after N units of fuel (about one per wasm operation)
  --max-memory-mib N  cap linear memory at N MiB; memory.grow past it returns -1 (default 64)
  The wasm stack is bounded at 512 KiB; deeper recursion traps (call stack exhausted).
  --compile-mib N     refuse a module whose compiling takes host-min past N MiB resident (default 200)
  --compile-ms N      refuse a module whose compiling takes more than N ms (default 2000)";

/// Applies a limit flag (`--timeout-ms`, `--fuel`, `--max-memory-mib`,
/// `--compile-mib`, `--compile-ms`); false for any other flag.
pub(crate) fn limit_flag(flag: &str, value: Option<&String>, limits: &mut Limits) -> Result<bool, HostError> {
    let number = || -> Result<u64, HostError> {
        let text = value.ok_or_else(|| usage(&format!("{flag} wants a number")))?;
        match text.parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(usage(&format!("{flag} wants a whole number above 0, got `{text}`"))),
        }
    };
    match flag {
        "--timeout-ms" => limits.timeout = Some(std::time::Duration::from_millis(number()?)),
        "--fuel" => limits.fuel = Some(number()?),
        "--compile-mib" => budget(limits).memory = (number()?.min(1 << 20) as usize) << 20,
        "--compile-ms" => budget(limits).time = std::time::Duration::from_millis(number()?),
        "--max-memory-mib" => {
            let mib = number()?.min(4096); // wasm32 memory ends at 4 GiB
            limits.max_memory = (mib as usize) << 20;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The CLI's limits: the library's defaults, plus the compile budget, which
/// a command that loads one untrusted module wants on.
fn cli_limits() -> Limits {
    Limits {
        compile: Some(CompileBudget::default()),
        ..Limits::default()
    }
}

fn budget(limits: &mut Limits) -> &mut CompileBudget {
    limits.compile.get_or_insert_with(CompileBudget::default)
}

fn main() -> ExitCode {
    // host-min must never panic; if it does anyway, say so in one line.
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string().replace('\n', " ");
        eprintln!("error: internal error in host-min (a bug, please report it): {text}");
    }));
    let args: Result<Vec<String>, _> = std::env::args_os().skip(1).map(|a| a.into_string()).collect();
    let outcome = match args {
        Ok(args) => dispatch(&args),
        Err(bad) => Err(usage(&format!("an argument is not valid UTF-8: {bad:?}"))),
    };
    match outcome {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            // Messages quote module names, panic messages and wasmtime's
            // words about them: escaped, so a module cannot drive the terminal.
            eprintln!("error: {}", printable(&error.message));
            ExitCode::from(error.status.code())
        }
    }
}

pub(crate) fn usage(problem: &str) -> HostError {
    HostError::new(Status::Usage, format!("{problem} (see `host-min --help`)"))
}

fn dispatch(args: &[String]) -> Result<u8, HostError> {
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("call") => call(&args[1..]),
        Some("inspect") => inspect(&args[1..]),
        Some("compile") => cli::compile::compile(&args[1..]),
        Some("bench") => cli::bench::bench(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}\n\nexit status:\n  0    success");
            println!("  N    run: the guest called proc_exit(N)");
            for status in Status::ALL {
                println!("  {:<4} {}", status.code(), status.meaning());
            }
            Ok(0)
        }
        Some(other) => Err(usage(&format!("unknown command `{other}`"))),
        None => Err(usage("no command given")),
    }
}

/// Adds the module's path in front of a message that does not name it yet.
fn about(module: &str) -> impl Fn(HostError) -> HostError + '_ {
    move |e| match e.message.contains(module) {
        true => e,
        false => HostError::new(e.status, format!("{module}: {}", e.message)),
    }
}

fn key_value(flag: &str, text: &str) -> Result<(String, String), HostError> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(usage(&format!("{flag} wants KEY=VALUE, got `{text}`"))),
    }
}

fn run(args: &[String]) -> Result<u8, HostError> {
    let mut state = HostState::default();
    let (mut allow_precompiled, mut no_cache) = (false, false);
    let mut limits = cli_limits();
    let args = split_equals(args);
    let mut rest = &args[..];
    while let Some(flag) = rest.first().filter(|a| a.starts_with("--")) {
        if limit_flag(flag, rest.get(1), &mut limits)? {
            rest = &rest[2..];
            continue;
        }
        match flag.as_str() {
            "--env" => {
                let text = rest.get(1).ok_or_else(|| usage("--env wants KEY=VALUE"))?;
                let (key, value) = key_value("--env", text)?;
                state.env.push(format!("{key}={value}"));
                rest = &rest[2..];
            }
            "--dir" => {
                let text = rest.get(1).ok_or_else(|| usage("--dir wants HOST_DIR[::GUEST_PATH]"))?;
                grant(&mut state, text)?;
                rest = &rest[2..];
            }
            "--allow-precompiled" => {
                allow_precompiled = true;
                rest = &rest[1..];
            }
            "--no-cache" => {
                no_cache = true;
                rest = &rest[1..];
            }
            other => return Err(usage(&format!("unknown option `{other}` for run"))),
        }
    }
    let module_path = rest.first().ok_or_else(|| usage("run wants a module"))?;
    state.args = rest.to_vec(); // argv[0] is the module, as in `wasmtime run`
    let mut host = Host::with_limits(limits)?;
    if allow_precompiled {
        host.allow_precompiled();
    }
    if !no_cache {
        host.use_compile_cache();
    }
    // The header tells which WASI: a core module runs on preview 1, a
    // component on WASI 0.2.
    let status = match host.load_any(Path::new(module_path))? {
        Wasm::Module(module) => host.run_command(&module, state),
        Wasm::Component(component) => host.run_component(&component, state),
    };
    let status = status.map_err(about(module_path))?;
    u8::try_from(status).map_err(|_| {
        let message = format!("{module_path}: the guest exited with status {status}, which is over 255");
        HostError::new(Status::GuestError, message)
    })
}

fn call(args: &[String]) -> Result<u8, HostError> {
    let mut state = HostState::default();
    let mut limits = cli_limits();
    let mut input: Option<Input> = None;
    let mut positional = Vec::new();
    let mut many = Many::default();
    let (mut allow_precompiled, mut no_cache) = (false, false);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| rest.next().ok_or_else(|| usage(&format!("{flag} wants a value")));
        match arg.as_str() {
            "--timeout-ms" | "--fuel" | "--max-memory-mib" | "--compile-mib" | "--compile-ms" => {
                limit_flag(arg, Some(value(arg)?), &mut limits)?;
            }
            "--input" if input.is_none() => input = Some(Input::Text(value("--input")?.clone())),
            "--input-file" if input.is_none() => input = Some(Input::File(value("--input-file")?.clone())),
            "--input" | "--input-file" => return Err(usage("give one input: --input or --input-file")),
            "--kv" => {
                let (key, val) = key_value("--kv", value("--kv")?)?;
                state.kv.insert(key.into_bytes(), val.into_bytes());
            }
            "--calls" => many.calls = whole("--calls", value("--calls")?, MAX_CALLS)?,
            "--threads" => many.threads = whole("--threads", value("--threads")?, 256)? as usize,
            "--reuse" => many.lifecycle = Lifecycle::Reused,
            "--allow-precompiled" => allow_precompiled = true,
            "--no-cache" => no_cache = true,
            flag if flag.starts_with("--") => return Err(usage(&format!("unknown option `{flag}` for call"))),
            _ => positional.push(arg),
        }
    }
    let [plugin_path, export] = positional[..] else {
        return Err(usage("call wants a plugin and an export"));
    };
    let input = input.unwrap_or(Input::Text(String::new()));
    if many.calls > 1 || many.threads > 1 || many.lifecycle == Lifecycle::Reused {
        return call_many(plugin_path, export, &input, &many, limits, state.kv).map_err(about(plugin_path));
    }
    let mut host = Host::with_limits(limits)?;
    if allow_precompiled {
        host.allow_precompiled();
    }
    if !no_cache {
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
        Answer::Text(text) => println!("{text}"), // the plugin's answer: its own bytes
        Answer::Number(number) => println!("{number}"),
    }
    Ok(0)
}

/// The input of `call`: `--input TEXT` or `--input-file PATH`, read after
/// the module is loaded.
enum Input {
    Text(String),
    File(String),
}

impl Input {
    fn read(&self) -> Result<Vec<u8>, HostError> {
        match self {
            Input::Text(text) => Ok(text.clone().into_bytes()),
            Input::File(path) => {
                std::fs::read(path).map_err(|e| HostError::new(Status::NoInput, format!("cannot read {path}: {e}")))
            }
        }
    }
}

fn inspect(args: &[String]) -> Result<u8, HostError> {
    let [module_path] = args else {
        return Err(usage("inspect wants one module"));
    };
    let host = Host::with_limits(cli_limits())?;
    let report = match host.load_any(Path::new(module_path))? {
        Wasm::Module(module) => inspect::report(&module),
        Wasm::Component(component) => inspect::component_report(host.engine(), &component),
    };
    // Names inside a module are the module's text: escaped line by line.
    println!("{module_path}");
    for line in report.lines() {
        println!("{}", printable(line));
    }
    Ok(0)
}
