//! The build targets muslab compiles every probe for.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Libc;

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

    /// A triple given on a command line: a Linux triple whose environment
    /// names the libc (`-gnu*` or `-musl*`), the only kind the lab can build.
    pub fn parse(triple: &str) -> Result<Self, String> {
        let target = Target::new(triple);
        if target.libc == Libc::Other || !triple.contains("-linux-") {
            return Err(format!(
                "unknown target '{triple}': give a Linux triple ending in -gnu or -musl, e.g. x86_64-unknown-linux-musl"
            ));
        }
        Ok(target)
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

/// The targets `make probes` builds, in display order. The aarch64 builds
/// run under qemu-aarch64-static on an x86_64 machine.
pub const DEFAULT_TRIPLES: [&str; 6] = [
    "x86_64-unknown-linux-gnu",
    "x86_64-unknown-linux-musl",
    "i686-unknown-linux-gnu",
    "i686-unknown-linux-musl",
    "aarch64-unknown-linux-gnu",
    "aarch64-unknown-linux-musl",
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

    #[test]
    fn command_line_triples_must_name_a_libc() {
        assert_eq!(
            Target::parse("x86_64-unknown-linux-gnu").map(|t| t.libc),
            Ok(Libc::Glibc)
        );
        for bad in ["x86_64", "x86_64-apple-darwin", "mips-unknown-linux-uclibc"] {
            let got = Target::parse(bad);
            assert!(got.is_err(), "got {got:?} for {bad:?}, want an error");
        }
    }
}
