//! Records how host-min was built, so `host-min bench` can name its build
//! profile in the header and refuse to print verdicts from a build that
//! cannot measure honestly (an unoptimised one).

fn main() {
    // Cargo tells build scripts the opt-level, but not the profile's name;
    // the profile's folder (target/<profile>/build/...) gives it, with
    // `debug` standing for the dev profile.
    let out_dir = std::env::var("OUT_DIR").unwrap_or_default();
    let parts: Vec<&str> = out_dir.split(std::path::MAIN_SEPARATOR).collect();
    let folder = parts
        .iter()
        .rposition(|p| *p == "build")
        .and_then(|at| at.checked_sub(1))
        .map(|at| parts[at])
        .unwrap_or("unknown");
    let profile = if folder == "debug" { "dev" } else { folder };
    println!("cargo:rustc-env=HOST_MIN_PROFILE={profile}");
    let opt_level = std::env::var("OPT_LEVEL").unwrap_or_default();
    println!("cargo:rustc-env=HOST_MIN_OPT_LEVEL={opt_level}");
    println!("cargo:rerun-if-changed=build.rs");
}
