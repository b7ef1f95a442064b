//! Why a binary did or did not start in a rootfs, read from the ELF file and
//! the rootfs (not from the error text), with the fix that works.

use std::path::{Path, PathBuf};

use super::ProcessOutput;
use crate::elf_facts::ElfFacts;

/// Libraries musl's loader searches when no ld-musl-*.path file exists.
const MUSL_DEFAULT_PATH: &[&str] = &["/lib", "/usr/local/lib", "/usr/lib"];

fn in_root(root: &Path, p: &str) -> PathBuf {
    root.join(p.trim_start_matches('/'))
}

/// Follows symlinks the way the chrooted process would: absolute targets are
/// relative to `root`, not to the host. `None` if the chain ends nowhere.
pub fn resolve_in_root(root: &Path, path: &str) -> Option<String> {
    let mut current = PathBuf::from(path);
    for _ in 0..16 {
        let host = in_root(root, current.to_str()?);
        match std::fs::read_link(&host) {
            Ok(target) => {
                current = if target.is_absolute() {
                    target
                } else {
                    current.parent()?.join(target)
                };
            }
            Err(_) => {
                return host
                    .is_file()
                    .then(|| current.to_string_lossy().into_owned())
            }
        }
    }
    None
}

fn musl_target(facts: &ElfFacts) -> &'static str {
    if facts.class == 32 {
        "i686-unknown-linux-musl"
    } else {
        "x86_64-unknown-linux-musl"
    }
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// `bundled`: the environment started the binary through a copied glibc
/// loader (`<loader> --library-path`), not through its PT_INTERP.
pub fn in_rootfs(root: &Path, binary: &Path, out: &ProcessOutput, bundled: bool) -> Option<String> {
    let facts = ElfFacts::read(binary).ok()?;
    let Some(interp) = facts.interpreter.clone() else {
        return out
            .success()
            .then(|| "static binary (no PT_INTERP): needs nothing from the box".to_owned());
    };
    if bundled {
        let verdict = if out.success() {
            "started"
        } else {
            "still failed"
        };
        return Some(format!(
            "PT_INTERP {interp} is not in the box, so the lab copied it and the DT_NEEDED closure ({}) \
             into {} and started `{} --library-path DIR /x`: {verdict}",
            facts.needed.join(", "),
            crate::rootfs::glibc_bundle::lib_dir(facts.class),
            file_name(&interp)
        ));
    }
    let Some(loader) = resolve_in_root(root, &interp) else {
        return Some(format!(
            "PT_INTERP {interp} does not exist in this rootfs, so execve fails with ENOENT and the \
             shell reports the binary itself as not found. Fix: build for musl \
             (`cargo build --target {}`), link statically \
             (`RUSTFLAGS=-Ctarget-feature=+crt-static`), ship the glibc loader and libraries and run \
             through it (`{} --library-path DIR ./x`), or on Alpine `apk add gcompat`",
            musl_target(&facts),
            file_name(&interp)
        ));
    };
    let loader_is_musl = file_name(&loader).starts_with("ld-musl");
    if !loader_is_musl {
        return None;
    }
    if file_name(&interp).starts_with("ld-musl") {
        return out
            .success()
            .then(|| format!("musl binary: PT_INTERP {interp} is the box's own musl loader"));
    }
    if out.success() {
        return Some(format!(
            "PT_INTERP {interp} -> {loader}: musl's loader under glibc's name (libc6-compat); \
             DT_NEEDED {} resolve to musl, and every symbol this binary needs happens to exist in musl",
            facts.needed.join(", ")
        ));
    }
    let missing_libs: Vec<&str> = facts
        .needed
        .iter()
        .filter(|so| {
            !MUSL_DEFAULT_PATH
                .iter()
                .any(|d| resolve_in_root(root, &format!("{d}/{so}")).is_some())
        })
        .map(String::as_str)
        .collect();
    let unwinder = facts.unwinder_symbols();
    let mut why = format!(
        "PT_INTERP {interp} -> {loader}: musl's loader under glibc's name (libc6-compat) loads this glibc binary"
    );
    if !missing_libs.is_empty() {
        why.push_str(&format!(
            "; DT_NEEDED {} is not in the box (libc6-compat only renames libc's own sonames)",
            missing_libs.join(", ")
        ));
    }
    if !unwinder.is_empty() {
        why.push_str(&format!(
            "; it imports {} unwinder symbols ({} ...) that Rust's glibc builds take from libgcc_s and musl does not define",
            unwinder.len(),
            unwinder.iter().take(2).copied().collect::<Vec<_>>().join(", ")
        ));
    }
    why.push_str(&format!(
        ". Fix: build for musl (`cargo build --target {}`), bundle glibc's loader and libraries, or gcompat (`apk add gcompat`) for binaries that only lack glibc-only symbols",
        musl_target(&facts)
    ));
    Some(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_absolute_links_inside_the_root() {
        let root = std::env::temp_dir().join(format!("muslab-explain-{}", std::process::id()));
        std::fs::create_dir_all(root.join("lib")).unwrap();
        std::fs::create_dir_all(root.join("lib64")).unwrap();
        std::fs::write(root.join("lib/ld-musl-x86_64.so.1"), "").unwrap();
        std::os::unix::fs::symlink(
            "/lib/ld-musl-x86_64.so.1",
            root.join("lib64/ld-linux-x86-64.so.2"),
        )
        .unwrap();
        std::os::unix::fs::symlink("/nowhere", root.join("lib/dangling")).unwrap();
        assert_eq!(
            resolve_in_root(&root, "/lib64/ld-linux-x86-64.so.2").as_deref(),
            Some("/lib/ld-musl-x86_64.so.1")
        );
        assert_eq!(resolve_in_root(&root, "/lib/dangling"), None);
        assert_eq!(resolve_in_root(&root, "/lib/ld-linux.so.2"), None);
        std::fs::remove_dir_all(root).unwrap();
    }
}
