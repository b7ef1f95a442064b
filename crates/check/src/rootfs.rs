//! A root file system as a loader inside it would see it: paths resolved
//! with symlinks followed *inside* the root (an absolute link target is
//! re-rooted), and the library search directories the two loaders use:
//! glibc reads `/etc/ld.so.conf` (through its cache) plus its built-in
//! directories; musl reads `/etc/ld-musl-ARCH.path`, defaulting to
//! `/lib:/usr/local/lib:/usr/lib`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Symlink hops before we give up, like the kernel's ELOOP limit.
const MAX_SYMLINK_HOPS: usize = 40;
/// `include` nesting in ld.so.conf.
const MAX_INCLUDE_DEPTH: usize = 8;

/// A root file system (`/` for this machine).
/// Lookups and search paths are cached: a tree scan asks the same questions
/// for every program, and the root does not change during a run.
#[derive(Debug)]
pub struct Rootfs {
    root: PathBuf,
    /// The container image `root` was extracted from: files are then shown
    /// by their paths inside the image, not under the temporary root.
    image: Option<String>,
    lookups: Mutex<HashMap<String, Option<PathBuf>>>,
    ld_so_conf_dirs: OnceLock<Vec<String>>,
    musl_path_files: Mutex<HashMap<String, Vec<String>>>,
}

impl Rootfs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            image: None,
            lookups: Mutex::new(HashMap::new()),
            ld_so_conf_dirs: OnceLock::new(),
            musl_path_files: Mutex::new(HashMap::new()),
        }
    }

    /// The root file system of the container image `image`, extracted to
    /// `root` for this run.
    pub fn of_image(root: impl Into<PathBuf>, image: &str) -> Self {
        Self {
            image: Some(image.to_owned()),
            ..Self::new(root)
        }
    }

    /// The image this root was extracted from, if any.
    pub fn image(&self) -> Option<&str> {
        self.image.as_deref()
    }

    /// How to show `path` to the user: for an image's root, a path under
    /// the root as the image sees it (`/usr/bin/app`); else as given.
    pub fn shown_path(&self, path: &Path) -> String {
        match (&self.image, path.strip_prefix(&self.root)) {
            (Some(_), Ok(inside)) => format!("/{}", inside.display()),
            _ => path.display().to_string(),
        }
    }

    /// The root directory on this machine.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether this is the machine's own root.
    pub fn is_host(&self) -> bool {
        self.root == Path::new("/")
    }

    /// Resolves `inside` (an absolute path inside the root) to a regular file
    /// on this machine, following symlinks within the root. `None` when
    /// missing, a loop, or not a regular file.
    pub fn lookup(&self, inside: &str) -> Option<PathBuf> {
        if let Ok(cache) = self.lookups.lock() {
            if let Some(hit) = cache.get(inside) {
                return hit.clone();
            }
        }
        let found = self.resolve(inside).filter(|p| p.is_file());
        if let Ok(mut cache) = self.lookups.lock() {
            cache.insert(inside.to_string(), found.clone());
        }
        found
    }

    fn resolve(&self, inside: &str) -> Option<PathBuf> {
        let mut pending: Vec<OsString> = components(Path::new(inside));
        pending.reverse(); // used as a stack: last = next component
        let mut done: Vec<OsString> = Vec::new();
        let mut hops = 0;
        while let Some(c) = pending.pop() {
            if c == ".." {
                done.pop();
                continue;
            }
            done.push(c);
            let host = self.host_path(&done);
            let meta = std::fs::symlink_metadata(&host).ok()?;
            if meta.file_type().is_symlink() {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return None;
                }
                let target = std::fs::read_link(&host).ok()?;
                done.pop();
                if target.is_absolute() {
                    done.clear();
                }
                let mut t = components(&target);
                t.reverse();
                pending.extend(t);
            }
        }
        Some(self.host_path(&done))
    }

    fn host_path(&self, parts: &[OsString]) -> PathBuf {
        let mut p = self.root.clone();
        p.extend(parts);
        p
    }

    /// Reads a text file inside the root (small config files only).
    pub fn read_text(&self, inside: &str) -> Option<String> {
        let path = self.lookup(inside)?;
        let meta = std::fs::metadata(&path).ok()?;
        if meta.len() > 1 << 20 {
            return None;
        }
        std::fs::read_to_string(path).ok()
    }

    /// Directories glibc's loader searches after RPATH/RUNPATH: those of
    /// `/etc/ld.so.conf` (what `ldconfig` puts in the cache) and the built-in
    /// trusted directories.
    pub fn glibc_search_dirs(&self, is_64: bool, multiarch: Option<&str>) -> Vec<String> {
        let mut dirs = self
            .ld_so_conf_dirs
            .get_or_init(|| {
                let mut dirs = Vec::new();
                self.read_ld_so_conf("/etc/ld.so.conf", 0, &mut dirs);
                dirs
            })
            .clone();
        if let Some(triple) = multiarch {
            dirs.push(format!("/lib/{triple}"));
            dirs.push(format!("/usr/lib/{triple}"));
        }
        if is_64 {
            dirs.push("/lib64".into());
            dirs.push("/usr/lib64".into());
        }
        dirs.push("/lib".into());
        dirs.push("/usr/lib".into());
        dedup_keep_order(dirs)
    }

    fn read_ld_so_conf(&self, file: &str, depth: usize, dirs: &mut Vec<String>) {
        if depth > MAX_INCLUDE_DEPTH {
            return;
        }
        let Some(text) = self.read_text(file) else {
            return;
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(pattern) = line.strip_prefix("include").map(str::trim) {
                let pattern = if pattern.starts_with('/') {
                    pattern.to_string()
                } else {
                    format!("/etc/{pattern}")
                };
                for inc in self.glob(&pattern) {
                    self.read_ld_so_conf(&inc, depth + 1, dirs);
                }
            } else if line.starts_with('/') {
                dirs.extend(
                    line.split([' ', '\t', ':', ','])
                        .filter(|d| !d.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }

    /// Expands a `*` in the last component of an absolute pattern (enough for ld.so.conf).
    fn glob(&self, pattern: &str) -> Vec<String> {
        let (dir, name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
        if !name.contains('*') {
            return vec![pattern.to_string()];
        }
        let dir_inside = if dir.is_empty() { "/" } else { dir };
        let Some(host_dir) = self.resolve(dir_inside) else {
            return vec![];
        };
        let Ok(entries) = std::fs::read_dir(host_dir) else {
            return vec![];
        };
        let (prefix, suffix) = name.split_once('*').unwrap_or((name, ""));
        let mut out: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.starts_with(prefix)
                    && n.ends_with(suffix)
                    && n.len() >= prefix.len() + suffix.len()
            })
            .map(|n| format!("{dir}/{n}"))
            .collect();
        out.sort();
        out
    }

    /// musl's search path after RPATH/RUNPATH: `/etc/ld-musl-ARCH.path`
    /// (entries separated by `:` or newlines), else `/lib:/usr/local/lib:/usr/lib`.
    pub fn musl_search_dirs(&self, musl_arch: &str) -> Vec<String> {
        if let Ok(cache) = self.musl_path_files.lock() {
            if let Some(hit) = cache.get(musl_arch) {
                return hit.clone();
            }
        }
        let dirs = self.read_musl_path_file(musl_arch);
        if let Ok(mut cache) = self.musl_path_files.lock() {
            cache.insert(musl_arch.to_string(), dirs.clone());
        }
        dirs
    }

    fn read_musl_path_file(&self, musl_arch: &str) -> Vec<String> {
        match self.read_text(&format!("/etc/ld-musl-{musl_arch}.path")) {
            Some(text) => text
                .split([':', '\n'])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
            None => vec!["/lib".into(), "/usr/local/lib".into(), "/usr/lib".into()],
        }
    }
}

fn components(p: &Path) -> Vec<OsString> {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_os_string()),
            Component::ParentDir => Some(OsString::from("..")),
            _ => None,
        })
        .collect()
}

fn dedup_keep_order(v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.into_iter().filter(|d| seen.insert(d.clone())).collect()
}

/// Debian's multiarch directory name for a machine (`x86_64-linux-gnu`).
pub fn multiarch_triple(machine: &str) -> Option<&'static str> {
    Some(match machine {
        "x86_64" => "x86_64-linux-gnu",
        "i686" => "i386-linux-gnu",
        "aarch64" => "aarch64-linux-gnu",
        "arm" => "arm-linux-gnueabihf",
        "riscv64" => "riscv64-linux-gnu",
        "ppc64le" => "powerpc64le-linux-gnu",
        "s390x" => "s390x-linux-gnu",
        "x32" => "x86_64-linux-gnux32",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_resolve_inside_the_root_and_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::create_dir_all(r.join("usr/lib")).unwrap();
        std::fs::write(r.join("usr/lib/libx.so.1"), b"x").unwrap();
        std::os::unix::fs::symlink("usr/lib", r.join("lib")).unwrap();
        // Absolute target: must be re-rooted, not read from the host's /usr/lib.
        std::os::unix::fs::symlink("/usr/lib/libx.so.1", r.join("usr/lib/libx.so")).unwrap();
        std::os::unix::fs::symlink("loop2", r.join("loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", r.join("loop2")).unwrap();
        let fs = Rootfs::new(r);
        assert_eq!(fs.lookup("/lib/libx.so"), Some(r.join("usr/lib/libx.so.1")));
        assert_eq!(fs.lookup("/loop1"), None);
        assert_eq!(fs.lookup("/missing"), None);
    }

    #[test]
    fn ld_so_conf_includes_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::create_dir_all(r.join("etc/ld.so.conf.d")).unwrap();
        std::fs::write(
            r.join("etc/ld.so.conf"),
            "include /etc/ld.so.conf.d/*.conf\n/opt/a # c\n",
        )
        .unwrap();
        std::fs::write(r.join("etc/ld.so.conf.d/x.conf"), "/opt/b\n").unwrap();
        let dirs = Rootfs::new(r).glibc_search_dirs(true, None);
        assert_eq!(&dirs[..2], &["/opt/b".to_string(), "/opt/a".to_string()]);
        assert!(dirs.contains(&"/lib64".to_string()));
    }
}
