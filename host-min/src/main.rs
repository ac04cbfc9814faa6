//! The host-min command line, a thin layer over the library (src/lib.rs):
//! the usage text, one `error:` line and an exit status for every failure,
//! and a subcommand per file in cli/.
//!
//! ```text
//! cargo run -p host-min -- --help
//! ```

use cli::options::usage;
use host_min::{printable, HostError, Status};
use std::process::ExitCode;

// The binary's own modules (the library is src/lib.rs and its modules):
// the command line, and the benchmark, which the library does not carry.
/// `println!` for host-min's own output, which a closed pipe cannot turn
/// into a panic (cli/output.rs).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::output::line(format_args!($($arg)*))
    };
}

#[cfg(feature = "bench")]
mod bench;
mod cli {
    #[cfg(feature = "bench")]
    pub mod bench;
    pub mod call;
    pub mod compile;
    pub mod inspect;
    pub mod many;
    pub mod options;
    pub mod output;
    pub mod run;
}

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
      With --calls N (a core module or a component): N calls over T threads,
      each on a fresh instance (--reuse: one instance per thread); prints each
      distinct answer with its count, and a summary (calls/s, p50/p99, peak
      memory) on stderr.
  host-min compile [LIMITS] <module|component> -o <artifact>
      Compiles once and writes wasmtime's precompiled artifact (machine code).
      run and call load it only with --allow-precompiled: loading one runs its
      code as it is, so load only artifacts you made (docs/11-other-languages.md).
      Use the same --timeout-ms/--fuel choice as the runs that will load it.
  host-min inspect <module|component>
      A module: imports and exports with their types, and memory sizes.
      A component: its world, with WIT types.
  host-min bench [--quick] [--only wasi|languages] [--json FILE] [--out DIR]
      Native vs wasm, the cost of each safety feature, the boundary, the
      allocators (modules from DIR, default out/; see docs/06-benchmark.md).
  host-min --help

Every option takes its value as `--flag value` or `--flag=value`.

limits (for run, call and compile):
  --timeout-ms N      stop the guest after N ms of wall-clock time (epoch interruption)
  --fuel N            stop the guest after N units of fuel (about one per wasm operation)
  --max-memory-mib N  cap linear memory at N MiB; memory.grow past it returns -1 (default 64)
  The wasm stack is bounded at 512 KiB; deeper recursion traps (call stack exhausted).
  --compile-mib N     refuse a module whose compiling takes host-min past N MiB resident (default 200)
  --compile-ms N      refuse a module whose compiling takes more than N ms (default 2000)";

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

fn dispatch(args: &[String]) -> Result<u8, HostError> {
    let parser = || lexopt::Parser::from_args(&args[1..]);
    match args.first().map(String::as_str) {
        Some("run") => cli::run::run(parser()),
        Some("call") => cli::call::call(parser()),
        Some("inspect") => cli::inspect::inspect(parser()),
        Some("compile") => cli::compile::compile(parser()),
        #[cfg(feature = "bench")]
        Some("bench") => cli::bench::bench(parser()),
        #[cfg(not(feature = "bench"))]
        Some("bench") => Err(usage("this host-min was built without the `bench` feature")),
        Some("--help" | "-h" | "help") => {
            outln!("{USAGE}\n\nexit status:\n  0    success");
            outln!("  N    run: the guest called proc_exit(N)");
            for status in Status::ALL {
                outln!("  {:<4} {}", status.code(), status.meaning());
            }
            Ok(0)
        }
        Some(other) => Err(usage(&format!("unknown command `{other}`"))),
        None => Err(usage("no command given")),
    }
}
