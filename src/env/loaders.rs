//! Which ELF interpreters exist on the box. A binary whose PT_INTERP is not
//! among them fails to start with the shell's `not found` (seed S1).

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::{Check, Observed};

/// The interpreters glibc and musl binaries ask for on the architectures
/// muslab builds for.
pub const KNOWN_LOADERS: &[&str] = &[
    "/lib64/ld-linux-x86-64.so.2",
    "/lib/ld-linux.so.2",
    "/lib/ld-linux-aarch64.so.1",
    "/lib/ld-musl-x86_64.so.1",
    "/lib/ld-musl-i386.so.1",
    "/lib/ld-musl-aarch64.so.1",
];

pub fn check(root: &Path) -> Check {
    let found: Vec<String> = KNOWN_LOADERS
        .iter()
        .filter_map(|path| describe(root, path))
        .collect();
    Check::new(Id::Env, "loaders", "dynamic loaders present").ok(
        Observed::List(found),
        "glibc binaries need /lib64/ld-linux-x86-64.so.2 (x86_64) or /lib/ld-linux.so.2 (i686)",
    )
}

fn describe(root: &Path, path: &str) -> Option<String> {
    let full = root.join(path.trim_start_matches('/'));
    let meta = std::fs::symlink_metadata(&full).ok()?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(&full).ok()?;
        let dangling = std::fs::metadata(&full).is_err();
        Some(format!(
            "{path} -> {}{}",
            target.display(),
            if dangling { " (dangling)" } else { "" }
        ))
    } else {
        Some(path.to_owned())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_symlinked_and_dangling_loaders() {
        let dir = std::env::temp_dir().join(format!("muslab-loaders-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        std::fs::create_dir_all(dir.join("lib64")).unwrap();
        std::fs::write(dir.join("lib/ld-musl-x86_64.so.1"), b"").unwrap();
        std::os::unix::fs::symlink("/lib/nowhere", dir.join("lib64/ld-linux-x86-64.so.2")).unwrap();
        let c = super::check(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            c.observed,
            muslab_report::Observed::List(vec![
                "/lib64/ld-linux-x86-64.so.2 -> /lib/nowhere (dangling)".into(),
                "/lib/ld-musl-x86_64.so.1".into()
            ])
        );
    }
}
