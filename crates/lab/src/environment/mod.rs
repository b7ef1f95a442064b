//! Where probes run. Each environment is one type behind [`Environment`]; the
//! matrix has one column per (target, environment).

pub mod bundled_glibc;
pub mod container_engine;
pub mod gcompat;
pub mod host;
pub mod in_rootfs;
pub mod musl_version;
pub mod namespace;
pub mod qemu_user;
pub mod registry;
pub mod rootfs_environment;
pub mod seccomp;
pub mod uname_denied;

use std::path::Path;
use std::time::Duration;

pub use muslab_check::EnvironmentId;
pub use muslab_sys::{ProcessExit, ProcessOutput};

use crate::target::Target;

/// Whether an environment can run a target's binaries at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    Yes,
    /// Shown in the matrix as "not available here", never as pass or fail.
    NotAvailable(String),
}

/// `Sync`: the runner runs several environments at once, each on a thread
/// of its own.
pub trait Environment: Sync {
    /// Which environment this is; its name labels the matrix column.
    fn id(&self) -> EnvironmentId;
    /// Column label: "host", "musl-rootfs" ...
    fn name(&self) -> &'static str {
        self.id().name()
    }
    /// The column label: the name, unless the environment measures what it
    /// is when prepared (a musl-version box: the version its loader reports).
    fn label(&self) -> String {
        self.name().to_owned()
    }
    /// Whether every subject of the matrix runs here; `false`: only the
    /// subjects planned for this environment by id (the runner's scoped
    /// subjects).
    fn runs_every_subject(&self) -> bool {
        true
    }
    /// One line for people: what this environment is.
    fn describe(&self) -> String;
    /// Builds whatever the environment needs; called once before any run.
    fn prepare(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn supports(&self, _target: &Target) -> Support {
        Support::Yes
    }
    /// Runs `binary args...` inside the environment and captures what a user
    /// would see: exit status, stdout, stderr.
    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput>;
    /// The root file system a binary meets here, which `muslab check` reads
    /// to predict it; `None` before `prepare()`.
    fn root(&self) -> Option<&Path> {
        Some(Path::new("/"))
    }
}
