//! Libraries a file brings along: DT_NEEDED names its loader finds through
//! `$ORIGIN` in DT_RPATH/DT_RUNPATH (a wheel's `<pkg>.libs/`, an npm
//! package's `lib/`). Every loader expands `$ORIGIN` to the requesting
//! object's directory, so these are found whatever root the file is run in:
//! on disk next to the file, inside an archive next to the member.

use crate::dep_walk::{expand_origin, is_musl_builtin_name};
use crate::elf_facts::ElfFacts;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Most libraries followed for one file (a hostile archive cannot make it run away).
const MAX_BUNDLED: usize = 256;

/// One library found through `$ORIGIN`.
#[derive(Debug, Clone)]
pub struct BundledLib {
    pub needed_name: String,
    /// Where it was found (an on-disk path, or `/member/path` in an archive).
    pub path: String,
    pub facts: Arc<ElfFacts>,
}

/// The libraries found through `$ORIGIN`, transitively.
#[derive(Debug, Clone, Default)]
pub struct Bundled {
    pub libs: Vec<BundledLib>,
}

impl Bundled {
    /// The library found for a DT_NEEDED name, if bundled.
    pub fn get(&self, name: &str) -> Option<&BundledLib> {
        self.libs
            .iter()
            .find(|l| l.needed_name == name || l.facts.soname.as_deref() == Some(name))
    }

    /// The file and every bundled library.
    pub fn objects<'a>(&'a self, file: &'a ElfFacts) -> impl Iterator<Item = &'a ElfFacts> {
        std::iter::once(file).chain(self.libs.iter().map(|l| l.facts.as_ref()))
    }

    /// DT_NEEDED names of the file and its bundled libraries that nothing
    /// bundled provides, in order, without duplicates.
    pub fn unbundled_needs<'a>(&'a self, file: &'a ElfFacts) -> Vec<&'a String> {
        let mut seen = HashSet::new();
        self.objects(file)
            .flat_map(|o| o.needed.iter())
            .filter(|n| self.get(n).is_none() && seen.insert(n.as_str()))
            .collect()
    }
}

/// Where a file's `$ORIGIN` libraries are looked up.
pub enum Neighbourhood<'a> {
    /// No neighbours known (bytes without a location).
    None,
    /// A file on disk: paths are host paths.
    Disk(&'a crate::read_source::FactsCache),
    /// Members of one archive, by `/member/path`.
    Archive(&'a HashMap<String, Arc<ElfFacts>>),
}

impl Neighbourhood<'_> {
    fn lookup(&self, path: &str) -> Option<Arc<ElfFacts>> {
        match self {
            Self::None => None,
            Self::Disk(cache) => cache.get(std::path::Path::new(path)),
            Self::Archive(members) => members.get(path).cloned(),
        }
    }
}

struct Pending {
    name: String,
    /// `$ORIGIN`-relative search dirs of the requester and of everything
    /// that pulled it in (musl's rule; glibc's RPATH chain is the same for
    /// the usual one-level bundles).
    dirs: Vec<String>,
}

/// Follows `file` (in directory `dir`) through its `$ORIGIN` search paths.
pub fn bundled(file: &ElfFacts, dir: &str, around: &Neighbourhood) -> Bundled {
    let mut out = Bundled::default();
    if matches!(around, Neighbourhood::None) {
        return out;
    }
    let origin_dirs = |f: &ElfFacts, dir: &str| -> Vec<String> {
        let own: Vec<String> = f
            .rpath
            .iter()
            .chain(f.runpath.iter())
            .flat_map(|e| e.split(':'))
            .filter(|e| e.contains("$ORIGIN") || e.contains("${ORIGIN}"))
            .map(str::to_string)
            .collect();
        expand_origin(&own, dir)
    };
    let first = origin_dirs(file, dir);
    if first.is_empty() {
        return out;
    }
    let mut queue: VecDeque<Pending> = file
        .needed
        .iter()
        .map(|n| Pending {
            name: n.clone(),
            dirs: first.clone(),
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(p) = queue.pop_front() {
        if out.libs.len() >= MAX_BUNDLED || !seen.insert(p.name.clone()) {
            continue;
        }
        if is_musl_builtin_name(&p.name) || p.name.starts_with("ld-") || p.name.contains('/') {
            continue;
        }
        let found = p.dirs.iter().find_map(|d| {
            let path = normalize(&format!("{}/{}", d.trim_end_matches('/'), p.name));
            let f = around.lookup(&path)?;
            (f.class == file.class && f.e_machine == file.e_machine).then_some((path, f))
        });
        let Some((path, facts)) = found else {
            continue;
        };
        let lib_dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("/");
        let mut dirs = origin_dirs(&facts, lib_dir);
        dirs.extend(p.dirs.iter().cloned());
        for n in &facts.needed {
            queue.push_back(Pending {
                name: n.clone(),
                dirs: dirs.clone(),
            });
        }
        out.libs.push(BundledLib {
            needed_name: p.name,
            path,
            facts,
        });
    }
    out
}

/// Resolves `.` and `..` in an absolute path (archive members have no
/// symlinks, so this is what the loader's open would reach).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize("/a/b/../c.libs/./x.so"), "/a/c.libs/x.so");
        assert_eq!(normalize("/../x"), "/x");
    }
}
