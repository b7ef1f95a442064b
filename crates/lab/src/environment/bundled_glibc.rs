use std::path::{Path, PathBuf};
use std::time::Duration;

use super::rootfs_environment::prepared;
use super::{in_rootfs, Environment, EnvironmentId, ProcessOutput};
use crate::rootfs::{self, glibc_bundle, Flavour, Rootfs};

/// The musl rootfs with the binary's own glibc shipped beside it: its loader
/// and DT_NEEDED libraries copied from this host into /opt/glibc/lib{32,64},
/// started as `ld-linux-x86-64.so.2 --library-path /opt/glibc/lib64 /x`.
/// Binaries without PT_INTERP need no loader and start directly.
pub struct BundledGlibc {
    build_dir: PathBuf,
    rootfs: Option<Rootfs>,
}

impl BundledGlibc {
    pub fn new(build_dir: &Path) -> Self {
        BundledGlibc {
            build_dir: build_dir.to_owned(),
            rootfs: None,
        }
    }
}

impl Environment for BundledGlibc {
    fn id(&self) -> EnvironmentId {
        EnvironmentId::MuslBundledGlibc
    }

    fn describe(&self) -> String {
        "the musl rootfs with the binary's glibc loader and DT_NEEDED libraries copied in; \
         run as `<loader> --library-path /opt/glibc/lib64 /x` (the loader-wrapper fix)"
            .into()
    }

    fn prepare(&mut self) -> Result<(), String> {
        self.rootfs = Some(rootfs::ensure(&self.build_dir, Flavour::BundledGlibc)?);
        Ok(())
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let r = prepared(&self.rootfs, self.name())?;
        let mut line = in_rootfs::subject_command(args);
        let wrapped =
            glibc_bundle::prepare(&r.dir, binary, &line).map_err(std::io::Error::other)?;
        if let Some(w) = wrapped {
            line = w;
        }
        in_rootfs::run(&r.dir, binary, &line, timeout)
    }

    fn root(&self) -> Option<&Path> {
        self.rootfs.as_ref().map(|r| r.dir.as_path())
    }
}
