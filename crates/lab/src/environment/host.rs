use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{Environment, EnvironmentId, ProcessOutput};
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
