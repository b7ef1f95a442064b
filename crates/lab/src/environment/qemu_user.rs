use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::{Environment, ProcessOutput, Support};
use crate::target::Target;
use muslab_sys::process;

/// The qemu-user emulator (static build) for a target's arch, if installed.
/// qemu translates every guest syscall to the host's x86_64 ABI, which is why
/// it rescues 32-bit binaries from sandboxes that break the i386 ABI (S5).
pub fn emulator(target: &Target) -> Result<PathBuf, String> {
    let name = match target.arch.as_str() {
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
    fn name(&self) -> &str {
        "qemu-user"
    }

    fn describe(&self) -> String {
        "each binary under its qemu-user emulator (qemu-i386-static, qemu-x86_64-static, \
         qemu-aarch64-static) on this machine"
            .into()
    }

    fn prepare(&mut self) -> Result<(), String> {
        emulator(&Target::new("i686-unknown-linux-musl")).map(|_| ())
    }

    fn supports(&self, target: &Target) -> Support {
        match emulator(target) {
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
        let target = arch_of(binary)?;
        let qemu = emulator(&target).map_err(std::io::Error::other)?;
        let mut cmd = Command::new(qemu);
        cmd.arg(binary).args(args);
        process::run(cmd, timeout)
    }
}

/// The target arch of an ELF file, from its header (e_machine), so the
/// emulator matches the file and not a guess from its path.
pub fn arch_of(binary: &Path) -> std::io::Result<Target> {
    use object::Object;
    let data = std::fs::read(binary)?;
    let file = object::File::parse(&*data)
        .map_err(|e| std::io::Error::other(format!("{}: {e}", binary.display())))?;
    let arch = match file.architecture() {
        object::Architecture::I386 => "i686",
        object::Architecture::X86_64 => "x86_64",
        object::Architecture::Aarch64 => "aarch64",
        object::Architecture::Arm => "arm",
        other => {
            return Err(std::io::Error::other(format!(
                "{}: no emulator for {other:?}",
                binary.display()
            )))
        }
    };
    Ok(Target::new(&format!("{arch}-unknown-linux-gnu")))
}
