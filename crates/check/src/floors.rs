//! Version floors: the oldest runtime a file can start with, read from the
//! symbol versions it needs. glibc's loader refuses to start a program whose
//! `.gnu.version_r` names a `GLIBC_x.y` that the installed libc.so.6 does not
//! define ("version `GLIBC_2.34' not found"); libstdc++ (`GLIBCXX_`, `CXXABI_`)
//! and libgcc_s (`GCC_`) work the same way. musl ignores symbol versions (D03).

use crate::elf_facts::ElfFacts;
use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

/// A dotted version such as `2.34` or `3.4.29`.
/// Equality and order ignore trailing zeros: `2.17` == `2.17.0`.
#[derive(Debug, Clone, Serialize)]
#[serde(into = "String")]
pub struct DottedVersion(pub Vec<u32>);

impl DottedVersion {
    /// Parses `2.34`, `3.4.29`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        let parts: Option<Vec<u32>> = s.split('.').map(|p| p.parse().ok()).collect();
        parts.filter(|p| !p.is_empty() && p.len() <= 4).map(Self)
    }
}

impl Ord for DottedVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.0.len().max(other.0.len());
        (0..n)
            .map(|i| {
                self.0
                    .get(i)
                    .unwrap_or(&0)
                    .cmp(other.0.get(i).unwrap_or(&0))
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}
impl PartialEq for DottedVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for DottedVersion {}
impl PartialOrd for DottedVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl fmt::Display for DottedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s: Vec<String> = self.0.iter().map(u32::to_string).collect();
        write!(f, "{}", s.join("."))
    }
}
impl From<DottedVersion> for String {
    fn from(v: DottedVersion) -> String {
        v.to_string()
    }
}

/// glibc ABI markers that are versions without a number: each appeared in a release.
/// `GLIBC_ABI_DT_RELR` is added by `ld -z pack-relative-relocs` (glibc 2.36).
fn abi_marker_version(name: &str) -> Option<DottedVersion> {
    match name {
        "GLIBC_ABI_DT_RELR" => DottedVersion::parse("2.36"),
        _ => None,
    }
}

/// One floor: the highest version needed under a prefix, and the symbols that need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Floor {
    /// `GLIBC`, `GLIBCXX`, `CXXABI` or `GCC`.
    pub family: &'static str,
    pub version: DottedVersion,
    /// The version name as written in the file (`GLIBC_2.34`).
    pub version_name: String,
    /// Imported symbols bound to that version (the ones to avoid to lower the floor).
    pub symbols: Vec<String>,
}

/// All floors of a file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Floors {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glibc: Option<Floor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glibcxx: Option<Floor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cxxabi: Option<Floor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gcc: Option<Floor>,
    /// `GLIBC_PRIVATE` imports: internal glibc ABI that may change in any release.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub glibc_private: Vec<String>,
}

const FAMILIES: [&str; 4] = ["GLIBC", "GLIBCXX", "CXXABI", "GCC"];

/// Parses `GLIBC_2.34` into (`GLIBC`, 2.34).
pub fn split_version_name(name: &str) -> Option<(&'static str, DottedVersion)> {
    if let Some(v) = abi_marker_version(name) {
        return Some(("GLIBC", v));
    }
    let (prefix, num) = name.split_once('_')?;
    let family = FAMILIES.iter().find(|f| **f == prefix)?;
    Some((family, DottedVersion::parse(num)?))
}

/// Computes the floors from `.gnu.version_r` and the imports bound to each version.
pub fn floors_of(facts: &ElfFacts) -> Floors {
    let mut floors = Floors::default();
    for need in &facts.version_needs {
        for name in &need.versions {
            if name == "GLIBC_PRIVATE" {
                continue;
            }
            let Some((family, version)) = split_version_name(name) else {
                continue;
            };
            let slot = match family {
                "GLIBC" => &mut floors.glibc,
                "GLIBCXX" => &mut floors.glibcxx,
                "CXXABI" => &mut floors.cxxabi,
                _ => &mut floors.gcc,
            };
            if slot.as_ref().is_none_or(|f| version > f.version) {
                *slot = Some(Floor {
                    family,
                    version,
                    version_name: name.clone(),
                    symbols: Vec::new(),
                });
            }
        }
    }
    for slot in [
        &mut floors.glibc,
        &mut floors.glibcxx,
        &mut floors.cxxabi,
        &mut floors.gcc,
    ]
    .into_iter()
    .flatten()
    {
        let mut syms: Vec<String> = facts
            .imports
            .iter()
            .filter(|i| i.version.as_deref() == Some(slot.version_name.as_str()))
            .map(|i| i.name.clone())
            .collect();
        syms.sort();
        syms.dedup();
        slot.symbols = syms;
    }
    floors.glibc_private = facts
        .imports
        .iter()
        .filter(|i| i.version.as_deref() == Some("GLIBC_PRIVATE"))
        .map(|i| i.name.clone())
        .collect();
    floors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically_not_textually() {
        let v = |s| DottedVersion::parse(s).unwrap();
        assert!(v("2.34") > v("2.4"));
        assert!(v("2.2.5") < v("2.3"));
        assert_eq!(v("2.17"), v("2.17.0"));
        assert!(DottedVersion::parse("2.x").is_none());
        assert_eq!(split_version_name("GLIBC_2.2.5").unwrap().1, v("2.2.5"));
        assert_eq!(
            split_version_name("GLIBC_ABI_DT_RELR").unwrap().1,
            v("2.36")
        );
        assert!(split_version_name("GLIBC_PRIVATE").is_none());
        assert!(split_version_name("LIBFOO_1.0").is_none());
    }
}
