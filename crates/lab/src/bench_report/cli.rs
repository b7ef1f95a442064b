//! The `muslab bench-report` subcommand's arguments and entry point.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct BenchReportArgs {
    /// criterion's output directory holding the glibc, musl and musl-mimalloc
    /// baselines [default: $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion,
    /// else the workspace's target/criterion]
    #[arg(long)]
    pub criterion_dir: Option<PathBuf>,
    /// Directory for bench.md, bench.svg and bench.json.
    #[arg(long, default_value = "results")]
    pub out: PathBuf,
    /// Mark the report as made from a `make bench QUICK=1` run.
    #[arg(long)]
    pub quick: bool,
    /// Seconds the `make bench` that produced the baselines took (the
    /// Makefile passes it); shown under "Machine and builds".
    #[arg(long, value_name = "SECONDS")]
    pub make_seconds: Option<u64>,
}

/// Where criterion wrote, found as criterion finds it.
fn default_criterion_dir() -> PathBuf {
    if let Some(h) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(h);
    }
    muslab_report::probes::default_build_dir().join("criterion")
}

pub fn run(args: &BenchReportArgs) -> Result<ExitCode, String> {
    let dir = args
        .criterion_dir
        .clone()
        .unwrap_or_else(default_criterion_dir);
    let mut report = super::generate(&dir, args.quick)?;
    report.machine.make_bench_seconds = args.make_seconds;
    let written = super::write(&report, &args.out)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    eprintln!(
        "bench-report: {} benches from {}; wrote {}",
        report.rows.len(),
        dir.display(),
        names.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
