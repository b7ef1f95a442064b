//! Which musl a root's loader is. musl's libc.so (which is its loader)
//! carries its version as a plain string for `ldd`'s banner; no symbol or
//! version section says it. The version decides DT_RELR support: musl
//! 1.2.4 and later apply RELR relocations; older loaders skip them and the
//! process crashes on its first relocated pointer.

use crate::elf_facts::ElfFacts;
use crate::floors::DottedVersion;
use crate::rootfs::Rootfs;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The musl the models assume unless told otherwise: Alpine's current.
pub const MODEL_DEFAULT: &str = "1.2.5";

/// The first musl that applies DT_RELR relocations.
pub fn relr_since() -> DottedVersion {
    DottedVersion(vec![1, 2, 4])
}

/// Reads the version string out of a musl libc.so / ld-musl file (cached per path).
pub fn musl_version_of(path: &Path) -> Option<DottedVersion> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<DottedVersion>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|m| m.get(path).cloned()) {
        return hit;
    }
    let found = std::fs::read(path).ok().and_then(|b| version_in(&b));
    if let Ok(mut m) = cache.lock() {
        m.insert(path.to_path_buf(), found.clone());
    }
    found
}

/// The version of the musl loader `rootfs` holds for files like `facts`
/// (`None` when the root has no musl loader for that machine, or its
/// version cannot be read).
pub fn musl_version_in(rootfs: &Rootfs, facts: &ElfFacts) -> Option<DottedVersion> {
    let loader = rootfs.lookup(facts.machine.musl_loader?)?;
    musl_version_of(&loader)
}

/// A NUL-delimited string `1.N.N` in the image.
fn version_in(bytes: &[u8]) -> Option<DottedVersion> {
    bytes
        .split(|&b| b == 0)
        .filter(|s| s.len() >= 5 && s.len() <= 10 && s.starts_with(b"1."))
        .filter(|s| s.iter().all(|&b| b.is_ascii_digit() || b == b'.'))
        .filter(|s| s.iter().filter(|&&b| b == b'.').count() == 2)
        .find_map(|s| DottedVersion::parse(std::str::from_utf8(s).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_version_string() {
        let img = b"\x7fELF\0musl libc (%s)\0Version %s\0\x001.2.3\0/lib\0";
        assert_eq!(version_in(img), DottedVersion::parse("1.2.3"));
        assert_eq!(version_in(b"\0abc\x001.2\0"), None);
    }
}
