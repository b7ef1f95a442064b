//! The "ship the libraries with it" fix for a glibc binary in a musl box:
//! copy its loader (PT_INTERP) and every library it needs (DT_NEEDED,
//! transitively) from this host into the rootfs, then start it through that
//! loader with `--library-path`, which needs nothing from the box's /lib.

use std::path::Path;

use muslab_check::dep_walk::{walk, LoaderKind};
use muslab_check::elf_facts::ElfFacts;
use muslab_check::read_source::{read_elf_file, FactsCache};
use muslab_check::rootfs::Rootfs;

use super::layout::GLIBC_DIR;

/// Where a copied glibc of a word size lives inside the rootfs.
pub fn lib_dir(class: u8) -> String {
    format!("{GLIBC_DIR}/lib{class}")
}

fn facts_of(binary: &Path) -> Result<ElfFacts, String> {
    read_elf_file(binary).map_err(|e| format!("{}: {e}", binary.display()))
}

/// The command line (inside the rootfs) that starts `subject` through its
/// bundled loader, after copying what it needs; `None` for a binary without
/// a glibc PT_INTERP, which runs as it is. The libraries are the ones this
/// host's glibc loader would load: check's dependency walk over `/`, with
/// RPATH/RUNPATH and the class of each library checked.
pub fn prepare(rootfs: &Path, binary: &Path, subject: &str) -> Result<Option<String>, String> {
    let facts = facts_of(binary)?;
    let Some(interp) = glibc_interpreter(&facts) else {
        return Ok(None);
    };
    let dir_in_root = lib_dir(facts.class);
    let dir = rootfs.join(dir_in_root.trim_start_matches('/'));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let loader_name = Path::new(interp)
        .file_name()
        .ok_or_else(|| format!("odd PT_INTERP {interp}"))?
        .to_owned();
    copy_if_changed(Path::new(interp), &dir.join(&loader_name))?;
    let host = Rootfs::new("/");
    let inside = std::fs::canonicalize(binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .to_string_lossy()
        .into_owned();
    let deps = walk(
        &host,
        &FactsCache::default(),
        &facts,
        &inside,
        LoaderKind::Glibc,
    );
    if let Some(m) = deps.missing.first() {
        return Err(format!(
            "cannot bundle {}: {} (needed by {}) is not on this host",
            binary.display(),
            m.name,
            m.needed_by
        ));
    }
    for lib in &deps.loaded {
        copy_if_changed(Path::new(&lib.inside), &dir.join(&lib.needed_name))?;
    }
    Ok(Some(format!(
        "{dir_in_root}/{} --library-path {dir_in_root} {subject}",
        loader_name.to_string_lossy()
    )))
}

/// PT_INTERP when it is a glibc loader (ld-linux*.so.*): the binaries this
/// fix applies to; static and musl binaries run as they are.
fn glibc_interpreter(facts: &ElfFacts) -> Option<&str> {
    facts.interpreter.as_deref().filter(|i| {
        i.rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with("ld-linux"))
    })
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
