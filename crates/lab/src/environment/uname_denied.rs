use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab_sys::namespace::{before_exec, ExecStep};
use muslab_sys::process;

use super::qemu_user::{arch_of, emulator};
use super::{seccomp, Environment, ProcessOutput, Support};
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
    fn name(&self) -> &str {
        if self.via_qemu {
            "i386-uname-denied+qemu"
        } else {
            "i386-uname-denied"
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
            emulator(&Target::new("i686-unknown-linux-musl"))?;
        }
        Ok(())
    }

    fn supports(&self, target: &Target) -> Support {
        if self.via_qemu {
            if let Err(e) = emulator(target) {
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
            let mut c = Command::new(emulator(&arch_of(binary)?).map_err(std::io::Error::other)?);
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
