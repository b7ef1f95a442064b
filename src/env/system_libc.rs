//! The C library installed on the box (not the one this probe carries).
//!
//! glibc's libc.so.6 embeds "... release version X.Y" in its banner, so the
//! file is read, not run. musl's banner is printed only when its loader is
//! executed without arguments ("musl libc (x86_64)\nVersion 1.2.3"), so the
//! loader is run with a timeout.

use muslab_catalogue::Id;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab_report::{Check, Observed};
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

pub fn checks(root: &Path) -> Vec<Check> {
    vec![glibc(root), musl(root)]
}

fn glibc(root: &Path) -> Check {
    let check = Check::new(Id::Env, "system-glibc", "system glibc (libc.so.6)");
    let mut found = Vec::new();
    for dir in GLIBC_DIRS {
        let path = root.join(dir.trim_start_matches('/')).join("libc.so.6");
        let Ok(canonical) = std::fs::canonicalize(&path) else {
            continue;
        };
        if found
            .iter()
            .any(|(c, _): &(std::path::PathBuf, String)| *c == canonical)
        {
            continue;
        }
        let version = std::fs::read(&path)
            .ok()
            .and_then(|bytes| banner_version(&bytes))
            .unwrap_or_else(|| "version not found in file".into());
        found.push((canonical, format!("{dir}/libc.so.6: {version}")));
    }
    check.ok(
        Observed::List(found.into_iter().map(|(_, s)| s).collect()),
        "",
    )
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

fn musl(root: &Path) -> Check {
    let check = Check::new(Id::Env, "system-musl", "system musl (ld-musl)");
    let mut found = Vec::new();
    for loader in MUSL_LOADERS {
        let path = root.join(loader.trim_start_matches('/'));
        if !path.exists() {
            continue;
        }
        let described = match run_banner(&path, Duration::from_secs(2)) {
            Ok(text) => musl_banner_version(&text)
                .unwrap_or_else(|| format!("no version in banner {:?}", text.trim())),
            Err(e) => format!("could not run: {e}"),
        };
        found.push(format!("{loader}: {described}"));
    }
    check.ok(Observed::List(found), "")
}

/// "musl libc (x86_64)\nVersion 1.2.3\n..." → "1.2.3".
pub fn musl_banner_version(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Version "))
        .map(|v| v.trim().to_owned())
}

/// The loader run without arguments prints its banner on stderr and exits 1.
fn run_banner(path: &Path, timeout: Duration) -> std::io::Result<String> {
    let out = muslab_sys::process::run(Command::new(path), timeout)?;
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
    fn finds_this_machines_glibc() {
        let c = glibc(Path::new("/"));
        let runtime = muslab_sys::libc_version::runtime().unwrap();
        let Observed::List(items) = c.observed else {
            panic!()
        };
        assert!(
            items.iter().any(|i| i.ends_with(&format!(": {runtime}"))),
            "{items:?}"
        );
    }
}
