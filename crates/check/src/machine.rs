//! CPU architectures: ELF `e_machine` values, their names, the dynamic loader
//! paths glibc and musl install for them, and the IRELATIVE relocation number
//! that musl's loader refuses (D05).

use object::elf;
use serde::Serialize;

/// What we know about one architecture/class combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Machine {
    /// Short name as `uname -m` prints it on Linux (`x86_64`, `i686`, `aarch64` ...).
    pub name: &'static str,
    /// glibc's PT_INTERP path for this architecture, if glibc supports it.
    pub glibc_loader: Option<&'static str>,
    /// musl's PT_INTERP path (`/lib/ld-musl-ARCH.so.1`), if musl supports it.
    pub musl_loader: Option<&'static str>,
    /// Relocation type of IRELATIVE on this architecture (musl rejects it).
    #[serde(skip)]
    pub irelative: Option<u32>,
}

const UNKNOWN: Machine = Machine {
    name: "unknown",
    glibc_loader: None,
    musl_loader: None,
    irelative: None,
};

/// Maps `e_machine` (and ELF class, for machines with 32- and 64-bit ABIs) to a [`Machine`].
pub fn machine_of(e_machine: u16, is_64: bool) -> Machine {
    match (e_machine, is_64) {
        (elf::EM_X86_64, true) => Machine {
            name: "x86_64",
            glibc_loader: Some("/lib64/ld-linux-x86-64.so.2"),
            musl_loader: Some("/lib/ld-musl-x86_64.so.1"),
            irelative: Some(elf::R_X86_64_IRELATIVE),
        },
        (elf::EM_X86_64, false) => Machine {
            name: "x32",
            glibc_loader: Some("/libx32/ld-linux-x32.so.2"),
            musl_loader: Some("/lib/ld-musl-x32.so.1"),
            irelative: Some(elf::R_X86_64_IRELATIVE),
        },
        (elf::EM_386, false) => Machine {
            name: "i686",
            glibc_loader: Some("/lib/ld-linux.so.2"),
            musl_loader: Some("/lib/ld-musl-i386.so.1"),
            irelative: Some(elf::R_386_IRELATIVE),
        },
        (elf::EM_AARCH64, true) => Machine {
            name: "aarch64",
            glibc_loader: Some("/lib/ld-linux-aarch64.so.1"),
            musl_loader: Some("/lib/ld-musl-aarch64.so.1"),
            irelative: Some(elf::R_AARCH64_IRELATIVE),
        },
        (elf::EM_ARM, false) => Machine {
            name: "arm",
            glibc_loader: Some("/lib/ld-linux-armhf.so.3"),
            musl_loader: Some("/lib/ld-musl-armhf.so.1"),
            irelative: Some(elf::R_ARM_IRELATIVE),
        },
        (elf::EM_RISCV, true) => Machine {
            name: "riscv64",
            glibc_loader: Some("/lib/ld-linux-riscv64-lp64d.so.1"),
            musl_loader: Some("/lib/ld-musl-riscv64.so.1"),
            irelative: Some(elf::R_RISCV_IRELATIVE),
        },
        (elf::EM_PPC64, true) => Machine {
            name: "ppc64le",
            glibc_loader: Some("/lib64/ld64.so.2"),
            musl_loader: Some("/lib/ld-musl-powerpc64le.so.1"),
            irelative: Some(elf::R_PPC64_IRELATIVE),
        },
        (elf::EM_S390, true) => Machine {
            name: "s390x",
            glibc_loader: Some("/lib/ld64.so.1"),
            musl_loader: Some("/lib/ld-musl-s390x.so.1"),
            irelative: Some(elf::R_390_IRELATIVE),
        },
        _ => UNKNOWN,
    }
}

/// The architecture this program was compiled for, as a `uname -m`-style name.
pub fn host_machine_name() -> &'static str {
    match std::env::consts::ARCH {
        "x86" => "i686",
        "powerpc64" => "ppc64le",
        other => other,
    }
}

/// Whether a kernel of `host` runs `binary` natively (i686 on x86_64 needs
/// the kernel's IA32 emulation, which Debian and Alpine kernels enable).
pub fn runs_natively_on(binary: &str, host: &str) -> bool {
    binary == host
        || (binary == "i686" && host == "x86_64")
        || (binary == "arm" && host == "aarch64")
}
