use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{explain, in_rootfs, Environment, ProcessOutput, Support};
use crate::rootfs::{self, Flavour, Rootfs};
use crate::target::Target;

/// An Alpine-like box: busybox-static and Debian's musl loader in a directory
/// under the build dir, entered with a mount namespace and chroot. Where a
/// glibc binary meets `/bin/sh: /x: not found` (S1).
pub struct MuslRootfs {
    build_dir: PathBuf,
    rootfs: Option<Rootfs>,
}

impl MuslRootfs {
    pub fn new(build_dir: &Path) -> Self {
        MuslRootfs {
            build_dir: build_dir.to_owned(),
            rootfs: None,
        }
    }

    pub fn rootfs(&self) -> Option<&Rootfs> {
        self.rootfs.as_ref()
    }
}

/// The shared part of the three rootfs environments.
pub(super) fn prepared<'a>(r: &'a Option<Rootfs>, name: &str) -> std::io::Result<&'a Rootfs> {
    r.as_ref()
        .ok_or_else(|| std::io::Error::other(format!("{name}: prepare() was not called")))
}

impl Environment for MuslRootfs {
    fn name(&self) -> &str {
        "musl-rootfs"
    }

    fn describe(&self) -> String {
        "Alpine-like rootfs: busybox-static /bin/sh and Debian's musl loader /lib/ld-musl-x86_64.so.1, \
         nothing else; entered with a mount namespace + chroot, binary started by the box's /bin/sh"
            .into()
    }

    fn prepare(&mut self) -> Result<(), String> {
        self.rootfs = Some(rootfs::ensure(&self.build_dir, Flavour::Musl)?);
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
        let r = prepared(&self.rootfs, self.name())?;
        in_rootfs::run(&r.dir, binary, &in_rootfs::subject_command(args), timeout)
    }

    fn explain(&self, binary: &Path, out: &ProcessOutput) -> Option<String> {
        explain::in_rootfs(&self.rootfs.as_ref()?.dir, binary, out, false)
    }
}
