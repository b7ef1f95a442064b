use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use muslab_check::machine::Machine;

use super::{Environment, EnvironmentId, ProcessOutput, Support};
use crate::target::Target;
use muslab_sys::process;

/// The qemu-user emulator (static build) for an architecture (`uname -m`
/// name, as check's [`Machine`] and [`Target::arch`] spell it), if installed.
/// qemu translates every guest syscall to the host's x86_64 ABI, which is why
/// it rescues 32-bit binaries from sandboxes that break the i386 ABI (S5).
pub fn emulator(arch: &str) -> Result<PathBuf, String> {
    let name = match arch {
        "i686" | "i586" | "i386" => "qemu-i386-static",
        "x86_64" => "qemu-x86_64-static",
        "aarch64" => "qemu-aarch64-static",
        "arm" | "armv7" => "qemu-arm-static",
        other => return Err(format!("no qemu-user emulator known for {other}")),
    };
    ["/usr/bin", "/usr/local/bin", "/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{name} is not installed: apt-get install -y qemu-user-static"))
}

/// Every target run under its qemu-user emulator on this machine.
pub struct QemuUser;

impl Environment for QemuUser {
    fn slow_runs(&self) -> bool {
        true
    }

    fn id(&self) -> EnvironmentId {
        EnvironmentId::QemuUser
    }

    fn describe(&self) -> String {
        "each binary under its qemu-user emulator (qemu-i386-static, qemu-x86_64-static, \
         qemu-aarch64-static) on this machine"
            .into()
    }

    fn prepare(&mut self) -> Result<(), String> {
        emulator("i686").map(|_| ())
    }

    fn supports(&self, target: &Target) -> Support {
        match emulator(&target.arch) {
            Ok(_) => Support::Yes,
            Err(e) => Support::NotAvailable(e),
        }
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let qemu = emulator(machine_of(binary)?.name).map_err(std::io::Error::other)?;
        let mut cmd = Command::new(qemu);
        cmd.arg(binary).args(args);
        process::run(cmd, timeout)
    }
}

/// The architecture of an ELF file, read by check from its header
/// (e_machine and class), so the emulator matches the file and not a guess
/// from its path.
pub fn machine_of(binary: &Path) -> std::io::Result<Machine> {
    muslab_check::read_source::read_elf_file(binary)
        .map(|facts| facts.machine)
        .map_err(|e| std::io::Error::other(format!("{}: {e}", binary.display())))
}
