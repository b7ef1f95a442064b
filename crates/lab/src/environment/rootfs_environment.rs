//! The Alpine-like boxes: a rootfs flavour under the build dir (see
//! `crate::rootfs`), entered with a mount namespace and chroot, the binary
//! started by the box's own busybox `/bin/sh` so a user's exact words come out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{in_rootfs, Environment, EnvironmentId, ProcessOutput};
use crate::rootfs::musl_locale_files::LOCPATH;
use crate::rootfs::{self, Flavour, Rootfs};

pub struct RootfsEnvironment {
    id: EnvironmentId,
    description: String,
    flavour: Flavour,
    /// Variables set on the box's shell line for the subject only.
    shell_env: Option<String>,
    build_dir: PathBuf,
    rootfs: Option<Rootfs>,
}

impl RootfsEnvironment {
    /// busybox-static and Debian's musl loader, nothing else: where a glibc
    /// binary meets `/bin/sh: /x: not found` (S1).
    pub fn musl(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::MuslRootfs,
            "Alpine-like rootfs: busybox-static /bin/sh and Debian's musl loader /lib/ld-musl-x86_64.so.1, \
             nothing else; entered with a mount namespace + chroot, binary started by the box's /bin/sh"
                .into(),
            Flavour::Musl,
            None,
            build_dir,
        )
    }

    /// Plus what Alpine's libc6-compat installed: /lib64/ld-linux-x86-64.so.2
    /// and glibc's sonames as symlinks to musl. A glibc binary then starts
    /// under musl's loader and works only if musl has every symbol it needs.
    pub fn libc6_compat(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::MuslLibc6Compat,
            "the musl rootfs plus libc6-compat symlinks: /lib64/ld-linux-x86-64.so.2, /lib/libc.so.6, \
             libm.so.6, libpthread.so.0 ... all pointing at musl's loader"
                .into(),
            Flavour::Libc6Compat,
            None,
            build_dir,
        )
    }

    /// Plus musl locale files (message catalogues for de_DE.UTF-8 and
    /// fr_FR.UTF-8) in [`LOCPATH`] and MUSL_LOCPATH pointing there, as Alpine's
    /// musl-locales sets it from /etc/profile.d. musl then prints translated
    /// month and day names; numbers and collation stay C, because musl's
    /// locale files carry only messages. glibc ignores both.
    pub fn musl_locpath(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::MuslRootfsLocpath,
            format!(
                "the musl rootfs plus musl locale files (gettext catalogues of month/day names) for \
                 de_DE.UTF-8 and fr_FR.UTF-8 in {LOCPATH}, with MUSL_LOCPATH={LOCPATH}"
            ),
            Flavour::MuslLocpath,
            Some(format!("MUSL_LOCPATH={LOCPATH}")),
            build_dir,
        )
    }

    fn new(
        id: EnvironmentId,
        description: String,
        flavour: Flavour,
        shell_env: Option<String>,
        build_dir: &Path,
    ) -> Self {
        RootfsEnvironment {
            id,
            description,
            flavour,
            shell_env,
            build_dir: build_dir.to_owned(),
            rootfs: None,
        }
    }

    pub fn rootfs(&self) -> Option<&Rootfs> {
        self.rootfs.as_ref()
    }

    /// The box's shell line for `/x args...`.
    fn command_line(&self, args: &[&str]) -> String {
        let subject = in_rootfs::subject_command(args);
        match &self.shell_env {
            Some(vars) => format!("{vars} {subject}"),
            None => subject,
        }
    }
}

/// The prepared rootfs, or an error if `prepare()` was skipped.
pub(super) fn prepared<'a>(r: &'a Option<Rootfs>, name: &str) -> std::io::Result<&'a Rootfs> {
    r.as_ref()
        .ok_or_else(|| std::io::Error::other(format!("{name}: prepare() was not called")))
}

impl Environment for RootfsEnvironment {
    fn id(&self) -> EnvironmentId {
        self.id
    }

    fn describe(&self) -> String {
        self.description.clone()
    }

    fn prepare(&mut self) -> Result<(), String> {
        self.rootfs = Some(rootfs::ensure(&self.build_dir, self.flavour)?);
        Ok(())
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let r = prepared(&self.rootfs, self.name())?;
        in_rootfs::run(&r.dir, binary, &self.command_line(args), timeout)
    }

    fn root(&self) -> Option<&Path> {
        self.rootfs.as_ref().map(|r| r.dir.as_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locpath_sets_the_variable_for_the_subject_only() {
        let dir = Path::new("/nonexistent");
        assert_eq!(
            RootfsEnvironment::musl_locpath(dir).command_line(&["--json"]),
            "MUSL_LOCPATH=/usr/share/i18n/locales/musl /x --json"
        );
        assert_eq!(
            RootfsEnvironment::musl(dir).command_line(&["--json"]),
            "/x --json"
        );
    }
}
