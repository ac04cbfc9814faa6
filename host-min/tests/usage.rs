//! The command synopses in the docs are the binary's own: every line of a
//! page that starts with `host-min <subcommand>` and names a placeholder
//! (`[…]` or `<…>`) must be a line of `host-min --help`, and so must the
//! `[…]` continuation lines under it. A synopsis edited in one place only
//! fails here.
//!
//! ```text
//! cargo test -p host-min --test usage
//! ```

mod common;
use common::{assert_one_error_line, fixture, host_min, module, repo_root, run};

#[test]
fn every_synopsis_in_the_docs_is_a_line_of_help() {
    let help = run(host_min().arg("--help"));
    assert_eq!(help.status, 0, "{}", help.stderr);
    let help_lines: Vec<&str> = help.stdout.lines().map(str::trim).collect();

    let mut pages = vec![repo_root().join("README.md")];
    for entry in std::fs::read_dir(repo_root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut checked = 0;
    let mut stale = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let mut in_synopsis = false;
        for line in text.lines().map(str::trim) {
            let starts = ["run", "call", "compile", "inspect", "bench"]
                .iter()
                .any(|sub| line.starts_with(&format!("host-min {sub} ")));
            let placeholder = line.contains('[') || line.contains('<');
            let synopsis = (starts && placeholder) || (in_synopsis && line.starts_with('['));
            in_synopsis = synopsis;
            if synopsis {
                checked += 1;
                if !help_lines.contains(&line) {
                    stale.push(format!("{}: {line}", page.display()));
                }
            }
        }
    }
    assert!(checked >= 6, "only {checked} synopsis lines found in the docs");
    assert!(stale.is_empty(), "not in `host-min --help`:\n{}", stale.join("\n"));
}

/// One parser (lexopt) for every subcommand: `--flag value` and
/// `--flag=value` mean the same, options and operands of `call` come in any
/// order, and anything unknown is one usage line (exit 64).
#[test]
fn every_option_takes_its_value_with_a_space_or_an_equals_sign() {
    let plugin = module("guest-raw.wasm").display().to_string();
    let spaced = run(host_min().args([
        "call", "--fuel", "1000000", &plugin, "upper", "--input", "hi", "--calls", "3",
    ]));
    let joined = run(host_min().args(["call", &plugin, "--input=hi", "upper", "--fuel=1000000", "--calls=3"]));
    for ran in [&spaced, &joined] {
        assert_eq!((ran.status, ran.stdout.as_str()), (0, "HI\t3\n"), "{}", ran.stderr);
    }

    let dir = tempfile::tempdir().unwrap();
    let artifact = dir.path().join("guest-raw.cwasm");
    let output = format!("--output={}", artifact.display());
    let compiled = run(host_min().args(["compile", &plugin, &output, "--timeout-ms=1000"]));
    assert_eq!(compiled.status, 0, "{}", compiled.stderr);
    assert!(artifact.is_file());

    // After the module, everything is the guest's, even what looks like ours.
    let guest = fixture("print-args-env.wat").display().to_string();
    let grant = format!("--dir={}::/grant", dir.path().display());
    let ran = run(host_min().args([
        "run",
        &grant,
        "--env=KEY=v",
        "--fuel=100000000",
        &guest,
        "--fuel=x",
        "--",
    ]));
    let expected = format!("{guest}\n--fuel=x\n--\nKEY=v\n");
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (0, expected.as_str()),
        "{}",
        ran.stderr
    );

    for refused in [
        &["call", &plugin, "upper", "--no-such-option"][..],
        &["call", &plugin, "upper", "--reuse=yes"],
        &["call", &plugin, "upper", "--calls"],
        &["run", "--fuel=none", &guest],
        &["compile", &plugin],
        &["inspect", &plugin, "extra"],
    ] {
        let ran = run(host_min().args(refused));
        assert_eq!(ran.status, 64, "{refused:?}: {}", ran.stderr);
        assert_one_error_line(&ran.stderr);
    }
}

/// A reader that stops reading early (`host-min call … | head -c 20`)
/// is no bug of host-min's: it stops quietly, with status 0, and never
/// reports an internal error (println! would panic on the broken pipe).
#[test]
fn a_reader_that_closes_the_pipe_early_ends_host_min_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.txt");
    std::fs::write(&input, "a".repeat(1 << 20)).unwrap();
    for args in [
        vec!["call", "out/guest-raw.wasm", "upper", "--input-file"],
        vec!["call", "out/component/guest-wit.composed.wasm", "upper", "--input-file"],
    ] {
        let mut child = host_min()
            .current_dir(repo_root())
            .args(&args)
            .arg(&input)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little of the answer, then go away, as `head -c 20` does.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 20];
        stdout.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"AAAAAAAAAAAAAAAAAAAA");
        drop(stdout);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}
