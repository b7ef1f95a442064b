//! The names one ELF file defines in `.dynsym`, as a set.
//!
//! Judging a program asks, for each of its imports, whether some loaded
//! object defines it. libc.so.6 alone defines about 3,000 names and
//! libstdc++ about 6,000, and every program of a tree loads them: building a
//! hash set of all loaded objects' names per program (with std's SipHash)
//! cost more than reading the files, and so did one heap string per name.
//! Each file's set is built once, while its `.dynsym` is read (and cached for
//! libraries), as one text buffer plus a table of offsets hashed with Fx:
//! symbol names are not keys worth SipHash's price, since a hostile file can
//! at worst slow down the lookups in its own set.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Bytes of distinct names one set keeps. libLLVM, among the largest
/// libraries there are, has about 30 MiB of `.dynstr`; a hostile file whose
/// symbols point at overlapping suffixes of one long string could ask for
/// quadratically more. Past this, names are dropped and the set says so.
const MAX_TEXT_BYTES: usize = 256 << 20;

/// A file's defined dynamic symbol names, each once (a name can appear once
/// per version, e.g. `memcpy@GLIBC_2.2.5` and `memcpy@@GLIBC_2.14`).
#[derive(Clone, Default)]
pub struct ExportSet {
    /// Every distinct name, back to back.
    text: String,
    /// `(start, end)` of each name in `text`, found by the name's hash.
    table: HashTable<(u32, u32)>,
    /// Names were dropped at the size limit.
    truncated: bool,
}

impl ExportSet {
    /// An empty set with room for `names` names of `bytes` bytes in all.
    pub fn with_capacity(names: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes.min(MAX_TEXT_BYTES)),
            table: HashTable::with_capacity(names),
            truncated: false,
        }
    }

    /// Adds `name`; false when the set is full and the name was dropped.
    pub fn insert(&mut self, name: &str) -> bool {
        let hash = FxBuildHasher.hash_one(name);
        let text = &self.text;
        if self.table.find(hash, |&r| slice(text, r) == name).is_some() {
            return true;
        }
        if self.text.len() + name.len() > MAX_TEXT_BYTES {
            self.truncated = true;
            return false;
        }
        // Both offsets fit in u32: MAX_TEXT_BYTES < 4 GiB.
        let start = self.text.len() as u32;
        self.text.push_str(name);
        let range = (start, self.text.len() as u32);
        let text = &self.text;
        self.table
            .insert_unique(hash, range, |&r| FxBuildHasher.hash_one(slice(text, r)));
        true
    }

    /// Whether the file defines `name` (any version).
    pub fn contains(&self, name: &str) -> bool {
        let hash = FxBuildHasher.hash_one(name);
        self.table
            .find(hash, |&r| slice(&self.text, r) == name)
            .is_some()
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Whether names were dropped because the set reached its size limit.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The names, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.table.iter().map(|&r| slice(&self.text, r))
    }
}

fn slice(text: &str, (start, end): (u32, u32)) -> &str {
    &text[start as usize..end as usize]
}

impl std::fmt::Debug for ExportSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExportSet({} names)", self.len())
    }
}

impl<'a> FromIterator<&'a str> for ExportSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut set = Self::default();
        for name in iter {
            set.insert(name);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_name_it_was_built_from_and_nothing_else() {
        let s: ExportSet = ["memcpy", "abort", "zlibVersion", "memcpy", "_init"]
            .into_iter()
            .collect();
        assert_eq!(s.len(), 4, "the duplicate memcpy counts once");
        for n in ["memcpy", "abort", "zlibVersion", "_init"] {
            assert!(s.contains(n), "{n}");
        }
        // Prefixes, extensions and neighbours in the shared text are not names.
        for n in ["", "memcp", "memcpyy", "Abort", "cpyabort", "memcpyabort"] {
            assert!(!s.contains(n), "{n}");
        }
        let mut all: Vec<&str> = s.iter().collect();
        all.sort_unstable();
        assert_eq!(all, ["_init", "abort", "memcpy", "zlibVersion"]);
        assert!(!s.is_truncated());
    }

    #[test]
    fn an_empty_set_contains_nothing() {
        let s = ExportSet::default();
        assert!(s.is_empty());
        assert!(!s.contains("malloc"));
        assert!(!s.contains(""));
    }

    #[test]
    fn stops_at_the_size_limit_and_says_so() {
        let long = "x".repeat(1 << 20);
        let mut s = ExportSet::default();
        let mut kept = 0;
        for i in 0..300 {
            if s.insert(&format!("{i}{long}")) {
                kept += 1;
            }
        }
        assert!(s.is_truncated());
        assert_eq!(kept, s.len());
        assert!((250..300).contains(&kept), "kept {kept} names of 1 MiB");
        assert!(s.contains(&format!("0{long}")));
        assert!(!s.contains(&format!("299{long}")));
    }
}
