//! Where probes run. Each environment is one type behind [`Environment`]; the
//! matrix has one column per (target, environment).

pub mod host;
pub mod process;

use std::path::Path;
use std::time::Duration;

pub use process::{ProcessExit, ProcessOutput};

use crate::target::Target;

/// Whether an environment can run a target's binaries at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    Yes,
    /// Shown in the matrix as "not available here", never as pass or fail.
    NotAvailable(String),
}

pub trait Environment {
    /// Column label: "host", "musl-rootfs" ...
    fn name(&self) -> &str;
    /// One line for people: what this environment is.
    fn describe(&self) -> String;
    /// Builds whatever the environment needs; called once before any run.
    fn prepare(&mut self) -> Result<(), String>;
    fn supports(&self, target: &Target) -> Support;
    /// Runs `binary args...` inside the environment and captures what a user
    /// would see: exit status, stdout, stderr.
    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput>;
}
