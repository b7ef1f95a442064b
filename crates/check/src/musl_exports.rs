//! The symbols musl exports, generated from real musl artefacts by
//! `src/bin/gen-musl-exports.rs` into `data/musl-exports.txt` (which records
//! the files and musl versions it came from). Embedded at compile time.

use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../data/musl-exports.txt");

/// Where a symbol is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// In the dynamic `libc.so` (what a dynamically linked binary binds to).
    pub shared: bool,
    /// In the static `libc.a` of the newer musl (what `*-linux-musl` builds link).
    pub archive: bool,
}

/// The export list plus its provenance lines.
#[derive(Debug)]
pub struct MuslExports {
    symbols: HashMap<&'static str, Presence>,
    /// The `# source ...` header lines of the data file.
    pub provenance: Vec<&'static str>,
}

impl MuslExports {
    /// Parses the embedded data file once.
    pub fn get() -> &'static MuslExports {
        static CELL: OnceLock<MuslExports> = OnceLock::new();
        CELL.get_or_init(|| Self::parse(DATA))
    }

    fn parse(text: &'static str) -> Self {
        let mut symbols = HashMap::new();
        let mut provenance = Vec::new();
        for line in text.lines() {
            if let Some(src) = line.strip_prefix("# source ") {
                provenance.push(src);
                continue;
            }
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (name, src) = line.split_once('\t').unwrap_or((line, ""));
            let presence = Presence {
                shared: src.contains("so"),
                archive: src.split('+').any(|s| s == "a"),
            };
            symbols.insert(name, presence);
        }
        Self {
            symbols,
            provenance,
        }
    }

    /// Where (if anywhere) musl exports `name`.
    pub fn presence(&self, name: &str) -> Option<Presence> {
        self.symbols.get(name).copied()
    }

    /// Whether musl's dynamic loader resolves `name` from libc.
    ///
    /// musl 1.2.4 removed the LFS64 aliases (`open64` ...) from its link-time
    /// API but its loader still maps an old binary's `xxx64` import to `xxx`
    /// (D04) for the names in [`LFS64_REMAPPED`]; other `*64` names
    /// (`fcntl64`, glibc's time64 redirect) stay unresolved.
    pub fn resolves(&self, name: &str) -> bool {
        self.symbols.contains_key(name) || self.lfs64_base(name).is_some()
    }

    /// For an LFS64 name musl's loader remaps (`open64` -> `open`,
    /// `readdir64_r` -> `readdir_r`), the name it binds to when musl exports it.
    pub fn lfs64_base<'n>(&self, name: &'n str) -> Option<&'n str> {
        let base = if name == "readdir64_r" {
            "readdir_r"
        } else {
            name.strip_suffix("64")?
        };
        (LFS64_REMAPPED.contains(&base) && self.symbols.contains_key(base)).then_some(base)
    }

    /// Number of symbols known.
    pub fn len(&self) -> usize {
        self.symbols.len()
    }

    /// Whether the list is empty (it never is when built from the data file).
    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }
}

/// The base names whose `*64` form musl's loader (>= 1.2.4, `get_lfs64`
/// in ldso/dynlink.c) binds to the base symbol; before 1.2.4 libc.so
/// exported the same `*64` names as aliases. `fcntl64` is not among them:
/// musl never had it (glibc 2.28 added it).
pub const LFS64_REMAPPED: &[&str] = &[
    "aio_cancel",
    "aio_error",
    "aio_fsync",
    "aio_read",
    "aio_return",
    "aio_suspend",
    "aio_write",
    "alphasort",
    "creat",
    "fallocate",
    "fgetpos",
    "fopen",
    "freopen",
    "fseeko",
    "fsetpos",
    "fstat",
    "fstatat",
    "fstatfs",
    "fstatvfs",
    "ftello",
    "ftruncate",
    "ftw",
    "getdents",
    "getrlimit",
    "glob",
    "globfree",
    "lio_listio",
    "lockf",
    "lseek",
    "lstat",
    "mkostemp",
    "mkostemps",
    "mkstemp",
    "mkstemps",
    "mmap",
    "nftw",
    "open",
    "openat",
    "posix_fadvise",
    "posix_fallocate",
    "pread",
    "preadv",
    "prlimit",
    "pwrite",
    "pwritev",
    "readdir",
    "readdir_r",
    "scandir",
    "sendfile",
    "setrlimit",
    "stat",
    "statfs",
    "statvfs",
    "tmpfile",
    "truncate",
    "versionsort",
    "__fxstat",
    "__fxstatat",
    "__lxstat",
    "__xstat",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_has_provenance_and_real_content() {
        let m = MuslExports::get();
        assert!(m.len() > 1000, "only {} symbols", m.len());
        assert!(m
            .provenance
            .iter()
            .any(|p| p.starts_with("so:") && p.contains("musl 1.")));
        assert!(m
            .provenance
            .iter()
            .any(|p| p.starts_with("a:") && p.contains("musl 1.")));
    }
}
