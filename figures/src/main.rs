//! `figures`: the docs' measured figures, from recorded runs (lib.rs).
//!
//! ```text
//! cargo run -p figures -- render              # make docs
//! cargo run -p figures -- check               # make test
//! cargo run -p figures -- record NAME FILE COMMAND...
//! ```

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let outcome = match args.first().map(String::as_str) {
        Some("render") => render(&root),
        Some("check") => check(&root),
        Some("record") if args.len() >= 4 => record(&root, &args[1], &args[2], &args[3..].join(" ")),
        _ => Err("usage: figures render | check | record NAME FILE COMMAND...".to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn render(root: &Path) -> Result<(), String> {
    let records = figures::records(root)?;
    for page in figures::pages(root) {
        let text = std::fs::read_to_string(&page).map_err(|e| e.to_string())?;
        let rendered = figures::render(&text, &records);
        if rendered.text != text {
            std::fs::write(&page, &rendered.text).map_err(|e| e.to_string())?;
            println!(
                "figures: rendered {}",
                page.strip_prefix(root).unwrap_or(&page).display()
            );
        }
    }
    check(root)
}

fn check(root: &Path) -> Result<(), String> {
    let problems = figures::check(root)?;
    for problem in &problems {
        eprintln!("figures: {problem}");
    }
    match problems.len() {
        0 => Ok(()),
        n => Err(format!(
            "{n} figures differ from their records or have none (`make docs` renders them)"
        )),
    }
}

/// Wraps the JSON a measuring command wrote as a record: what it measured,
/// and when, where and from what it was measured.
fn record(root: &Path, name: &str, file: &str, command: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let data: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let run = |program: &str, args: &[&str]| {
        let out = std::process::Command::new(program).args(args).output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .unwrap_or("unknown CPU");
    let cores = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let record = serde_json::json!({
        "name": name,
        "date": run("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]),
        "commit": commit(),
        "machine": format!("{} ({cores} cores), {}", cpu.trim_start_matches([' ', '\t', ':']), run("uname", &["-sr"])),
        "command": command,
        "data": data,
    });
    let path = root.join("docs/records").join(format!("{name}.json"));
    let pretty = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&path, pretty).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("figures: recorded {}", path.display());
    Ok(())
}

/// The commit measured, marked `-dirty` when the sources differ from it
/// (the records themselves aside), so a record never claims a commit it was
/// not taken from.
fn commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let head = git(&["rev-parse", "--short", "HEAD"]);
    let changed = git(&["status", "--porcelain", "--", ".", ":(exclude)docs/records"]);
    match changed.is_empty() {
        true => head,
        false => format!("{head}-dirty"),
    }
}
