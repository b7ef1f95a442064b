//! aarch64 builds on this x86_64 machine as an aarch64 system would run
//! them: under qemu-aarch64-static, with `-L` at Debian's arm64 cross libc
//! (gcc-aarch64-linux-gnu's libc6-arm64-cross) so the glibc builds find
//! /lib/ld-linux-aarch64.so.1, libc.so.6 and libgcc_s.so.1. The rows that
//! can differ by architecture (thread stacks and the crash table, CPU count,
//! locale) are observed here beside the x86_64 columns.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::qemu_user::emulator;
use super::{Environment, EnvironmentId, ProcessOutput, Support};
use crate::target::Target;
use muslab_sys::process;

/// The architecture this environment emulates.
const ARCH: &str = "aarch64";

/// Where Debian's libc6-arm64-cross installs the aarch64 glibc: a root whose
/// lib/ holds the loader and libraries qemu's `-L` prefixes.
pub const SYSROOT: &str = "/usr/aarch64-linux-gnu";

pub struct QemuAarch64Sysroot {
    sysroot: PathBuf,
}

impl Default for QemuAarch64Sysroot {
    fn default() -> Self {
        QemuAarch64Sysroot {
            sysroot: PathBuf::from(SYSROOT),
        }
    }
}

impl QemuAarch64Sysroot {
    fn missing_sysroot(&self) -> Option<String> {
        let loader = self.sysroot.join("lib/ld-linux-aarch64.so.1");
        (!loader.is_file()).then(|| {
            format!(
                "{} is missing: apt-get install -y libc6-arm64-cross (scripts/setup installs it)",
                loader.display()
            )
        })
    }
}

impl Environment for QemuAarch64Sysroot {
    fn slow_runs(&self) -> bool {
        true
    }

    fn id(&self) -> EnvironmentId {
        EnvironmentId::QemuAarch64Sysroot
    }

    fn describe(&self) -> String {
        format!(
            "aarch64 builds under qemu-aarch64-static -L {} (Debian's arm64 cross glibc) on this machine",
            self.sysroot.display()
        )
    }

    fn supports(&self, target: &Target) -> Support {
        if target.arch != ARCH {
            return Support::NotAvailable("this column runs the aarch64 builds only".into());
        }
        if let Err(e) = emulator(ARCH) {
            return Support::NotAvailable(e);
        }
        match self.missing_sysroot() {
            Some(why) => Support::NotAvailable(why),
            None => Support::Yes,
        }
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let qemu = emulator(ARCH).map_err(std::io::Error::other)?;
        let mut cmd = Command::new(qemu);
        cmd.arg("-L").arg(&self.sysroot).arg(binary).args(args);
        process::run(cmd, timeout)
    }

    fn root(&self) -> Option<&Path> {
        Some(&self.sysroot)
    }
}
