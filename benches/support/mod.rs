//! What every bench binary shares: which allocator it runs on, and a record of
//! the build (target, libc, libc version, rustc) written beside criterion's
//! baselines so that `muslab bench-report` can say what was measured without
//! guessing which binary produced which baseline; and the figures measured
//! outside the timed loops (memory, futex calls), written the same way.

pub mod child;
pub mod futex;
pub mod proc;
pub mod pthread;
pub mod timing;

use std::path::PathBuf;
use std::time::Duration;

use muslab_report::bench::{BenchMeasures, BuildRecord, Figure, BUILDS_DIR, MEASURES_DIR};

/// The allocator this bench binary was built with.
pub fn allocator() -> &'static str {
    if cfg!(feature = "mimalloc") {
        "mimalloc"
    } else {
        "libc malloc"
    }
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
    let dir = home.join(BUILDS_DIR);
    let record = BuildRecord {
        baseline: baseline.clone(),
        bench: bench.to_owned(),
        allocator: allocator().to_owned(),
        build: muslab_probes::build_info::embedded(),
    };
    let json = serde_json::to_string_pretty(&record).expect("a build record serialises");
    let path = dir.join(format!("{baseline}.{bench}.json"));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, json)) {
        eprintln!("{bench}: cannot write {}: {e}", path.display());
    }
}

/// criterion options that take a value, so that the filter (the first
/// positional argument) can be told apart from an option's value.
const VALUE_OPTIONS: &[&str] = &[
    "--save-baseline",
    "--baseline",
    "--baseline-lenient",
    "--load-baseline",
    "--warm-up-time",
    "--measurement-time",
    "--sample-size",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--profile-time",
    "--plotting-backend",
    "--output-format",
    "--color",
    "--format",
    "--logfile",
];

/// Which ids this run selects, the way criterion's own filter does: a
/// regex, or an exact id with `--exact`.
enum Filter {
    All,
    Exact(String),
    Regex(regex::Regex),
}

fn filter_from_args() -> Filter {
    let mut exact = false;
    let mut positional = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--exact" {
            exact = true;
        } else if VALUE_OPTIONS.contains(&a.as_str()) {
            args.next();
        } else if !a.starts_with('-') && positional.is_none() {
            positional = Some(a);
        }
    }
    match positional {
        None => Filter::All,
        Some(p) if exact => Filter::Exact(p),
        Some(p) => match regex::Regex::new(&p) {
            Ok(r) => Filter::Regex(r),
            Err(_) => Filter::Exact(p),
        },
    }
}

/// Figures measured outside criterion's timed loops, collected through a
/// bench run and written as `<criterion home>/muslab-measures/<baseline>.<bench>.json`.
pub struct Recorder {
    measures: BenchMeasures,
    filter: Filter,
}

impl Recorder {
    pub fn new(bench: &str) -> Self {
        let baseline = saved_baseline().unwrap_or_default();
        Recorder {
            measures: BenchMeasures::new(&baseline, bench),
            filter: filter_from_args(),
        }
    }

    /// Whether this run's filter selects `id` (criterion's rule).
    pub fn wants(&self, id: &str) -> bool {
        match &self.filter {
            Filter::All => true,
            Filter::Exact(e) => e == id,
            Filter::Regex(r) => r.is_match(id),
        }
    }

    pub fn add(&mut self, id: &str, figures: &[Figure]) {
        self.measures.add(id, figures);
    }

    /// Runs `workload` in a child (see [`child`]) when the filter selects
    /// `id`, and records its figures under `id`. A failure costs the report
    /// those figures only, so it is printed, not fatal.
    pub fn child(&mut self, id: &str, workload: &str) {
        if !self.wants(id) {
            return;
        }
        match child::measure(workload, Duration::from_secs(120)) {
            Ok(figures) => self.add(id, &figures),
            Err(e) => eprintln!("{}: {id}: no memory figures: {e}", self.measures.bench),
        }
    }

    pub fn math_outputs(&mut self, function: &str, bits: Vec<u64>) {
        self.measures.math_outputs.insert(function.to_owned(), bits);
    }

    /// Writes the figures when this run saves a named baseline.
    pub fn write(self) {
        let bench = self.measures.bench.clone();
        if self.measures.baseline.is_empty() {
            return;
        }
        let Some(home) = criterion_home() else {
            eprintln!("{bench}: cannot find criterion's directory; measures not written");
            return;
        };
        let dir = home.join(MEASURES_DIR);
        let path = dir.join(format!("{}.{bench}.json", self.measures.baseline));
        if let Err(e) = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, self.measures.to_json()))
        {
            eprintln!("{bench}: cannot write {}: {e}", path.display());
        }
    }
}
