//! `host-min bench [--quick] [--only wasi|languages] [--json FILE] [--out DIR]`: runs
//! the benchmark (src/bench/, the binary's, with the `bench` feature) and
//! prints its tables.

use super::options::{self, usage};
use host_min::{HostError, Status};
use lexopt::Arg::Long;
use lexopt::Parser;

pub fn bench(mut parser: Parser) -> Result<u8, HostError> {
    let mut settings = crate::bench::Options {
        quick: false,
        out_dir: "out".into(),
    };
    let mut json = None;
    let mut only = None;
    while let Some(arg) = parser.next().map_err(options::parse_error)? {
        match arg {
            Long("quick") => settings.quick = true,
            Long("only") => match options::value(&mut parser, "only")?.as_str() {
                section @ ("wasi" | "languages") => only = Some(section.to_string()),
                _ => return Err(usage("--only takes one section: wasi or languages")),
            },
            Long("json") => json = Some(options::value(&mut parser, "json")?),
            Long("out") => settings.out_dir = options::value(&mut parser, "out")?.into(),
            other => return Err(options::unexpected(other, "bench")),
        }
    }
    let (text, json_text) = match &only {
        Some(section) => crate::bench::run_only(section, &settings)?,
        None => {
            let report = crate::bench::run(&settings)?;
            (report.render(), report.to_json())
        }
    };
    outln!("{}", text.trim_end_matches('\n'));
    if let Some(path) = json {
        std::fs::write(&path, json_text)
            .map_err(|e| HostError::new(Status::NoInput, format!("cannot write {path}: {e}")))?;
        outln!("\nwrote {path}");
    }
    Ok(0)
}
