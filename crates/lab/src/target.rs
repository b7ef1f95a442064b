//! The build targets muslab compiles every probe for.

use std::path::{Path, PathBuf};

use muslab_report::Libc;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Target {
    pub triple: String,
    pub arch: String,
    pub libc: Libc,
}

impl Target {
    pub fn new(triple: &str) -> Self {
        let arch = triple.split('-').next().unwrap_or(triple).to_owned();
        let libc = if triple.ends_with("-musl") {
            Libc::Musl
        } else if triple.ends_with("-gnu") {
            Libc::Glibc
        } else {
            Libc::Other
        };
        Target {
            triple: triple.to_owned(),
            arch,
            libc,
        }
    }

    /// "x86_64 musl": the short name used in column headers.
    pub fn short(&self) -> String {
        format!("{} {}", self.arch, self.libc)
    }

    /// Where `make probes` puts this target's probe binaries.
    pub fn probe_dir(&self, build_dir: &Path) -> PathBuf {
        build_dir.join(&self.triple).join("probe")
    }
}

/// The four targets of the foundation, in display order.
pub const DEFAULT_TRIPLES: [&str; 4] = [
    "x86_64-unknown-linux-gnu",
    "x86_64-unknown-linux-musl",
    "i686-unknown-linux-gnu",
    "i686-unknown-linux-musl",
];

pub fn default_targets() -> Vec<Target> {
    DEFAULT_TRIPLES.iter().map(|t| Target::new(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_triples() {
        let t = Target::new("i686-unknown-linux-musl");
        assert_eq!(t.arch, "i686");
        assert_eq!(t.libc, Libc::Musl);
        assert_eq!(t.short(), "i686 musl");
    }
}
