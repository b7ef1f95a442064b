//! Tells which libc a file was linked against, from what the file shows.
//!
//! Dynamic files say it outright: the interpreter (`ld-linux*` is glibc,
//! `ld-musl-*` is musl), `libc.so.6` (glibc's soname) versus `libc.so`
//! (musl's), or `GLIBC_*` symbol versions. Static files only hint: glibc's
//! `crt1.o` carries a `.note.ABI-tag` note, musl's does not, and an unstripped
//! symbol table names each libc's internals (`__libc_setup_tls` in glibc,
//! `__init_libc` in musl).

use crate::elf_facts::{ElfFacts, Libc};

/// Internal symbols seen in a static file's `.symtab`.
#[derive(Debug, Default)]
pub struct StaticMarkers {
    pub glibc: bool,
    pub musl: bool,
}

impl StaticMarkers {
    /// Looks at one defined symbol name.
    pub fn note(&mut self, name: &str) {
        match name {
            "__libc_setup_tls"
            | "_dl_discover_osversion"
            | "__libc_multiple_libcs"
            | "_IO_stdin_used" => self.glibc = true,
            "__init_libc" | "__libc_start_init" | "__init_tp" => self.musl = true,
            _ => {}
        }
    }
}

/// Decides the flavour; see the module doc for the evidence used.
pub fn detect(facts: &ElfFacts, markers: &StaticMarkers) -> Libc {
    if let Some(interp) = &facts.interpreter {
        let base = interp.rsplit('/').next().unwrap_or(interp);
        if base.starts_with("ld-musl-") {
            return Libc::Musl;
        }
        if base.starts_with("ld-linux") || base.starts_with("ld64.so") || base == "ld.so.1" {
            return Libc::Glibc;
        }
    }
    if facts.needed.iter().any(|n| n == "libc.so.6") {
        return Libc::Glibc;
    }
    if facts
        .version_needs
        .iter()
        .any(|v| v.versions.iter().any(|n| n.starts_with("GLIBC_")))
    {
        return Libc::Glibc;
    }
    if facts
        .needed
        .iter()
        .any(|n| n == "libc.so" || n.starts_with("libc.musl-"))
    {
        return Libc::Musl;
    }
    if markers.musl && !markers.glibc {
        return Libc::Musl;
    }
    if markers.glibc || facts.abi_tag.is_some() {
        return Libc::Glibc;
    }
    Libc::Other
}
