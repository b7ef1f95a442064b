//! Other releases' musl: the loader of Debian bullseye's, bookworm's or
//! trixie's `musl` package (1.2.2, 1.2.3, 1.2.5) as /lib/ld-musl-x86_64.so.1
//! of a busybox root, with the version subjects' libraries in /usr/lib
//! (see [`crate::version_subjects`]). It runs only the subjects planned for
//! it: any other program would meet the same loader as in musl-rootfs. Its
//! column is named by the version the loader reports when run, not by the
//! suite.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{in_rootfs, Environment, EnvironmentId, ProcessOutput, Support};
use crate::rootfs::debian_package::{musl_loader, MuslLoader};
use crate::rootfs::{self, layout, sources, Flavour};
use crate::target::Target;

/// Each musl-version environment and the Debian suite whose loader it runs.
pub const SUITES: [(EnvironmentId, &str); 3] = [
    (EnvironmentId::MuslBullseye, "bullseye"),
    (EnvironmentId::MuslBookworm, "bookworm"),
    (EnvironmentId::MuslTrixie, "trixie"),
];

pub struct MuslVersion {
    id: EnvironmentId,
    suite: &'static str,
    build_dir: PathBuf,
    prepared: Option<(MuslLoader, PathBuf)>,
}

impl MuslVersion {
    /// The environment running `suite`'s musl loader.
    pub fn new(id: EnvironmentId, suite: &'static str, build_dir: &Path) -> Self {
        MuslVersion {
            id,
            suite,
            build_dir: build_dir.to_owned(),
            prepared: None,
        }
    }

    /// One per [`SUITES`].
    pub fn all(build_dir: &Path) -> Vec<Self> {
        SUITES
            .iter()
            .map(|&(id, suite)| Self::new(id, suite, build_dir))
            .collect()
    }

    /// The loader, with the version it reported, once prepared.
    pub fn loader(&self) -> Option<&MuslLoader> {
        self.prepared.as_ref().map(|(l, _)| l)
    }
}

/// `<build_dir>/muslab/rootfs/<name>`: beside the other boxes.
fn root_dir(build_dir: &Path, id: EnvironmentId) -> PathBuf {
    let build_dir = std::path::absolute(build_dir).unwrap_or_else(|_| build_dir.to_owned());
    build_dir.join("muslab").join("rootfs").join(id.name())
}

/// The box: musl-rootfs's entries with this loader, plus the libraries.
fn ensure_root(build_dir: &Path, id: EnvironmentId, loader: &Path) -> Result<PathBuf, String> {
    let mut sources = sources::locate()?;
    sources.musl_x86_64 = loader.to_owned();
    sources.musl_i386 = None;
    let built = crate::version_subjects::build_musl(build_dir)?;
    let mut entries = layout::entries(Flavour::Musl, &sources);
    entries.push(layout::Entry::Dir("/usr/lib"));
    let mut manifest = format!(
        "{}\n{}\n{}",
        rootfs::MANIFEST_SCHEMA,
        id.name(),
        sources::fingerprint(&sources)
    );
    for lib in &built.libraries {
        let name = lib
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{}: not a file name", lib.display()))?;
        entries.push(layout::Entry::Copy {
            path: format!("/usr/lib/{name}"),
            from: lib.clone(),
        });
        manifest.push_str(&sources::file_fingerprint(lib));
    }
    let dir = root_dir(build_dir, id);
    rootfs::ensure_at(&dir, &entries, &manifest)?;
    Ok(dir)
}

impl Environment for MuslVersion {
    fn id(&self) -> EnvironmentId {
        self.id
    }

    fn label(&self) -> String {
        match self.loader() {
            Some(l) => format!("musl-{}", l.version),
            None => self.name().to_owned(),
        }
    }

    fn describe(&self) -> String {
        let version = self
            .loader()
            .map_or("its version".to_owned(), |l| format!("musl {}", l.version));
        format!(
            "Debian {}'s musl package: its loader ({version}, as the loader reports when run) as \
             /lib/ld-musl-x86_64.so.1 of a busybox root with the version subjects' libraries in \
             /usr/lib; runs only the musl version subjects (musl-gcc 1.2.3 builds), started by the box's /bin/sh",
            self.suite
        )
    }

    fn prepare(&mut self) -> Result<(), String> {
        let loader = musl_loader(&self.build_dir, self.suite)?;
        let root = ensure_root(&self.build_dir, self.id, &loader.path)?;
        self.prepared = Some((loader, root));
        Ok(())
    }

    fn runs_every_subject(&self) -> bool {
        false
    }

    fn supports(&self, target: &Target) -> Support {
        if target.triple == crate::version_subjects::TRIPLE {
            Support::Yes
        } else {
            Support::NotAvailable(format!("{} loaders only", crate::version_subjects::TRIPLE))
        }
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let (_, root) = self.prepared.as_ref().ok_or_else(|| {
            std::io::Error::other(format!("{}: prepare() was not called", self.name()))
        })?;
        in_rootfs::run(root, binary, &in_rootfs::subject_command(args), timeout)
    }

    fn root(&self) -> Option<&Path> {
        self.prepared.as_ref().map(|(_, r)| r.as_path())
    }
}
