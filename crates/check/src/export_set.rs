//! The names one ELF file defines in `.dynsym`, as a set.
//!
//! Every import of every program is looked up in the sets of the libraries
//! it loads (libc.so.6 defines about 2,800 names, libstdc++ about 6,000), so
//! a library's set is built once, while its `.dynsym` is read, and shared
//! through the facts cache. The names live in one buffer with a table of
//! offsets: one allocation per file instead of one per name. The table uses
//! the unkeyed Fx hash, much cheaper than std's SipHash on short names; a
//! hostile file could make its own set slow to build and to search, which
//! the size limit bounds.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Offsets are u32.
const _: () = assert!(ExportSet::MAX_TEXT_BYTES <= u32::MAX as usize);

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
    /// Bytes of distinct names one set keeps: far above real libraries
    /// (libLLVM-14's whole `.dynstr` is 3 MiB). Past it, names are dropped
    /// and the set says so.
    pub const MAX_TEXT_BYTES: usize = 256 << 20;

    /// An empty set with room for `names` names of `bytes` bytes in all.
    pub fn with_capacity(names: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes.min(Self::MAX_TEXT_BYTES)),
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
        if self.text.len() + name.len() > Self::MAX_TEXT_BYTES {
            self.truncated = true;
            return false;
        }
        let start = self.text.len() as u32;
        self.text.push_str(name);
        let range = (start, self.text.len() as u32);
        let text = &self.text;
        self.table
            .insert_unique(hash, range, |&r| FxBuildHasher.hash_one(slice(text, r)));
        true
    }

    /// Gives back the room reserved but not used (the string table's size
    /// is reserved up front; imports and version names use part of it).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        let text = &self.text;
        self.table
            .shrink_to_fit(|&r| FxBuildHasher.hash_one(slice(text, r)));
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
