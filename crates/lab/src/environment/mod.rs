//! Where probes run. Each environment is one type behind [`Environment`]; the
//! matrix has one column per (target, environment).

pub mod bundled_glibc;
pub mod container_engine;
pub mod gcompat;
pub mod host;
pub mod in_rootfs;
pub mod musl_version;
pub mod namespace;
pub mod qemu_sysroot;
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

/// Whether this machine's CPU runs `target`'s builds itself (x86_64 runs
/// i686 too), as `muslab check` judges an ELF file's machine.
pub fn native(target: &Target) -> Support {
    let host = muslab_check::machine::host_machine_name();
    if muslab_check::machine::runs_natively_on(&target.arch, host) {
        Support::Yes
    } else {
        Support::NotAvailable(format!(
            "an {} build: this {host} CPU runs it only under qemu-user (the qemu columns)",
            target.arch
        ))
    }
}

/// The default targets this machine's CPU runs without an emulator.
pub fn native_targets() -> Vec<Target> {
    crate::target::default_targets()
        .into_iter()
        .filter(|t| native(t) == Support::Yes)
        .collect()
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
    /// Whether each run here costs far more than a local exec (an engine's
    /// `exec` per run, an emulator): the runner starts these first so the slow
    /// columns do not finish last, alone, on an otherwise idle machine.
    fn slow_runs(&self) -> bool {
        false
    }
    /// One line for people: what this environment is.
    fn describe(&self) -> String;
    /// Builds whatever the environment needs; called once before any run.
    fn prepare(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// By default the builds this machine's CPU runs: a foreign build only
    /// runs under an emulator, which only the qemu environments provide.
    fn supports(&self, target: &Target) -> Support {
        native(target)
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
