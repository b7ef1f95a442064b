//! What `muslab check` reads out of one ELF file: plain data, no judgement.
//! The judging lives in `floors`, `catalogue` and `predict`.

use crate::export_set::ExportSet;
use crate::machine::Machine;
use serde::Serialize;

/// How the file is linked and whether the kernel can run it directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// ET_EXEC with PT_INTERP: the kernel starts the dynamic loader first.
    Executable,
    /// ET_DYN with PT_INTERP (and no SONAME, or DF_1_PIE): position-independent executable.
    Pie,
    /// ET_EXEC without PT_INTERP: no loader, libc linked in.
    Static,
    /// ET_DYN with DF_1_PIE but no PT_INTERP: relocates itself (glibc `-static-pie`, musl rcrt1).
    StaticPie,
    /// ET_DYN library (has a SONAME or no entry point).
    SharedLibrary,
    /// ET_REL object file: never run directly.
    Relocatable,
    /// A separate debug-info file (code stripped out, headers kept): never run.
    DebugInfo,
    /// ET_CORE and anything else.
    Other,
}

impl FileKind {
    /// Whether the file is a program one can execute (libraries can be, rarely, but are judged as libraries).
    pub fn is_program(self) -> bool {
        matches!(
            self,
            Self::Executable | Self::Pie | Self::Static | Self::StaticPie
        )
    }
    /// Whether the file needs no dynamic loader.
    pub fn is_static(self) -> bool {
        matches!(self, Self::Static | Self::StaticPie)
    }
    /// The word printed in reports.
    pub fn label(self) -> &'static str {
        match self {
            Self::Executable => "executable",
            Self::Pie => "pie",
            Self::Static => "static",
            Self::StaticPie => "static-pie",
            Self::SharedLibrary => "shared-library",
            Self::Relocatable => "relocatable",
            Self::DebugInfo => "debug-info",
            Self::Other => "other",
        }
    }
}

/// One undefined dynamic symbol: something the loader must find at start-up
/// (musl binds everything at start-up; glibc binds functions lazily, D02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Import {
    pub name: String,
    /// Symbol version required (`GLIBC_2.34`), from `.gnu.version_r`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The library that version belongs to (`libc.so.6`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Weak references may stay unresolved on both libcs (they become 0).
    pub weak: bool,
}

/// Entries of `.gnu.version_r`: which versions of which library are needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionNeed {
    pub file: String,
    pub versions: Vec<String>,
}

/// PT_GNU_STACK. `size` matters on musl >= 1.1.21, which uses it as the
/// default thread stack size (glibc ignores it; S2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GnuStack {
    pub executable: bool,
    pub size: u64,
}

/// Which libc a file was linked against, as far as the file itself shows:
/// the report model's [`Libc`], whose `Other` means nothing ties the file to
/// a libc (a static Go binary, a stripped static file without ABI note).
pub use muslab_report::Libc;

/// The word check prints for a file's libc (`unknown-libc` when `Other`).
pub fn libc_label(libc: Libc) -> &'static str {
    match libc {
        Libc::Glibc => "glibc",
        Libc::Musl => "musl",
        Libc::Other => "unknown-libc",
    }
}

/// `muslab-check/1` spells `Other` as `unknown` (SCHEMA.md, `elf.libc`).
fn serialize_libc<S: serde::Serializer>(libc: &Libc, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match libc {
        Libc::Glibc => "glibc",
        Libc::Musl => "musl",
        Libc::Other => "unknown",
    })
}

/// Everything read from one ELF file.
#[derive(Debug, Clone, Serialize)]
pub struct ElfFacts {
    /// 32 or 64.
    pub class: u8,
    pub machine: Machine,
    pub e_machine: u16,
    /// EI_OSABI as a name (`sysv`, `gnu`, `freebsd`, or the number).
    pub os_abi: String,
    pub kind: FileKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    pub needed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soname: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rpath: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runpath: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub version_needs: Vec<VersionNeed>,
    /// Versions this file defines (`.gnu.version_d`), e.g. all `GLIBC_x.y` of libc.so.6.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub version_defs: Vec<String>,
    #[serde(skip)]
    pub imports: Vec<Import>,
    /// Defined dynamic symbols (not serialised: can be tens of thousands).
    #[serde(skip)]
    pub exports: ExportSet,
    /// Functions a static file's `.symtab` defines that the catalogue ties
    /// to rows: what a dynamic file would import (a static one has no
    /// `.dynsym`). Empty for stripped files.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<String>,
    /// Defined STT_GNU_IFUNC symbols (D05).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ifunc_symbols: Vec<String>,
    /// Number of IRELATIVE dynamic relocations: musl's loader rejects them (D05).
    pub irelative_relocations: usize,
    /// PT_TLS present.
    pub tls: bool,
    /// Required x86-64 ISA level from `.note.gnu.property` (`x86-64-v3` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x86_isa_needed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gnu_stack: Option<GnuStack>,
    /// `.note.ABI-tag` (`Linux 3.2.0`): glibc's crt1.o carries it, musl's does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abi_tag: Option<String>,
    /// DT_RELR packed relocations: glibc >= 2.36, musl >= 1.2.4.
    pub relr: bool,
    /// Which libc the file was linked against.
    #[serde(serialize_with = "serialize_libc")]
    pub libc: Libc,
    /// `.dynsym` could not be read in full (outside the file, or hostile in
    /// size): what rests on imports and exports is unsure (see `warnings`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub symbols_incomplete: bool,
    /// Problems that did not stop the reading (e.g. a malformed version section).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}
