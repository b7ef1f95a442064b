use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{Environment, EnvironmentId, ProcessOutput, Support};
use crate::target::Target;
use muslab_sys::process;

/// This machine as it is: its glibc, its loaders, its kernel.
pub struct Host;

impl Environment for Host {
    fn id(&self) -> EnvironmentId {
        EnvironmentId::Host
    }

    fn describe(&self) -> String {
        "this machine: its own glibc and loaders, binaries run directly".into()
    }

    /// Every build, foreign ones too: the kernel's refusal (`Exec format
    /// error`) is what a user of this machine sees.
    fn supports(&self, _target: &Target) -> Support {
        Support::Yes
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let mut cmd = Command::new(binary);
        cmd.args(args);
        process::run(cmd, timeout)
    }
}
