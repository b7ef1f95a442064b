//! Where probes run. Each environment is one type behind [`Environment`]; the
//! matrix has one column per (target, environment).

pub mod bundled_glibc;
pub mod explain;
pub mod gcompat;
pub mod host;
pub mod in_rootfs;
pub mod namespace;
pub mod qemu_user;
pub mod registry;
pub mod rootfs_environment;
pub mod seccomp;
pub mod uname_denied;

use std::path::Path;
use std::time::Duration;

pub use muslab_sys::{ProcessExit, ProcessOutput};

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
    /// Why `binary` behaved as `out` shows in this environment, read from
    /// the ELF file and the environment, with the fix; `None` when there is
    /// nothing to add.
    fn explain(&self, _binary: &Path, _out: &ProcessOutput) -> Option<String> {
        None
    }
}
