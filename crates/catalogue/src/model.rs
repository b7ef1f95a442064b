//! The shape of one catalogue entry. Everything is `'static` data, so the
//! registry is a set of constants checked by the compiler and the tests.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Id;

/// Which C library a build uses, read from the binary itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Libc {
    Glibc,
    Musl,
    Other,
}

impl fmt::Display for Libc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
            Libc::Other => "other",
        })
    }
}

/// The part of the system a row is about; the documentation groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// A scenario users meet, made of one or more differences.
    Seed,
    LoaderAndAbi,
    NameResolution,
    LocaleAndText,
    CLibraryApi,
    /// The box or the container engine, not the libc.
    Environment,
    /// Rows the lab adds itself (`ENV`, `RUN`).
    Lab,
}

impl Area {
    pub fn heading(self) -> &'static str {
        match self {
            Area::Seed => "Seed scenarios",
            Area::LoaderAndAbi => "Loader and ABI",
            Area::NameResolution => "Name resolution",
            Area::LocaleAndText => "Locale and text",
            Area::CLibraryApi => "C library API behaviour",
            Area::Environment => "Environment rows (the box, not the libc)",
            Area::Lab => "Rows the lab adds",
        }
    }
}

/// Where a claim comes from. Named by file, version or address: a claim
/// is something to verify, and the reader must be able to find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "at", rename_all = "kebab-case")]
pub enum Source {
    /// A file in musl's source tree (`src/thread/pthread_create.c`).
    MuslSource(&'static str),
    /// musl's WHATSNEW, at the release named.
    MuslWhatsNew(&'static str),
    /// The musl wiki page "Functional differences from glibc".
    MuslWiki,
    /// A file in glibc's source tree.
    GlibcSource(&'static str),
    /// glibc's NEWS, at the release named.
    GlibcNews(&'static str),
    /// A Linux man page (`strptime(3)`).
    ManPage(&'static str),
    /// A bug report or issue, by address.
    Bug(&'static str),
    /// Anything else, described in words.
    Other(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::MuslSource(file) => write!(f, "musl {file}"),
            Source::MuslWhatsNew(v) => write!(f, "musl WHATSNEW {v}"),
            Source::MuslWiki => f.write_str("musl wiki, Functional differences from glibc"),
            Source::GlibcSource(file) => write!(f, "glibc {file}"),
            Source::GlibcNews(v) => write!(f, "glibc NEWS {v}"),
            Source::ManPage(page) => write!(f, "man {page}"),
            Source::Bug(url) => f.write_str(url),
            Source::Other(what) => f.write_str(what),
        }
    }
}

/// What one libc does, according to a source (not measured).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Claim {
    pub libc: Libc,
    /// The versions the claim is about, where the row is about versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<&'static str>,
    pub says: &'static str,
    pub source: Source,
}

/// The kind of file a fix applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applies {
    /// Your own Rust program (you can rebuild it).
    RustProgram,
    /// Your own C program.
    CProgram,
    /// A program you cannot rebuild (from a vendor).
    Prebuilt,
    /// A distribution's program or library (`/usr/bin/python3`, `/bin/ls`):
    /// its package exists for the other libc.
    Distribution,
    /// A Python wheel.
    Wheel,
    /// A Node.js native addon (`.node`), published per libc.
    NodeAddon,
    /// The box or container image the program runs in.
    Image,
    /// Any of the above.
    Any,
}

impl Applies {
    pub fn phrase(self) -> &'static str {
        match self {
            Applies::RustProgram => "your own Rust program",
            Applies::CProgram => "your own C program",
            Applies::Prebuilt => "a program you cannot rebuild",
            Applies::Distribution => "a distribution's program",
            Applies::Wheel => "a wheel",
            Applies::NodeAddon => "a Node addon",
            Applies::Image => "the image",
            Applies::Any => "any",
        }
    }
}

/// One command of a fix. `{arch}`, `{rust_arch}`, `{prog}`, `{interp}`,
/// `{interp_name}` are filled in by `muslab check` for the file at hand.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Command {
    pub applies: Applies,
    pub line: &'static str,
}

/// One fix; an entry lists them best first.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fix {
    /// Stable name (`rebuild-musl`), shared with `muslab check --json`.
    pub name: &'static str,
    pub title: &'static str,
    /// Why it helps, and its limits.
    pub why: &'static str,
    pub commands: &'static [Command],
}

/// What in an ELF file exposes it to a row when it runs on the other libc.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "kind", content = "symbols", rename_all = "kebab-case")]
pub enum ExposedBy {
    /// Importing any of these symbols (exact names).
    Imports(&'static [&'static str]),
    /// `pthread_create` imported without `pthread_attr_setstacksize` or
    /// `pthread_attr_setstack`: threads get the libc's default stack.
    ThreadsWithDefaultStack,
    /// Imports musl binds only through its LFS64 compatibility remap.
    Lfs64Imports,
    /// IFUNC symbols or IRELATIVE relocations.
    Ifunc,
    /// Nothing an ELF file's symbols show.
    Nothing,
}

/// A value a claim states for one probe case on one libc, typed so the lab
/// can compare it with a measurement without parsing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Expected {
    Bytes(u64),
    Int(i64),
    Text(&'static str),
    /// The probe's own word list sorted by bytes (strcmp order).
    ByteOrderedWords,
}

/// A claim stated as a value the probe measures, checked by the matrix:
/// a measurement that differs is shown as a contradiction, never replaced.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ValueClaim {
    /// The probe's case within the row (`default-attr`).
    pub case: &'static str,
    pub libc: Libc,
    pub expected: Expected,
    /// What the claim is and where it comes from, in one line.
    pub source: &'static str,
}

/// One row of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Entry {
    pub id: Id,
    pub area: Area,
    pub title: &'static str,
    pub claims: &'static [Claim],
    /// Why the libcs differ, without measured values.
    pub why: &'static str,
    pub fixes: &'static [Fix],
    /// Texts users see when the row bites them.
    pub symptoms: &'static [&'static str],
    pub exposed_by: ExposedBy,
    /// Values the probes measure that the claims predict.
    pub values: &'static [ValueClaim],
    /// Whether a probe observes this row yet.
    pub observed: bool,
}
