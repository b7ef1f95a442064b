//! Single Debian packages of any suite, fetched with `apt-get download`
//! under a private apt configuration (its own sources, lists and cache under
//! the build dir, so the host's apt state is never touched) and unpacked with
//! `dpkg-deb -x`. Used for the musl loaders of other releases: bullseye
//! ships musl 1.2.2, bookworm 1.2.3, trixie 1.2.5.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use muslab_sys::process;

use super::debian::MIRROR;
use super::Provenance;

const STAMP: &str = ".muslab-package";
const STAMP_SCHEMA: &str = "muslab.debian-package/1";
const APT_TIMEOUT: Duration = Duration::from_secs(600);

/// One package of one suite and architecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebianPackage {
    pub suite: &'static str,
    pub arch: &'static str,
    pub name: &'static str,
}

impl DebianPackage {
    /// `<build_dir>/muslab/debian/packages/<suite>-<arch>/<name>`: the
    /// package's files, as `dpkg-deb -x` unpacks them.
    pub fn dir(&self, build_dir: &Path) -> PathBuf {
        suite_dir(build_dir, self.suite, self.arch).join(self.name)
    }

    fn stamp(&self) -> String {
        format!(
            "{STAMP_SCHEMA}\nsuite={}\narch={}\npackage={}\nmirror={MIRROR}\n",
            self.suite, self.arch, self.name
        )
    }

    /// The unpacked package under `build_dir`, fetched when missing or stale.
    pub fn ensure(&self, build_dir: &Path) -> Result<PathBuf, String> {
        self.ensure_reporting(build_dir).map(|(dir, _)| dir)
    }

    /// [`Self::ensure`], saying whether it fetched the package. Fetches of
    /// one suite and architecture take turns (they share its apt state):
    /// see [`super::ensure_locked`].
    pub fn ensure_reporting(&self, build_dir: &Path) -> Result<(PathBuf, Provenance), String> {
        let dir = self.dir(build_dir);
        let suite = suite_dir(build_dir, self.suite, self.arch);
        let current = || match std::fs::read_to_string(dir.join(STAMP)) {
            Ok(s) if s == self.stamp() => Ok(()),
            Ok(_) => Err("it was fetched with other parameters".to_owned()),
            Err(_) => Err("not fetched yet".to_owned()),
        };
        // One lock for the suite: its packages share its apt state.
        let provenance = super::ensure_locked(&super::lock_path(&suite), current, || {
            self.fetch(build_dir, &dir)
        })?;
        Ok((dir, provenance))
    }

    fn fetch(&self, build_dir: &Path, dir: &Path) -> Result<(), String> {
        let apt = suite_dir(build_dir, self.suite, self.arch).join("apt");
        let conf = write_apt_config(&apt, self.suite, self.arch)?;
        apt_get(&conf, &apt, &["update"])?;
        let downloads = apt.join("downloads");
        let _ = std::fs::remove_dir_all(&downloads);
        std::fs::create_dir_all(&downloads)
            .map_err(|e| format!("cannot create {}: {e}", downloads.display()))?;
        apt_get(&conf, &downloads, &["download", self.name])?;
        let deb = std::fs::read_dir(&downloads)
            .map_err(|e| format!("{}: {e}", downloads.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "deb"))
            .ok_or_else(|| format!("apt-get download {} left no .deb", self.name))?;
        let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let mut cmd = Command::new("dpkg-deb");
        cmd.arg("-x").arg(&deb).arg(&tmp);
        let out =
            process::run(cmd, APT_TIMEOUT).map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
        if !out.success() {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(format!(
                "dpkg-deb -x {} failed: {}",
                deb.display(),
                out.stderr.trim()
            ));
        }
        std::fs::write(tmp.join(STAMP), self.stamp())
            .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
        std::fs::rename(&tmp, dir).map_err(|e| format!("cannot move into {}: {e}", dir.display()))
    }
}

fn suite_dir(build_dir: &Path, suite: &str, arch: &str) -> PathBuf {
    let build_dir = std::path::absolute(build_dir).unwrap_or_else(|_| build_dir.to_owned());
    build_dir
        .join("muslab")
        .join("debian")
        .join("packages")
        .join(format!("{suite}-{arch}"))
}

/// An apt configuration whose every directory lies under `apt`: one source
/// (the suite's main component, checked against Debian's archive keyring).
fn write_apt_config(apt: &Path, suite: &str, arch: &str) -> Result<PathBuf, String> {
    let mk = |p: &Path| {
        std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
    };
    for sub in [
        "lists/partial",
        "cache/archives/partial",
        "etc/preferences.d",
    ] {
        mk(&apt.join(sub))?;
    }
    let keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
    if !Path::new(keyring).is_file() {
        return Err(format!(
            "{keyring} is missing: apt-get install -y debian-archive-keyring"
        ));
    }
    let sources = apt.join("etc/sources.list");
    std::fs::write(
        &sources,
        format!("deb [arch={arch} signed-by={keyring}] {MIRROR} {suite} main\n"),
    )
    .map_err(|e| format!("cannot write {}: {e}", sources.display()))?;
    let a = apt.display();
    let conf = apt.join("apt.conf");
    std::fs::write(
        &conf,
        format!(
            "APT::Architecture \"{arch}\";\nAPT::Architectures {{ \"{arch}\"; }};\n\
             Dir::State \"{a}\";\nDir::State::Lists \"{a}/lists\";\nDir::State::status \"/dev/null\";\n\
             Dir::Cache \"{a}/cache\";\nDir::Etc::SourceList \"{a}/etc/sources.list\";\n\
             Dir::Etc::SourceParts \"{a}/etc/sources.list.d\";\nDir::Etc::Preferences \"{a}/etc/preferences\";\n\
             Dir::Etc::PreferencesParts \"{a}/etc/preferences.d\";\n"
        ),
    )
    .map_err(|e| format!("cannot write {}: {e}", conf.display()))?;
    mk(&apt.join("etc/sources.list.d"))?;
    Ok(conf)
}

fn apt_get(conf: &Path, cwd: &Path, args: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new("apt-get");
    cmd.env("APT_CONFIG", conf)
        .args(["-q", "-o", "Debug::NoLocking=1"])
        .args(args)
        .current_dir(cwd);
    let out = process::run(cmd, APT_TIMEOUT).map_err(|e| format!("cannot run apt-get: {e}"))?;
    if out.success() {
        Ok(())
    } else {
        let last = out.stderr.lines().rev().find(|l| !l.trim().is_empty());
        Err(format!(
            "apt-get {} with {} failed ({}): {}",
            args.join(" "),
            conf.display(),
            out.exit,
            last.unwrap_or("").trim()
        ))
    }
}

/// A musl dynamic loader (which is also musl's libc.so) from a Debian
/// suite, with the version it reports.
#[derive(Debug, Clone)]
pub struct MuslLoader {
    pub path: PathBuf,
    /// As the loader prints it when run without arguments ("1.2.3").
    pub version: String,
}

/// The x86_64 musl loader of `suite` (Debian package `musl`), fetched and
/// unpacked under `build_dir`; its version is read by running it.
pub fn musl_loader(build_dir: &Path, suite: &'static str) -> Result<MuslLoader, String> {
    let dir = DebianPackage {
        suite,
        arch: "amd64",
        name: "musl",
    }
    .ensure(build_dir)?;
    // The file itself: /lib/ld-musl-x86_64.so.1 is an absolute symlink to
    // it, which outside a chroot would name the host's musl. bullseye keeps
    // it in /lib, later suites (merged /usr) in /usr/lib.
    let path = [
        "lib/x86_64-linux-musl/libc.so",
        "usr/lib/x86_64-linux-musl/libc.so",
    ]
    .iter()
    .map(|p| dir.join(p))
    .find(|p| p.is_file())
    .ok_or_else(|| {
        format!(
            "{suite}'s musl package has no x86_64 loader under {}",
            dir.display()
        )
    })?;
    let version = loader_version(&path)?;
    Ok(MuslLoader { path, version })
}

/// musl's loader run with no program prints "musl libc (ARCH)" then
/// "Version X.Y.Z" to stderr and exits 1.
pub fn loader_version(loader: &Path) -> Result<String, String> {
    let out = process::run(Command::new(loader), Duration::from_secs(10))
        .map_err(|e| format!("cannot run {}: {e}", loader.display()))?;
    out.stderr
        .lines()
        .find_map(|l| l.strip_prefix("Version "))
        .map(|v| v.trim().to_owned())
        .ok_or_else(|| format!("{} printed no version: {:?}", loader.display(), out.stderr))
}
