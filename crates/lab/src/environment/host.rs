use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{process::run_with_timeout, Environment, EnvironmentId, ProcessOutput};

/// This machine as it is: its glibc, its loaders, its kernel.
pub struct Host;

impl Environment for Host {
    fn id(&self) -> EnvironmentId {
        EnvironmentId::Host
    }

    fn describe(&self) -> String {
        "this machine: its own glibc and loaders, binaries run directly".into()
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let mut cmd = Command::new(binary);
        cmd.args(args);
        run_with_timeout(cmd, timeout)
    }
}
