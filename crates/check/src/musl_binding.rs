//! Which of a file's imports musl would fail to bind. musl resolves every
//! symbol at start-up (no lazy binding, D02), ignores symbol versions (D03),
//! and prints `Error relocating FILE: SYM: symbol not found` for each one it
//! cannot find, then exits 127.

use crate::dep_walk::is_musl_builtin_name;
use crate::elf_facts::{ElfFacts, Import, Libc};
use crate::musl_exports::MuslExports;
use serde::Serialize;

/// Imports judged against musl's export list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MuslBinding {
    /// Strong libc imports musl does not export: each is a start-up failure.
    pub missing: Vec<String>,
    /// LFS64 imports (`open64` ...): resolved only through musl's loader remap (>= 1.2.4, D04).
    pub lfs64: Vec<String>,
    /// Fortify imports (`__printf_chk` ...): glibc `_FORTIFY_SOURCE` wrappers musl lacks.
    pub fortify: Vec<String>,
    /// Imports that were checked (libc-bound ones).
    pub checked: usize,
}

/// Whether a version-need file name is one of glibc's libc pieces.
pub fn is_libc_family_file(file: &str) -> bool {
    is_musl_builtin_name(file) || file.starts_with("ld-linux") || file.starts_with("ld64.so")
}

/// Whether `import` is expected to come from libc. glibc-linked files version
/// every libc import, so the version's file says it. Unversioned imports are
/// only attributed to libc for programs whose every DT_NEEDED is libc: a
/// library's unversioned imports may come from the program that loads it
/// (`PyLong_FromLong` in a Python extension).
fn is_libc_bound(facts: &ElfFacts, import: &Import) -> bool {
    match &import.from {
        Some(file) => is_libc_family_file(file),
        None => {
            facts.kind.is_program()
                && facts.libc != Libc::Glibc
                && !facts.needed.is_empty()
                && facts.needed.iter().all(|n| is_musl_builtin_name(n))
        }
    }
}

/// Judges `facts`' imports against musl's exports.
pub fn musl_binding(facts: &ElfFacts) -> MuslBinding {
    let exports = MuslExports::get();
    let mut out = MuslBinding::default();
    for import in facts.imports.iter().filter(|i| is_libc_bound(facts, i)) {
        out.checked += 1;
        let name = import.name.as_str();
        if name.ends_with("_chk") && name != "__stack_chk_fail" && name != "__stack_chk_guard" {
            out.fortify.push(name.to_string());
        }
        if exports.presence(name).is_none() && exports.lfs64_base(name).is_some() {
            out.lfs64.push(name.to_string());
        } else if exports.presence(name).is_some_and(|p| !p.archive)
            && exports.lfs64_base(name).is_some()
        {
            // Still in the old libc.so, gone from the newer musl's link-time API.
            out.lfs64.push(name.to_string());
        }
        if !import.weak && !exports.resolves(name) {
            out.missing.push(name.to_string());
        }
    }
    for v in [&mut out.missing, &mut out.lfs64, &mut out.fortify] {
        v.sort();
        v.dedup();
    }
    out
}
