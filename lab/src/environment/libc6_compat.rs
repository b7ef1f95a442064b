use std::path::{Path, PathBuf};
use std::time::Duration;

use super::musl_rootfs::prepared;
use super::{explain, in_rootfs, Environment, ProcessOutput, Support};
use crate::rootfs::{self, Flavour, Rootfs};
use crate::target::Target;

/// The musl rootfs plus what Alpine's libc6-compat package installed:
/// /lib64/ld-linux-x86-64.so.2 and glibc's sonames (libc.so.6, libm.so.6 ...)
/// as symlinks to musl. A glibc binary then starts under musl's loader, and
/// works only if every symbol it needs happens to exist in musl.
pub struct Libc6Compat {
    build_dir: PathBuf,
    rootfs: Option<Rootfs>,
}

impl Libc6Compat {
    pub fn new(build_dir: &Path) -> Self {
        Libc6Compat {
            build_dir: build_dir.to_owned(),
            rootfs: None,
        }
    }
}

impl Environment for Libc6Compat {
    fn name(&self) -> &str {
        "musl+libc6-compat"
    }

    fn describe(&self) -> String {
        "the musl rootfs plus libc6-compat symlinks: /lib64/ld-linux-x86-64.so.2, /lib/libc.so.6, \
         libm.so.6, libpthread.so.0 ... all pointing at musl's loader"
            .into()
    }

    fn prepare(&mut self) -> Result<(), String> {
        self.rootfs = Some(rootfs::ensure(&self.build_dir, Flavour::Libc6Compat)?);
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
