//! `muslab check`: predicts where an ELF file or a rootfs will run.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `muslab check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to inspect.
    pub paths: Vec<PathBuf>,
}

/// Runs `muslab check` and returns its exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    eprintln!("muslab check: not built yet ({} paths)", args.paths.len());
    ExitCode::from(2)
}
