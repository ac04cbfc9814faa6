//! `wasi:cli`: arguments, environment, exit, the standard streams and
//! terminals. The same host state preview 1 reads (state.rs): argv,
//! `--env` pairs, and the host's stdin, stdout and stderr.

use super::streams::{InputStream as Input, OutputStream as Output};
use super::table::Entry;
use super::wasi::cli::{environment, exit, stderr, stdin, stdout};
use super::wasi::cli::{terminal_input, terminal_output, terminal_stderr, terminal_stdin, terminal_stdout};
use super::wasi::io::streams::{InputStream, OutputStream};
use super::WasiP2;
use crate::wasi::GuestExit;
use terminal_input::TerminalInput;
use terminal_output::TerminalOutput;
use wasmtime::component::Resource;

impl environment::Host for WasiP2<'_> {
    fn get_environment(&mut self) -> wasmtime::Result<Vec<(String, String)>> {
        let pair = |text: &String| {
            let (key, value) = text.split_once('=').unwrap_or((text, ""));
            (key.to_string(), value.to_string())
        };
        Ok(self.ctx.env.iter().map(pair).collect())
    }

    fn get_arguments(&mut self) -> wasmtime::Result<Vec<String>> {
        Ok(self.ctx.args.clone())
    }

    /// No working directory: paths are relative to a granted descriptor.
    fn initial_cwd(&mut self) -> wasmtime::Result<Option<String>> {
        Ok(None)
    }
}

impl exit::Host for WasiP2<'_> {
    /// `exit(ok)` is status 0, `exit(err)` status 1: 0.2.0 carries no number.
    fn exit(&mut self, status: Result<(), ()>) -> wasmtime::Result<()> {
        Err(wasmtime::Error::new(GuestExit(status.is_err() as u32)))
    }

    /// Since 0.2.12 a command may exit with any status byte.
    fn exit_with_code(&mut self, status_code: u8) -> wasmtime::Result<()> {
        Err(wasmtime::Error::new(GuestExit(status_code.into())))
    }
}

impl stdin::Host for WasiP2<'_> {
    fn get_stdin(&mut self) -> wasmtime::Result<Resource<InputStream>> {
        Ok(Resource::new_own(
            self.resources.push(Entry::Input(Input::Stdin), None)?,
        ))
    }
}

impl stdout::Host for WasiP2<'_> {
    fn get_stdout(&mut self) -> wasmtime::Result<Resource<OutputStream>> {
        Ok(Resource::new_own(
            self.resources.push(Entry::Output(Output::Stdout), None)?,
        ))
    }
}

impl stderr::Host for WasiP2<'_> {
    fn get_stderr(&mut self) -> wasmtime::Result<Resource<OutputStream>> {
        Ok(Resource::new_own(
            self.resources.push(Entry::Output(Output::Stderr), None)?,
        ))
    }
}

// The guest's stdio is never a terminal here: host-min hands it bytes, not
// a tty it could set modes on. So no terminal resource is ever made, and
// dropping one is a handle host-min never gave.
impl terminal_input::Host for WasiP2<'_> {}
impl terminal_input::HostTerminalInput for WasiP2<'_> {
    fn drop(&mut self, terminal: Resource<TerminalInput>) -> wasmtime::Result<()> {
        self.resources.delete(terminal.rep()).map(|_| ())
    }
}
impl terminal_output::Host for WasiP2<'_> {}
impl terminal_output::HostTerminalOutput for WasiP2<'_> {
    fn drop(&mut self, terminal: Resource<TerminalOutput>) -> wasmtime::Result<()> {
        self.resources.delete(terminal.rep()).map(|_| ())
    }
}
impl terminal_stdin::Host for WasiP2<'_> {
    fn get_terminal_stdin(&mut self) -> wasmtime::Result<Option<Resource<TerminalInput>>> {
        Ok(None)
    }
}
impl terminal_stdout::Host for WasiP2<'_> {
    fn get_terminal_stdout(&mut self) -> wasmtime::Result<Option<Resource<TerminalOutput>>> {
        Ok(None)
    }
}
impl terminal_stderr::Host for WasiP2<'_> {
    fn get_terminal_stderr(&mut self) -> wasmtime::Result<Option<Resource<TerminalOutput>>> {
        Ok(None)
    }
}
