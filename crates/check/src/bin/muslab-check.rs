//! Standalone `muslab-check`, the same as `muslab check` (used by tests and benchmarks).

#![forbid(unsafe_code)]

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "muslab-check",
    about = "Predict where ELF files run (glibc, musl, ...), why, and the fix"
)]
struct Cli {
    #[command(flatten)]
    args: muslab_check::CheckArgs,
}

fn main() -> std::process::ExitCode {
    muslab_check::run(&Cli::parse().args)
}
