//! `host-min bench [--quick] [--only wasi] [--json FILE] [--out DIR]`: runs
//! the library's benchmark (src/bench/) and prints its tables. Part of
//! the binary, beside main.rs.

use crate::usage;
use host_min::{HostError, Status};

pub fn bench(args: &[String]) -> Result<u8, HostError> {
    let mut options = host_min::bench::Options {
        quick: false,
        out_dir: "out".into(),
    };
    let mut json = None;
    let mut only_wasi = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--only" => match rest.next().map(String::as_str) {
                Some("wasi") => only_wasi = true,
                _ => return Err(usage("--only takes one section: wasi")),
            },
            "--json" => json = Some(rest.next().ok_or_else(|| usage("--json wants a file"))?.clone()),
            "--out" => options.out_dir = rest.next().ok_or_else(|| usage("--out wants a directory"))?.into(),
            other => return Err(usage(&format!("unknown option `{other}` for bench"))),
        }
    }
    let (text, json_text) = match only_wasi {
        true => host_min::bench::run_wasi(&options)?,
        false => {
            let report = host_min::bench::run(&options)?;
            (report.render(), report.to_json())
        }
    };
    print!("{text}");
    if let Some(path) = json {
        std::fs::write(&path, json_text)
            .map_err(|e| HostError::new(Status::NoInput, format!("cannot write {path}: {e}")))?;
        println!("\nwrote {path}");
    }
    Ok(0)
}
