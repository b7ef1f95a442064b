//! One name per environment, shared by `muslab check` (its verdicts and
//! `--require`), the lab (its matrix columns, `--env`) and the lab's rootfs
//! builder. `glibc-X.Y` is the one environment outside this list: a model
//! with a version in its name, one per `--glibc`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum EnvironmentId {
    /// This machine: its own loaders and libraries.
    Host,
    /// The root file system given with `muslab check --root DIR`.
    Root,
    /// An Alpine-like root: busybox and musl, nothing else.
    MuslRootfs,
    /// The musl root plus musl's locale message catalogues and MUSL_LOCPATH.
    MuslRootfsLocpath,
    /// The musl root plus Alpine's libc6-compat: glibc's loader path and
    /// sonames as symlinks to musl.
    MuslLibc6Compat,
    /// The musl root plus gcompat, which implements some glibc-only symbols.
    MuslGcompat,
    /// The musl root plus this host's glibc loader and libraries, the program
    /// started through that loader.
    MuslBundledGlibc,
    /// A 32-bit x86 program on a 64-bit-only install.
    I686OnX86_64,
    /// Each program under its qemu-user emulator.
    QemuUser,
    /// A seccomp sandbox where uname fails with EPERM for the i386 syscall ABI.
    I386UnameDenied,
    /// The same sandbox, the program under its qemu-user emulator.
    I386UnameDeniedQemu,
    /// The musl root as a container image, the program started by the
    /// image's shell inside a container (podman or docker).
    EngineMusl,
    /// The same image, the program started by the container engine itself
    /// (`exec`), so a failure reads as the engine's OCI runtime says it.
    EngineMuslDirect,
    /// The libc6-compat root as a container image, started by its shell.
    EngineLibc6Compat,
    /// A glibc root (busybox plus the host's glibc) as a container image.
    EngineGlibc,
    /// The glibc image pinned to CPU 0 (`--cpuset-cpus 0`).
    EngineGlibcCpuset0,
    /// The glibc image under a CPU quota of one CPU (`--cpus 1`).
    EngineGlibcCpus1,
    /// The glibc image under a seccomp profile failing clone3 with EPERM.
    EngineGlibcClone3Eperm,
    /// The same profile failing clone3 with ENOSYS.
    EngineGlibcClone3Enosys,
    /// The uname-denied sandbox with /proc hidden.
    I386UnameDeniedNoProc,
    /// The uname-denied sandbox with /proc hidden, under qemu-user.
    I386UnameDeniedNoProcQemu,
    /// A busybox root whose musl loader is Debian bullseye's (musl 1.2.2).
    MuslBullseye,
    /// The same with bookworm's musl loader (1.2.3).
    MuslBookworm,
    /// The same with trixie's musl loader (1.2.5).
    MuslTrixie,
    /// aarch64 programs under qemu-aarch64-static with `-L` at Debian's
    /// arm64 cross libc (/usr/aarch64-linux-gnu): an aarch64 system's loader
    /// and libraries on this x86_64 CPU.
    QemuAarch64Sysroot,
}

/// What check judges to predict an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredictedBy {
    /// The environment's real root directory (`/` for this machine): its
    /// loader and libraries as they are on disk.
    RealRoot,
    /// One of check's models, judged from the file alone.
    Model(EnvironmentId),
    /// qemu-user: the `qemu-user` model for a file this CPU cannot run; a
    /// file it can run meets qemu's own loader search without `-L`, which is
    /// this machine's root, so the real root `/`.
    Emulated,
    /// qemu-user with `-L ROOT`: the file's own CPU emulated, its loader and
    /// libraries those of the environment's root.
    EmulatedRoot,
}

impl EnvironmentId {
    pub const ALL: [EnvironmentId; 25] = [
        Self::Host,
        Self::Root,
        Self::MuslRootfs,
        Self::MuslRootfsLocpath,
        Self::MuslLibc6Compat,
        Self::MuslGcompat,
        Self::MuslBundledGlibc,
        Self::I686OnX86_64,
        Self::QemuUser,
        Self::I386UnameDenied,
        Self::I386UnameDeniedQemu,
        Self::EngineMusl,
        Self::EngineMuslDirect,
        Self::EngineLibc6Compat,
        Self::EngineGlibc,
        Self::EngineGlibcCpuset0,
        Self::EngineGlibcCpus1,
        Self::EngineGlibcClone3Eperm,
        Self::EngineGlibcClone3Enosys,
        Self::I386UnameDeniedNoProc,
        Self::I386UnameDeniedNoProcQemu,
        Self::MuslBullseye,
        Self::MuslBookworm,
        Self::MuslTrixie,
        Self::QemuAarch64Sysroot,
    ];

    /// The one name users see: matrix column, `--env`, `--require`, the
    /// `env` of a check verdict.
    pub fn name(self) -> &'static str {
        match self {
            Self::Host => "host",
            Self::Root => "root",
            Self::MuslRootfs => "musl-rootfs",
            Self::MuslRootfsLocpath => "musl-rootfs+locpath",
            Self::MuslLibc6Compat => "musl+libc6-compat",
            Self::MuslGcompat => "musl+gcompat",
            Self::MuslBundledGlibc => "musl+bundled-glibc",
            Self::I686OnX86_64 => "i686-on-x86_64",
            Self::QemuUser => "qemu-user",
            Self::I386UnameDenied => "i386-uname-denied",
            Self::I386UnameDeniedQemu => "i386-uname-denied+qemu",
            Self::EngineMusl => "engine-musl",
            Self::EngineMuslDirect => "engine-musl-direct",
            Self::EngineLibc6Compat => "engine-libc6-compat",
            Self::EngineGlibc => "engine-glibc",
            Self::EngineGlibcCpuset0 => "engine-glibc+cpuset-0",
            Self::EngineGlibcCpus1 => "engine-glibc+cpus-1",
            Self::EngineGlibcClone3Eperm => "engine-glibc+clone3-eperm",
            Self::EngineGlibcClone3Enosys => "engine-glibc+clone3-enosys",
            Self::I386UnameDeniedNoProc => "i386-uname-denied-noproc",
            Self::I386UnameDeniedNoProcQemu => "i386-uname-denied-noproc+qemu",
            Self::MuslBullseye => "musl-bullseye",
            Self::MuslBookworm => "musl-bookworm",
            Self::MuslTrixie => "musl-trixie",
            Self::QemuAarch64Sysroot => "qemu-aarch64+sysroot",
        }
    }

    /// Parses a name; the error is one line listing the names `among` knows.
    pub fn parse_among(name: &str, among: &[EnvironmentId]) -> Result<Self, String> {
        among
            .iter()
            .copied()
            .find(|e| e.name() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = among.iter().map(|e| e.name()).collect();
                format!("unknown environment '{name}' (known: {})", known.join(", "))
            })
    }

    /// How check predicts whether a file starts here. The lab's chroot boxes
    /// and container images are judged by their real roots; the sandboxes run this machine's files
    /// (natively or under qemu); the rest are models.
    pub fn predicted_by(self) -> PredictedBy {
        match self {
            Self::Host
            | Self::Root
            | Self::MuslRootfs
            | Self::MuslRootfsLocpath
            | Self::MuslLibc6Compat
            | Self::I386UnameDenied
            // A lab image is imported from the box's root directory, so
            // that directory is the image's root.
            | Self::EngineMusl
            | Self::EngineMuslDirect
            | Self::EngineLibc6Compat
            | Self::EngineGlibc
            | Self::EngineGlibcCpuset0
            | Self::EngineGlibcCpus1
            | Self::EngineGlibcClone3Eperm
            | Self::EngineGlibcClone3Enosys
            | Self::I386UnameDeniedNoProc
            // check reads the version out of the root's musl loader.
            | Self::MuslBullseye
            | Self::MuslBookworm
            | Self::MuslTrixie => PredictedBy::RealRoot,
            // The bundle is copied in at run time, so the root on disk is
            // not what the program meets.
            Self::MuslBundledGlibc | Self::MuslGcompat | Self::I686OnX86_64 => {
                PredictedBy::Model(self)
            }
            Self::QemuUser | Self::I386UnameDeniedQemu | Self::I386UnameDeniedNoProcQemu => {
                PredictedBy::Emulated
            }
            Self::QemuAarch64Sysroot => PredictedBy::EmulatedRoot,
        }
    }
}

impl std::fmt::Display for EnvironmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for EnvironmentId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::parse_among(s, &Self::ALL)
    }
}

impl TryFrom<String> for EnvironmentId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<EnvironmentId> for &'static str {
    fn from(e: EnvironmentId) -> Self {
        e.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_and_is_unique() {
        for e in EnvironmentId::ALL {
            assert_eq!(e.name().parse::<EnvironmentId>(), Ok(e), "got {e:?}");
        }
        let mut names: Vec<&str> = EnvironmentId::ALL.iter().map(|e| e.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), EnvironmentId::ALL.len());
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones_on_one_line() {
        let e = "musl".parse::<EnvironmentId>().unwrap_err();
        assert!(
            e.starts_with("unknown environment 'musl' (known: host, root, musl-rootfs"),
            "got {e}"
        );
        assert!(!e.contains('\n'), "got {e}");
    }
}
