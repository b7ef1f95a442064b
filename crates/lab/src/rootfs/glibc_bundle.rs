//! The "ship the libraries with it" fix for a glibc binary in a musl box:
//! copy its loader (PT_INTERP) and every library it needs (DT_NEEDED,
//! transitively) from this host into the rootfs, then start it through that
//! loader with `--library-path`, which needs nothing from the box's /lib.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::elf_facts::ElfFacts;

use super::layout::GLIBC_DIR;

/// Where a copied glibc of a word size lives inside the rootfs.
pub fn lib_dir(class: u8) -> String {
    format!("{GLIBC_DIR}/lib{class}")
}

fn host_dirs(class: u8) -> &'static [&'static str] {
    if class == 32 {
        &[
            "/lib32",
            "/usr/lib32",
            "/lib/i386-linux-gnu",
            "/usr/lib/i386-linux-gnu",
        ]
    } else {
        &[
            "/lib/x86_64-linux-gnu",
            "/usr/lib/x86_64-linux-gnu",
            "/lib64",
            "/usr/lib64",
        ]
    }
}

/// The command line (inside the rootfs) that starts `subject` through its
/// bundled loader, after copying what it needs; `None` for a binary without
/// PT_INTERP, which needs no loader and runs as it is.
pub fn prepare(rootfs: &Path, binary: &Path, subject: &str) -> Result<Option<String>, String> {
    if !wants_bundle(binary)? {
        return Ok(None);
    }
    let facts = ElfFacts::read(binary)?;
    let interp = facts.interpreter.clone().unwrap_or_default();
    let dir_in_root = lib_dir(facts.class);
    let dir = rootfs.join(dir_in_root.trim_start_matches('/'));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let loader_name = Path::new(&interp)
        .file_name()
        .ok_or_else(|| format!("odd PT_INTERP {interp}"))?
        .to_owned();
    copy_if_changed(Path::new(&interp), &dir.join(&loader_name))?;
    let mut seen = BTreeSet::new();
    let mut queue = facts.needed.clone();
    while let Some(soname) = queue.pop() {
        if !seen.insert(soname.clone()) {
            continue;
        }
        let host = find(&soname, facts.class).ok_or_else(|| {
            format!(
                "cannot bundle {}: {soname} is not on this host (looked in {})",
                binary.display(),
                host_dirs(facts.class).join(", ")
            )
        })?;
        copy_if_changed(&host, &dir.join(&soname))?;
        queue.extend(ElfFacts::read(&host)?.needed);
    }
    Ok(Some(format!(
        "{dir_in_root}/{} --library-path {dir_in_root} {subject}",
        loader_name.to_string_lossy()
    )))
}

/// Whether `binary` is a glibc binary (PT_INTERP is a glibc loader,
/// ld-linux*.so.*) that this fix applies to; static and musl binaries run as
/// they are.
pub fn wants_bundle(binary: &Path) -> Result<bool, String> {
    let facts = ElfFacts::read(binary)?;
    Ok(facts
        .interpreter
        .as_deref()
        .and_then(|i| i.rsplit('/').next())
        .is_some_and(|n| n.starts_with("ld-linux")))
}

fn find(soname: &str, class: u8) -> Option<PathBuf> {
    host_dirs(class)
        .iter()
        .map(|d| Path::new(d).join(soname))
        .find(|p| p.is_file())
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<(), String> {
    let want = std::fs::metadata(from).map_err(|e| format!("{}: {e}", from.display()))?;
    if std::fs::metadata(to).map(|m| m.len()).ok() == Some(want.len()) {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}
