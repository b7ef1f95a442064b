use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab_sys::namespace::{before_exec, ExecStep};
use muslab_sys::process;

use super::qemu_user::{emulator, machine_of};
use super::{seccomp, Environment, EnvironmentId, ProcessOutput, Support};
use crate::target::Target;

/// A sandbox where `uname` fails with EPERM for callers using the i386
/// syscall ABI (seccomp filter, see [`seccomp::deny_i386_uname`]); 64-bit
/// callers are untouched. With `via_qemu` the binary runs under its
/// qemu-user emulator inside the same sandbox: qemu is an x86_64 process, so
/// the guest's uname reaches the kernel through the 64-bit ABI.
pub struct UnameDenied {
    pub via_qemu: bool,
}

impl Environment for UnameDenied {
    fn id(&self) -> EnvironmentId {
        if self.via_qemu {
            EnvironmentId::I386UnameDeniedQemu
        } else {
            EnvironmentId::I386UnameDenied
        }
    }

    fn describe(&self) -> String {
        let base = "seccomp filter: uname/olduname/oldolduname fail with EPERM for the i386 syscall ABI only";
        if self.via_qemu {
            format!("{base}; binaries run under qemu-user inside the filter")
        } else {
            format!("{base}; binaries run natively")
        }
    }

    fn prepare(&mut self) -> Result<(), String> {
        if self.via_qemu {
            emulator("i686")?;
        }
        Ok(())
    }

    fn supports(&self, target: &Target) -> Support {
        if self.via_qemu {
            if let Err(e) = emulator(&target.arch) {
                return Support::NotAvailable(e);
            }
        }
        Support::Yes
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
        let prog = seccomp::deny_i386_uname(libc::EPERM);
        before_exec(&mut cmd, vec![ExecStep::Seccomp(prog)]);
        process::run(cmd, timeout)
    }
}
