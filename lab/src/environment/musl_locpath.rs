use std::path::{Path, PathBuf};
use std::time::Duration;

use super::musl_rootfs::prepared;
use super::{explain, in_rootfs, Environment, ProcessOutput, Support};
use crate::rootfs::musl_locale_files::LOCPATH;
use crate::rootfs::{self, Flavour, Rootfs};
use crate::target::Target;

/// The musl rootfs as an Alpine box with musl-locales installed: message
/// catalogues for de_DE.UTF-8 and fr_FR.UTF-8 in [`LOCPATH`], and
/// MUSL_LOCPATH pointing there (Alpine sets it from /etc/profile.d). musl
/// then prints translated month and day names; numbers and collation stay
/// C, because musl's locale files carry only messages. glibc ignores both.
pub struct MuslLocpath {
    build_dir: PathBuf,
    rootfs: Option<Rootfs>,
}

impl MuslLocpath {
    pub fn new(build_dir: &Path) -> Self {
        MuslLocpath {
            build_dir: build_dir.to_owned(),
            rootfs: None,
        }
    }

    pub fn rootfs(&self) -> Option<&Rootfs> {
        self.rootfs.as_ref()
    }
}

/// The box's shell line: the variable set for this one command, as an
/// exported MUSL_LOCPATH in the user's profile would.
fn command_line(args: &[&str]) -> String {
    format!(
        "MUSL_LOCPATH={LOCPATH} {}",
        in_rootfs::subject_command(args)
    )
}

impl Environment for MuslLocpath {
    fn name(&self) -> &str {
        "musl-rootfs+locpath"
    }

    fn describe(&self) -> String {
        format!(
            "the musl rootfs plus musl locale files (gettext catalogues of month/day names) for \
             de_DE.UTF-8 and fr_FR.UTF-8 in {LOCPATH}, with MUSL_LOCPATH={LOCPATH}"
        )
    }

    fn prepare(&mut self) -> Result<(), String> {
        self.rootfs = Some(rootfs::ensure(&self.build_dir, Flavour::MuslLocpath)?);
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
        in_rootfs::run(&r.dir, binary, &command_line(args), timeout)
    }

    fn explain(&self, binary: &Path, out: &ProcessOutput) -> Option<String> {
        explain::in_rootfs(&self.rootfs.as_ref()?.dir, binary, out, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_variable_for_the_subject_only() {
        assert_eq!(
            command_line(&["--json"]),
            "MUSL_LOCPATH=/usr/share/i18n/locales/musl /x --json"
        );
    }
}
