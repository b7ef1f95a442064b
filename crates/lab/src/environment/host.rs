use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{Environment, ProcessOutput, Support};
use crate::target::Target;
use muslab_sys::process;

/// This machine as it is: its glibc, its loaders, its kernel.
pub struct Host;

impl Environment for Host {
    fn name(&self) -> &str {
        "host"
    }

    fn describe(&self) -> String {
        "this machine: its own glibc and loaders, binaries run directly".into()
    }

    fn prepare(&mut self) -> Result<(), String> {
        Ok(())
    }

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
