//! Every WASI preview-1 function that host-min does not implement, linked to
//! a refusal: a guest that calls one gets an errno back instead of failing to
//! link. host-min grants no files, directories, sockets or polling:
//! - `fd_*` calls answer ENOTCAPABLE on stdio (0-2: those streams exist, but
//!   only `fd_write` is provided) and EBADF on any other descriptor;
//! - `path_*` calls answer ENOTCAPABLE: no directory capability was granted;
//! - everything else answers ENOSYS.

use crate::state::HostState;
use crate::wasi::{errno, MODULE};
use wasmtime::{Caller, FuncType, Linker, Val, ValType};

/// (name, parameter types: I = i32, L = i64). All return an i32 errno.
/// Signatures from `wasi_snapshot_preview1.witx`.
const REFUSED: &[(&str, &str)] = &[
    ("clock_res_get", "II"),
    ("fd_advise", "ILLI"),
    ("fd_allocate", "ILL"),
    ("fd_close", "I"),
    ("fd_datasync", "I"),
    ("fd_fdstat_get", "II"),
    ("fd_fdstat_set_flags", "II"),
    ("fd_fdstat_set_rights", "ILL"),
    ("fd_filestat_get", "II"),
    ("fd_filestat_set_size", "IL"),
    ("fd_filestat_set_times", "ILLI"),
    ("fd_pread", "IIILI"),
    ("fd_prestat_get", "II"),
    ("fd_prestat_dir_name", "III"),
    ("fd_pwrite", "IIILI"),
    ("fd_read", "IIII"),
    ("fd_readdir", "IIILI"),
    ("fd_renumber", "II"),
    ("fd_seek", "ILII"),
    ("fd_sync", "I"),
    ("fd_tell", "II"),
    ("path_create_directory", "III"),
    ("path_filestat_get", "IIIII"),
    ("path_filestat_set_times", "IIIILLI"),
    ("path_link", "IIIIIII"),
    ("path_open", "IIIIILLII"),
    ("path_readlink", "IIIIII"),
    ("path_remove_directory", "III"),
    ("path_rename", "IIIIII"),
    ("path_symlink", "IIIII"),
    ("path_unlink_file", "III"),
    ("poll_oneoff", "IIII"),
    ("proc_raise", "I"),
    ("sock_accept", "III"),
    ("sock_recv", "IIIIII"),
    ("sock_send", "IIIII"),
    ("sock_shutdown", "II"),
];

/// The errno a refused call gets, from its name and first argument.
fn refusal(name: &str, first_arg: Option<&Val>) -> i32 {
    if name.starts_with("path_") {
        errno::NOTCAPABLE
    } else if name.starts_with("fd_") {
        match first_arg.and_then(Val::i32) {
            Some(0..=2) => errno::NOTCAPABLE,
            _ => errno::BADF,
        }
    } else {
        errno::NOSYS
    }
}

pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    for &(name, params) in REFUSED {
        let params = params
            .chars()
            .map(|c| if c == 'L' { ValType::I64 } else { ValType::I32 });
        let ty = FuncType::new(linker.engine(), params, [ValType::I32]);
        linker.func_new(MODULE, name, ty, move |_: Caller<'_, HostState>, args, results| {
            results[0] = Val::I32(refusal(name, args.first()));
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_follow_the_documented_rule() {
        assert_eq!(refusal("path_open", Some(&Val::I32(3))), errno::NOTCAPABLE);
        assert_eq!(refusal("fd_read", Some(&Val::I32(0))), errno::NOTCAPABLE);
        assert_eq!(refusal("fd_prestat_get", Some(&Val::I32(3))), errno::BADF);
        assert_eq!(refusal("sock_accept", Some(&Val::I32(3))), errno::NOSYS);
    }

    #[test]
    fn with_the_implemented_subset_every_preview1_function_is_covered() {
        let implemented = [
            "args_get",
            "args_sizes_get",
            "environ_get",
            "environ_sizes_get",
            "clock_time_get",
            "fd_write",
            "proc_exit",
            "random_get",
            "sched_yield",
        ];
        // preview 1 has 46 functions (wasi_snapshot_preview1.witx).
        assert_eq!(REFUSED.len() + implemented.len(), 46);
        assert!(REFUSED.iter().all(|(name, _)| !implemented.contains(name)));
    }
}
