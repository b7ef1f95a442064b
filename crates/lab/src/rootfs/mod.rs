//! The Alpine-like musl rootfs the environments run binaries in, built by the
//! lab under the build directory from the host's busybox-static and Debian's
//! musl loader. Built once, reused on later runs, and rebuilt when it is
//! broken or its sources changed.

pub mod debian;
pub mod debian_package;
pub mod glibc_box;
pub mod glibc_bundle;
pub mod layout;
pub mod musl_locale_files;
pub mod sources;

use std::path::{Path, PathBuf};

use muslab_check::EnvironmentId;

/// Marks a complete rootfs: written last, so an interrupted build never counts.
const MANIFEST: &str = ".muslab-rootfs";
pub const MANIFEST_SCHEMA: &str = "muslab.rootfs/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// busybox + the musl loader: what an Alpine container has.
    Musl,
    /// Plus Alpine's libc6-compat symlinks (glibc loader and sonames → musl).
    Libc6Compat,
    /// Plus a directory that receives copies of the glibc loader and libraries.
    BundledGlibc,
    /// Plus musl locale files (message catalogues) in
    /// [`musl_locale_files::LOCPATH`], as Alpine's musl-locales installs them.
    MuslLocpath,
    /// busybox plus this host's glibc loader and libraries
    /// ([`glibc_box`]): a Debian-slim-like box, run as a container image.
    Glibc,
}

impl Flavour {
    /// The environment that runs in this rootfs.
    pub fn environment(self) -> EnvironmentId {
        match self {
            Flavour::Musl => EnvironmentId::MuslRootfs,
            Flavour::Libc6Compat => EnvironmentId::MuslLibc6Compat,
            Flavour::BundledGlibc => EnvironmentId::MuslBundledGlibc,
            Flavour::MuslLocpath => EnvironmentId::MuslRootfsLocpath,
            Flavour::Glibc => EnvironmentId::EngineGlibc,
        }
    }

    /// Its environment's name, which also names its directory.
    pub fn name(self) -> &'static str {
        self.environment().name()
    }
}

/// How [`ensure`] got its rootfs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    Reused,
    /// Built from scratch; `because` says why (missing, or what was wrong).
    Built {
        because: String,
    },
}

#[derive(Debug, Clone)]
pub struct Rootfs {
    pub dir: PathBuf,
    pub flavour: Flavour,
    pub provenance: Provenance,
}

/// Where the rootfs of a flavour lives under the build directory: an
/// absolute path, because the box is entered with chroot after the child has
/// changed to `/`, where a relative `--build-dir` names nothing.
pub fn dir_for(build_dir: &Path, flavour: Flavour) -> PathBuf {
    let build_dir = std::path::absolute(build_dir).unwrap_or_else(|_| build_dir.to_owned());
    build_dir.join("muslab").join("rootfs").join(flavour.name())
}

/// The manifest of a built rootfs: what it was built from, which names
/// it as a cache key (the lab's container images are tagged with its hash).
pub fn manifest_of(dir: &Path) -> Result<String, String> {
    std::fs::read_to_string(dir.join(MANIFEST))
        .map_err(|e| format!("{}: not a built rootfs: {e}", dir.display()))
}

/// The lock file of the cache entry `dir`: `<dir>.lock` beside it.
pub fn lock_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_owned();
    name.push(".lock");
    dir.with_file_name(name)
}

/// Makes a cache entry current: `current` says why it is not (or `Ok`
/// when it is); `build` then builds it, into a directory of its own renamed
/// into place. Builders of the same entry (other processes, other threads)
/// take turns on an flock of `lock` (see [`lock_path`]), and whoever comes
/// second finds the entry current and reuses it, so it is built once.
pub fn ensure_locked(
    lock: &Path,
    current: impl Fn() -> Result<(), String>,
    build: impl FnOnce() -> Result<(), String>,
) -> Result<Provenance, String> {
    if current().is_ok() {
        return Ok(Provenance::Reused);
    }
    if let Some(parent) = lock.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let _held = muslab_sys::lock::FileLock::exclusive(lock)
        .map_err(|e| format!("cannot lock {}: {e}", lock.display()))?;
    match current() {
        Ok(()) => Ok(Provenance::Reused),
        Err(because) => build().map(|()| Provenance::Built { because }),
    }
}

/// Returns a usable rootfs of `flavour` under `build_dir`, reusing an intact
/// one and rebuilding anything missing, stale or broken.
pub fn ensure(build_dir: &Path, flavour: Flavour) -> Result<Rootfs, String> {
    let sources = sources::locate()?;
    let mut entries = layout::entries(flavour, &sources);
    let dir = dir_for(build_dir, flavour);
    let mut manifest = format!(
        "{MANIFEST_SCHEMA}\n{}\n{}",
        flavour.name(),
        sources::fingerprint(&sources)
    );
    if flavour == Flavour::Glibc {
        let glibc = glibc_box::entries()?;
        manifest.push_str(&glibc_box::fingerprint(&glibc));
        entries.extend(glibc);
    }
    let provenance = ensure_at(&dir, &entries, &manifest)?;
    Ok(Rootfs {
        dir,
        flavour,
        provenance,
    })
}

/// A root at `dir` holding exactly `entries`, built from `manifest`: reused
/// while its manifest matches and nothing is missing, else rebuilt.
pub fn ensure_at(
    dir: &Path,
    entries: &[layout::Entry],
    manifest: &str,
) -> Result<Provenance, String> {
    let current = || match std::fs::read_to_string(dir.join(MANIFEST)) {
        Err(_) if !dir.exists() => Err("not built yet".to_owned()),
        Err(_) => Err("an earlier build did not finish".to_owned()),
        Ok(m) if m != manifest => Err("its sources changed".to_owned()),
        Ok(_) => {
            let problems = layout::problems(dir, entries);
            if problems.is_empty() {
                Ok(())
            } else {
                Err(format!("broken: {}", problems.join("; ")))
            }
        }
    };
    ensure_locked(&lock_path(dir), current, || {
        build_into(dir, entries, manifest)
    })
}

/// Writes `entries` and then `manifest` into a new directory renamed to `dir`.
fn build_into(dir: &Path, entries: &[layout::Entry], manifest: &str) -> Result<(), String> {
    let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let built = layout::build(&tmp, entries).and_then(|()| {
        std::fs::write(tmp.join(MANIFEST), manifest)
            .map_err(|e| format!("cannot write the rootfs manifest: {e}"))
    });
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| format!("cannot remove the old rootfs {}: {e}", dir.display()))?;
    }
    std::fs::rename(&tmp, dir)
        .map_err(|e| format!("cannot move the rootfs into {}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn two_threads_ensuring_one_entry_build_it_once() {
        let dir = std::env::temp_dir().join(format!("muslab-ensure-locked-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let stamp = dir.join("stamp");
        let builds = AtomicUsize::new(0);
        let current = || {
            std::fs::read_to_string(&stamp)
                .map(|_| ())
                .map_err(|_| "not built yet".to_owned())
        };
        let build = || {
            builds.fetch_add(1, Ordering::SeqCst);
            // Long enough for the other thread to arrive meanwhile.
            std::thread::sleep(std::time::Duration::from_millis(200));
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            std::fs::write(&stamp, "done").map_err(|e| e.to_string())
        };
        let got: Vec<Provenance> = std::thread::scope(|s| {
            let a = s.spawn(|| ensure_locked(&lock_path(&dir), current, build));
            let b = s.spawn(|| ensure_locked(&lock_path(&dir), current, build));
            [a, b]
                .into_iter()
                .map(|h| h.join().unwrap().unwrap())
                .collect()
        });
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(lock_path(&dir));
        assert_eq!(
            builds.load(Ordering::SeqCst),
            1,
            "got {got:?}, want one build"
        );
        assert!(
            got.contains(&Provenance::Reused),
            "got {got:?}, want the second to reuse the first's build"
        );
    }
}
