//! The C libraries installed on the box, as opposed to the one this probe
//! carries or loads (its build: [`crate::build_info`]). A box can hold both:
//! Debian with musl-tools has glibc's libc.so.6 and musl's ld-musl-*.so.1,
//! Alpine with libc6-compat has musl and a glibc loader name.
//!
//! glibc's libc.so.6 embeds "... release version X.Y" in its banner, so the
//! file is read, not run. musl's banner is printed only when its loader is
//! executed without arguments ("musl libc (x86_64)\nVersion 1.2.3"), so the
//! loader is run with a timeout.

use muslab_catalogue::Id;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab_report::{Check, Libc, Observed};
use muslab_sys::ProcessExit;

const GLIBC_DIRS: &[&str] = &[
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib/i386-linux-gnu",
    "/lib32",
    "/lib/aarch64-linux-gnu",
    "/lib",
    "/usr/lib",
];

const MUSL_LOADERS: &[&str] = &[
    "/lib/ld-musl-x86_64.so.1",
    "/lib/ld-musl-i386.so.1",
    "/lib/ld-musl-aarch64.so.1",
];

/// The check's case; its observation is a record keyed by path, each entry
/// a record of `libc`, `arch` and `version` (or `error` when the version
/// could not be read).
pub const CASE: &str = "installed-libc";

/// One C library file found on the box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// As the box names it (`/lib32/libc.so.6`).
    pub path: String,
    pub libc: Libc,
    /// From the file's ELF header: `x86_64`, `i386`, `aarch64`.
    pub arch: Option<&'static str>,
    /// The version, or why it could not be read.
    pub version: Result<String, String>,
}

impl Installed {
    fn observed(&self) -> Observed {
        let mut fields = vec![
            ("libc", Observed::text(self.libc.to_string())),
            ("arch", self.arch.map_or(Observed::None, Observed::text)),
        ];
        fields.push(match &self.version {
            Ok(v) => ("version", Observed::text(v.clone())),
            Err(e) => ("error", Observed::text(e.clone())),
        });
        Observed::record(fields)
    }

    /// Reads one entry of the check's record back.
    pub fn from_observed(path: &str, o: &Observed) -> Option<Installed> {
        let Observed::Record(fields) = o else {
            return None;
        };
        let text = |k: &str| match fields.get(k) {
            Some(Observed::Text(t)) => Some(t.as_str()),
            _ => None,
        };
        Some(Installed {
            path: path.to_owned(),
            libc: match text("libc")? {
                "glibc" => Libc::Glibc,
                "musl" => Libc::Musl,
                _ => Libc::Other,
            },
            arch: text("arch").and_then(arch_name),
            version: match (text("version"), text("error")) {
                (Some(v), _) => Ok(v.to_owned()),
                (None, e) => Err(e.unwrap_or("no version").to_owned()),
            },
        })
    }
}

/// Every C library installed under `root`: glibc's libc.so.6 in the usual
/// directories (each file once, however many symlinks name it), then musl's
/// loaders (which are its libc).
pub fn find(root: &Path) -> Vec<Installed> {
    let mut out = glibc(root);
    out.extend(musl(root));
    out
}

/// The `ENV` check listing [`find`]'s libraries.
pub fn check(root: &Path) -> Check {
    let found = find(root);
    Check::new(Id::Env, CASE, "libcs installed on this box").ok(
        Observed::Record(
            found
                .iter()
                .map(|i| (i.path.clone(), i.observed()))
                .collect(),
        ),
        if found.is_empty() {
            "no libc.so.6 or ld-musl-*.so.1: only static programs run here"
        } else {
            ""
        },
    )
}

/// The libraries recorded by [`check`] in a report's check, in path order.
pub fn from_check(check: &Check) -> Vec<Installed> {
    match &check.observed {
        Observed::Record(entries) => entries
            .iter()
            .filter_map(|(path, o)| Installed::from_observed(path, o))
            .collect(),
        _ => Vec::new(),
    }
}

fn glibc(root: &Path) -> Vec<Installed> {
    let mut seen = Vec::new();
    let mut found = Vec::new();
    for dir in GLIBC_DIRS {
        let path = root.join(dir.trim_start_matches('/')).join("libc.so.6");
        let Ok(canonical) = std::fs::canonicalize(&path) else {
            continue;
        };
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        let bytes = std::fs::read(&path);
        found.push(Installed {
            path: format!("{dir}/libc.so.6"),
            libc: Libc::Glibc,
            arch: bytes.as_deref().ok().and_then(elf_arch),
            version: match &bytes {
                Ok(b) => banner_version(b).ok_or_else(|| "no version in the file".to_owned()),
                Err(e) => Err(e.to_string()),
            },
        });
    }
    found
}

/// The architecture in an ELF header (e_machine), for the ones muslab builds for.
fn elf_arch(bytes: &[u8]) -> Option<&'static str> {
    if bytes.get(..4) != Some(b"\x7fELF") {
        return None;
    }
    let machine = u16::from_le_bytes([*bytes.get(18)?, *bytes.get(19)?]);
    match machine {
        3 => Some("i386"),
        62 => Some("x86_64"),
        183 => Some("aarch64"),
        _ => None,
    }
}

fn arch_name(text: &str) -> Option<&'static str> {
    ["i386", "x86_64", "aarch64"]
        .into_iter()
        .find(|a| *a == text)
}

/// Finds "release version 2.36" in glibc's banner string.
pub fn banner_version(bytes: &[u8]) -> Option<String> {
    let needle = b"release version ";
    let at = bytes.windows(needle.len()).position(|w| w == needle)? + needle.len();
    let version: String = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .map(|b| *b as char)
        .collect();
    let version = version.trim_end_matches('.').to_owned();
    (!version.is_empty()).then_some(version)
}

fn musl(root: &Path) -> Vec<Installed> {
    let mut found = Vec::new();
    for loader in MUSL_LOADERS {
        let path = root.join(loader.trim_start_matches('/'));
        if !path.exists() {
            continue;
        }
        let version = match run_banner(&path, Duration::from_secs(2)) {
            Ok(text) => musl_banner_version(&text)
                .ok_or_else(|| format!("no version in its banner {:?}", text.trim())),
            Err(e) => Err(format!("could not run it: {e}")),
        };
        found.push(Installed {
            path: (*loader).to_owned(),
            libc: Libc::Musl,
            arch: std::fs::read(&path).ok().as_deref().and_then(elf_arch),
            version,
        });
    }
    found
}

/// "musl libc (x86_64)\nVersion 1.2.3\n..." → "1.2.3".
pub fn musl_banner_version(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Version "))
        .map(|v| v.trim().to_owned())
}

/// The loader run without arguments prints its banner on stderr and exits 1.
/// Its stdin is a pipe closed at once, not /dev/null: minimal boxes (a
/// rootfs without /dev) have no /dev/null, and std would fail to open it.
fn run_banner(path: &Path, timeout: Duration) -> std::io::Result<String> {
    let mut cmd = Command::new(path);
    cmd.stdin(std::process::Stdio::piped());
    let out = muslab_sys::process::spawn(cmd)?.finish(timeout)?;
    match out.exit {
        ProcessExit::TimedOut { .. } => Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            out.exit.to_string(),
        )),
        _ => Ok(out.stderr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_banners() {
        assert_eq!(
            banner_version(
                b"xx GNU C Library (Debian GLIBC 2.36-9) stable release version 2.36.\n"
            ),
            Some("2.36".into())
        );
        assert_eq!(banner_version(b"nothing here"), None);
        assert_eq!(
            musl_banner_version("musl libc (x86_64)\nVersion 1.2.3\nDynamic Program Loader\n"),
            Some("1.2.3".into())
        );
    }

    #[cfg(target_env = "gnu")]
    #[test]
    fn finds_this_machines_glibc_and_reads_the_check_back() {
        let runtime = muslab_sys::libc_version::runtime().unwrap();
        let found = from_check(&check(Path::new("/")));
        let mut want = find(Path::new("/"));
        want.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(
            found, want,
            "got the check's record read back, want find()'s libraries"
        );
        assert!(
            found.iter().any(|i| i.libc == Libc::Glibc
                && i.version.as_deref() == Ok(runtime.as_str())
                && i.arch == Some(std::env::consts::ARCH).filter(|a| *a != "x86")),
            "got {found:?}, want glibc {runtime} for this arch"
        );
    }
}
