use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use muslab_sys::namespace::{before_exec, ExecStep};
use muslab_sys::process;

use super::qemu_user::{emulator, machine_of};
use super::{
    in_rootfs, namespace, native, seccomp, Environment, EnvironmentId, ProcessOutput, Support,
};
use crate::target::Target;

/// A sandbox where `uname` fails with EPERM for callers using the i386
/// syscall ABI (seccomp filter, see [`seccomp::deny_i386_uname`]); 64-bit
/// callers are untouched. With `via_qemu` the binary runs under its
/// qemu-user emulator inside the same sandbox: qemu is an x86_64 process, so
/// the guest's uname reaches the kernel through the 64-bit ABI.
///
/// With `proc_hidden` an empty directory is bind-mounted over /proc in the
/// child's private mount namespace: static glibc ≤ 2.35 falls back to
/// /proc/sys/kernel/osrelease when uname fails, so only without /proc does
/// its start-up check abort (S5).
pub struct UnameDenied {
    pub via_qemu: bool,
    pub proc_hidden: bool,
}

/// The empty directory mounted over /proc when it is hidden.
fn empty_dir() -> PathBuf {
    std::env::temp_dir().join("muslab-empty-proc")
}

impl Environment for UnameDenied {
    fn slow_runs(&self) -> bool {
        self.via_qemu
    }

    fn id(&self) -> EnvironmentId {
        match (self.via_qemu, self.proc_hidden) {
            (false, false) => EnvironmentId::I386UnameDenied,
            (true, false) => EnvironmentId::I386UnameDeniedQemu,
            (false, true) => EnvironmentId::I386UnameDeniedNoProc,
            (true, true) => EnvironmentId::I386UnameDeniedNoProcQemu,
        }
    }

    fn describe(&self) -> String {
        let base = "seccomp filter: uname/olduname/oldolduname fail with EPERM for the i386 syscall ABI only";
        let proc = if self.proc_hidden {
            "; /proc hidden (an empty directory mounted over it)"
        } else {
            ""
        };
        if self.via_qemu {
            format!("{base}{proc}; binaries run under qemu-user inside the filter")
        } else {
            format!("{base}{proc}; binaries run natively")
        }
    }

    fn prepare(&mut self) -> Result<(), String> {
        if self.via_qemu {
            emulator("i686")?;
        }
        if self.proc_hidden {
            let dir = empty_dir();
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        Ok(())
    }

    fn supports(&self, target: &Target) -> Support {
        if self.via_qemu {
            if let Err(e) = emulator(&target.arch) {
                return Support::NotAvailable(e);
            }
        }
        native(target)
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let mut cmd = if self.via_qemu {
            let mut c =
                Command::new(emulator(machine_of(binary)?.name).map_err(std::io::Error::other)?);
            c.arg(binary);
            c
        } else {
            Command::new(binary)
        };
        cmd.args(args);
        let mut steps = Vec::new();
        if self.proc_hidden {
            steps = namespace::private_mount_namespace();
            steps.push(ExecStep::BindMount {
                source: in_rootfs::cstring(&empty_dir())?,
                target: in_rootfs::cstring(Path::new("/proc"))?,
            });
        }
        steps.push(ExecStep::Seccomp(seccomp::deny_i386_uname(libc::EPERM)));
        before_exec(&mut cmd, steps);
        process::run(cmd, timeout)
    }
}
