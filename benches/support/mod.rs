//! What every bench binary shares: which allocator it runs on, and a record of
//! the build (target, libc, libc version, rustc) written beside criterion's
//! baselines so that `muslab bench-report` can say what was measured without
//! guessing which binary produced which baseline.

use std::path::PathBuf;

use serde::Serialize;

/// The allocator this bench binary was built with.
pub fn allocator() -> &'static str {
    if cfg!(feature = "mimalloc") {
        "mimalloc"
    } else {
        "libc malloc"
    }
}

#[derive(Serialize)]
struct BuildRecord<'a> {
    baseline: &'a str,
    bench: &'a str,
    allocator: &'static str,
    build: muslab_report::BuildInfo,
}

/// Where criterion keeps its data, found the way criterion itself finds it:
/// $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion, else cargo's target dir.
fn criterion_home() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(h));
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(t).join("criterion"));
    }
    let cargo = std::env::var_os("CARGO")?;
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    Some(PathBuf::from(v.get("target_directory")?.as_str()?).join("criterion"))
}

/// The value of `--save-baseline NAME` on our command line, if any.
fn saved_baseline() -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--save-baseline" {
            return args.next();
        }
        if let Some(v) = a.strip_prefix("--save-baseline=") {
            return Some(v.to_owned());
        }
    }
    None
}

/// Writes `<criterion home>/muslab-builds/<baseline>.<bench>.json` when this
/// run saves a named baseline. A failure to write only costs the report its
/// build column, so it is printed, not fatal.
pub fn record_build(bench: &str) {
    let Some(baseline) = saved_baseline() else {
        return;
    };
    let Some(home) = criterion_home() else {
        eprintln!("{bench}: cannot find criterion's directory; build record not written");
        return;
    };
    let dir = home.join("muslab-builds");
    let record = BuildRecord {
        baseline: &baseline,
        bench,
        allocator: allocator(),
        build: muslab_probes::build_info::embedded(),
    };
    let json = serde_json::to_string_pretty(&record).expect("a build record serialises");
    let path = dir.join(format!("{baseline}.{bench}.json"));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, json)) {
        eprintln!("{bench}: cannot write {}: {e}", path.display());
    }
}
