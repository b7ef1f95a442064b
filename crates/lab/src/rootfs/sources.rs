//! The host files a musl rootfs is assembled from, each located and checked
//! before anything is built so a missing package is one clear line.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Sources {
    /// A statically linked busybox: the rootfs's /bin/sh and tools.
    pub busybox: PathBuf,
    /// Its applet names (`busybox --list`).
    pub applets: Vec<String>,
    /// Debian's musl loader, which is also musl's libc.so.
    pub musl_x86_64: PathBuf,
    /// The i386 musl loader, if Debian's musl:i386 is installed.
    pub musl_i386: Option<PathBuf>,
}

const BUSYBOX: &[&str] = &["/bin/busybox", "/usr/bin/busybox"];
const MUSL_X86_64: &str = "/lib/ld-musl-x86_64.so.1";
const MUSL_I386: &str = "/lib/ld-musl-i386.so.1";

pub fn locate() -> Result<Sources, String> {
    locate_from(BUSYBOX, MUSL_X86_64)
}

/// [`locate`] with the candidate paths given (tests point them nowhere).
pub fn locate_from(busybox: &[&str], musl_loader: &str) -> Result<Sources, String> {
    let busybox = busybox
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or("busybox is not installed: apt-get install -y busybox-static")?;
    let facts = muslab_check::read_source::read_elf_file(&busybox)
        .map_err(|e| format!("{}: {e}", busybox.display()))?;
    if facts.interpreter.is_some() {
        return Err(format!(
            "{} is dynamically linked (loader {}); the rootfs needs a static one: apt-get install -y busybox-static",
            busybox.display(),
            facts.interpreter.unwrap_or_default()
        ));
    }
    let list = std::process::Command::new(&busybox)
        .arg("--list")
        .output()
        .map_err(|e| format!("cannot run {} --list: {e}", busybox.display()))?;
    let applets = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains('/') && *l != "busybox")
        .map(str::to_owned)
        .collect();
    let musl_x86_64 = resolve(Path::new(musl_loader)).ok_or_else(|| {
        format!("the musl loader {musl_loader} is missing: apt-get install -y musl")
    })?;
    let musl_i386 = resolve(Path::new(MUSL_I386));
    Ok(Sources {
        busybox,
        applets,
        musl_x86_64,
        musl_i386,
    })
}

/// The real file behind a path (following symlinks), if it is a file.
fn resolve(p: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(p).ok()?;
    real.is_file().then_some(real)
}

/// What identifies the sources a rootfs was built from: path, size and
/// modification time of each, so a package upgrade triggers a rebuild.
pub fn fingerprint(s: &Sources) -> String {
    [Some(&s.busybox), Some(&s.musl_x86_64), s.musl_i386.as_ref()]
        .into_iter()
        .flatten()
        .map(|p| file_fingerprint(p))
        .collect()
}

/// One line naming a file by path, size and modification time.
pub fn file_fingerprint(p: &Path) -> String {
    let (len, mtime) = std::fs::metadata(p)
        .map(|m| {
            use std::os::unix::fs::MetadataExt;
            (m.len(), m.mtime())
        })
        .unwrap_or((0, 0));
    format!("{} {len} {mtime}\n", p.display())
}
