//! The WASI preview-1 functions host-min does not offer: sockets and
//! signals. Each is linked, so a guest that imports one still runs, and is
//! answered with an errno:
//! - `sock_*` on a descriptor that is not open: EBADF; on one that is (a
//!   file, a directory, a stream): ENOTSOCK, for none of them is a socket;
//! - `proc_raise`: ENOSYS.

use super::WasiP1;
use super::{errno, GetWasi, MODULE};
use wasmtime::{Caller, FuncType, Linker, Val, ValType};

/// (name, parameter types: I = i32, L = i64). All return an i32 errno.
/// Signatures from `wasi_snapshot_preview1.witx`.
const REFUSED: &[(&str, &str)] = &[
    ("proc_raise", "I"),
    ("sock_accept", "III"),
    ("sock_recv", "IIIIII"),
    ("sock_send", "IIIII"),
    ("sock_shutdown", "II"),
];

/// The errno a refused call gets, from its name and first argument.
fn refusal(name: &str, state: &WasiP1<'_>, first_arg: Option<&Val>) -> i32 {
    if !name.starts_with("sock_") {
        return errno::NOSYS.0;
    }
    let fd = first_arg.and_then(Val::i32).unwrap_or(-1) as u32;
    match state.fds.get(fd, 0) {
        Ok(_) => errno::NOTSOCK.0,
        Err(_) => errno::BADF.0,
    }
}

pub fn add_to_linker<T: 'static>(linker: &mut Linker<T>, get: GetWasi<T>) -> wasmtime::Result<()> {
    for &(name, params) in REFUSED {
        let params = params
            .chars()
            .map(|c| if c == 'L' { ValType::I64 } else { ValType::I32 });
        let ty = FuncType::new(linker.engine(), params, [ValType::I32]);
        linker.func_new(MODULE, name, ty, move |mut caller: Caller<'_, T>, args, results| {
            results[0] = Val::I32(refusal(name, &get(caller.data_mut()), args.first()));
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasi::p1::fd_table::FdTable;
    use crate::wasi::state::WasiCtx;

    fn view(state: &mut (WasiCtx, FdTable)) -> WasiP1<'_> {
        WasiP1 {
            ctx: &mut state.0,
            fds: &mut state.1,
        }
    }

    #[test]
    fn sockets_are_refused_by_whether_the_descriptor_is_open() {
        let mut state = (WasiCtx::quiet(), FdTable::default());
        let state = view(&mut state);
        assert_eq!(refusal("sock_shutdown", &state, Some(&Val::I32(1))), errno::NOTSOCK.0);
        assert_eq!(refusal("sock_shutdown", &state, Some(&Val::I32(3))), errno::BADF.0);
        assert_eq!(refusal("proc_raise", &state, Some(&Val::I32(9))), errno::NOSYS.0);
    }

    #[test]
    fn every_preview1_function_is_linked_once_implemented_or_refused() {
        let engine = wasmtime::Engine::default();
        let mut linker = Linker::new(&engine);
        crate::wasi::p1::add_to_linker(&mut linker, view).unwrap();
        let mut store = wasmtime::Store::new(&engine, (WasiCtx::quiet(), FdTable::default()));
        let mut linked: Vec<String> = linker
            .iter(&mut store)
            .map(|(module, name, _)| format!("{module}.{name}"))
            .collect();
        linked.sort();
        let mut expected: Vec<String> = PREVIEW1.iter().map(|name| format!("{MODULE}.{name}")).collect();
        expected.sort();
        assert_eq!(linked, expected);
        assert_eq!(expected.len(), 46);
    }

    /// Every function of `wasi_snapshot_preview1.witx`.
    const PREVIEW1: &[&str] = &[
        "args_get",
        "args_sizes_get",
        "environ_get",
        "environ_sizes_get",
        "clock_res_get",
        "clock_time_get",
        "fd_advise",
        "fd_allocate",
        "fd_close",
        "fd_datasync",
        "fd_fdstat_get",
        "fd_fdstat_set_flags",
        "fd_fdstat_set_rights",
        "fd_filestat_get",
        "fd_filestat_set_size",
        "fd_filestat_set_times",
        "fd_pread",
        "fd_prestat_get",
        "fd_prestat_dir_name",
        "fd_pwrite",
        "fd_read",
        "fd_readdir",
        "fd_renumber",
        "fd_seek",
        "fd_sync",
        "fd_tell",
        "fd_write",
        "path_create_directory",
        "path_filestat_get",
        "path_filestat_set_times",
        "path_link",
        "path_open",
        "path_readlink",
        "path_remove_directory",
        "path_rename",
        "path_symlink",
        "path_unlink_file",
        "poll_oneoff",
        "proc_exit",
        "proc_raise",
        "sched_yield",
        "random_get",
        "sock_accept",
        "sock_recv",
        "sock_send",
        "sock_shutdown",
    ];
}
