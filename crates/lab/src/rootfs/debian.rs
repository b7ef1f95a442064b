//! Debian roots of other releases, built with debootstrap under the build
//! directory: the way to meet a glibc (and gcc) other than this machine's.
//! bullseye ships glibc 2.31, bookworm 2.36, trixie 2.41; each for amd64 and
//! i386. A root is built once (about a minute), reused while its stamp
//! matches, and rebuilt when the stamp is missing or names other parameters.
//! Nothing on the host is changed: debootstrap writes only into the root.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use muslab_sys::process;

use super::Provenance;
use crate::environment::in_rootfs;

/// The mirror debootstrap fetches from: Debian's registry.
pub const MIRROR: &str = "http://deb.debian.org/debian";

/// Marks a complete root: written last, so an interrupted build never counts.
const STAMP: &str = ".muslab-debian";
const STAMP_SCHEMA: &str = "muslab.debian/1";

/// debootstrap of a minbase root downloads and unpacks ~100 packages.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// What to build: a suite, an architecture and extra packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebianRoot {
    /// bullseye, bookworm, trixie, sid.
    pub suite: &'static str,
    /// Debian's architecture name: amd64, i386, arm64.
    pub arch: &'static str,
    /// Packages installed besides minbase (`--include`).
    pub include: Vec<&'static str>,
    /// What the root is for beyond compiling C fixtures, when it needs
    /// other packages: a directory of its own (`<suite>-<arch>-<purpose>`),
    /// so two roots of one suite do not rebuild each other.
    pub purpose: Option<&'static str>,
}

/// A built root and how it was obtained.
#[derive(Debug, Clone)]
pub struct BuiltRoot {
    pub dir: PathBuf,
    pub provenance: Provenance,
    /// How long `ensure` took (the build, when it built).
    pub took: Duration,
}

impl DebianRoot {
    /// minbase plus gcc and the C library's headers and static archive:
    /// enough to compile C programs the way that release compiles them.
    pub fn with_gcc(suite: &'static str, arch: &'static str) -> Self {
        DebianRoot {
            suite,
            arch,
            include: vec!["gcc", "libc6-dev"],
            purpose: None,
        }
    }

    /// `<build_dir>/muslab/debian/<suite>-<arch>[-<purpose>]`, absolute (the
    /// root is entered with chroot after the child changed to `/`).
    pub fn dir(&self, build_dir: &Path) -> PathBuf {
        let build_dir = std::path::absolute(build_dir).unwrap_or_else(|_| build_dir.to_owned());
        let name = match self.purpose {
            Some(p) => format!("{}-{}-{p}", self.suite, self.arch),
            None => format!("{}-{}", self.suite, self.arch),
        };
        build_dir.join("muslab").join("debian").join(name)
    }

    /// What the root was built from: a built root carries it, and an image
    /// made from the root is tagged with its hash.
    pub fn stamp(&self) -> String {
        format!(
            "{STAMP_SCHEMA}\nsuite={}\narch={}\ninclude={}\nmirror={MIRROR}\n",
            self.suite,
            self.arch,
            self.include.join(",")
        )
    }

    /// Returns the root under `build_dir`, building it when missing or stale
    /// (one builder at a time: see [`super::ensure_locked`]).
    pub fn ensure(&self, build_dir: &Path) -> Result<BuiltRoot, String> {
        let start = Instant::now();
        let dir = self.dir(build_dir);
        let current = || match std::fs::read_to_string(dir.join(STAMP)) {
            Err(_) if !dir.exists() => Err("not built yet".to_owned()),
            Err(_) => Err("an earlier build did not finish".to_owned()),
            Ok(s) if s != self.stamp() => Err("it was built with other parameters".to_owned()),
            Ok(_) => Ok(()),
        };
        let provenance =
            super::ensure_locked(&super::lock_path(&dir), current, || self.build(&dir))?;
        Ok(BuiltRoot {
            dir,
            provenance,
            took: start.elapsed(),
        })
    }

    fn build(&self, dir: &Path) -> Result<(), String> {
        let debootstrap = ["/usr/sbin/debootstrap", "/usr/bin/debootstrap"]
            .iter()
            .map(Path::new)
            .find(|p| p.is_file())
            .ok_or(
                "debootstrap is not installed: run scripts/setup (apt-get install -y debootstrap)",
            )?;
        let parent = dir
            .parent()
            .ok_or("a Debian root needs a parent directory")?;
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let mut cmd = Command::new(debootstrap);
        cmd.arg("--variant=minbase")
            .arg(format!("--arch={}", self.arch));
        if !self.include.is_empty() {
            cmd.arg(format!("--include={}", self.include.join(",")));
        }
        cmd.arg(self.suite).arg(&tmp).arg(MIRROR);
        let out =
            process::run(cmd, BUILD_TIMEOUT).map_err(|e| format!("cannot run debootstrap: {e}"))?;
        let finished = if out.success() {
            // /x: where `in_rootfs::run` bind-mounts the program it runs.
            let subject = tmp.join(crate::rootfs::layout::SUBJECT.trim_start_matches('/'));
            std::fs::write(&subject, "")
                .and_then(|()| std::fs::write(tmp.join(STAMP), self.stamp()))
                .map_err(|e| format!("cannot finish {}: {e}", tmp.display()))
        } else {
            let said = format!("{}{}", out.stdout, out.stderr);
            let last = said.lines().rev().find(|l| !l.trim().is_empty());
            Err(format!(
                "debootstrap {} {} failed ({}): {}; it needs {MIRROR} to be reachable",
                self.suite,
                self.arch,
                out.exit,
                last.unwrap_or("").trim()
            ))
        };
        if let Err(e) = finished {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| format!("cannot remove the old root {}: {e}", dir.display()))?;
        }
        std::fs::rename(&tmp, dir)
            .map_err(|e| format!("cannot move the root into {}: {e}", dir.display()))
    }
}

/// Compiles `source` (a C file) inside `root` with the root's own gcc and
/// `flags` (given after the source: `-static`, libraries), writing the program to `out`. The file is copied in and out
/// through the root's /tmp.
pub fn compile_in(root: &Path, source: &Path, flags: &[&str], out: &Path) -> Result<(), String> {
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{}: not a file name", source.display()))?;
    let work = root
        .join("tmp")
        .join(format!("muslab-build-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    std::fs::copy(source, work.join(name))
        .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
    let inside = Path::new("/tmp").join(work.file_name().unwrap_or_default());
    // Flags after the source, so libraries named there resolve its calls.
    let words: Vec<String> = [
        "gcc".to_owned(),
        "-O2".to_owned(),
        "-o".to_owned(),
        format!("{}/out", inside.display()),
        format!("{}/{name}", inside.display()),
    ]
    .into_iter()
    .chain(flags.iter().map(|f| in_rootfs::shell_quote(f)))
    .collect();
    let result = in_rootfs::shell(root, Vec::new(), &words.join(" "), Duration::from_secs(120))
        .map_err(|e| format!("cannot enter {}: {e}", root.display()));
    let copied = result.and_then(|r| {
        if r.success() {
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::copy(work.join("out"), out)
                .map(|_| ())
                .map_err(|e| format!("cannot copy the program out: {e}"))
        } else {
            Err(format!(
                "{} in {} failed ({}): {}",
                words.join(" "),
                root.display(),
                r.exit,
                r.stderr.lines().next().unwrap_or("").trim()
            ))
        }
    });
    let _ = std::fs::remove_dir_all(&work);
    copied
}
