//! Finds a program's shared libraries inside a root file system the way its
//! loader would (the `lddtree` part), breadth first.
//!
//! Order, glibc: DT_RPATH of the requesting object and of the program (only
//! when the requester has no DT_RUNPATH), DT_RUNPATH of the requester, then
//! the ld.so.conf/trusted directories; a library of the wrong class or
//! machine is skipped and the search goes on. musl: DT_RPATH/DT_RUNPATH of
//! the requester and of every object that pulled it in, then its path file.
//! `$ORIGIN` is the requesting object's directory. musl never loads a second
//! copy of itself: `libc.so.6`, `libm.so.6`, `libpthread.so.0`, `libdl.so.2`,
//! `librt.so.1`, `libutil.so.1`, `libxnet.so` (any `lib{c,pthread,rt,m,dl,util,xnet}.`
//! name) resolve to musl's own libc.

use crate::elf_facts::ElfFacts;
use crate::read_source::FactsCache;
use crate::rootfs::{multiarch_triple, Rootfs};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// The libraries one program brings in; bounded so a hostile tree cannot make it run away.
const MAX_OBJECTS: usize = 1024;

/// Which loader runs the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoaderKind {
    Glibc,
    Musl,
}

/// A library found for a DT_NEEDED name.
#[derive(Debug, Clone)]
pub struct LoadedObject {
    pub needed_name: String,
    /// Path inside the root.
    pub inside: String,
    pub facts: Arc<ElfFacts>,
}

/// A DT_NEEDED name that was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingLibrary {
    pub name: String,
    /// Inside path (or display name) of the object that needs it.
    pub needed_by: String,
    /// glibc: a file of that name in the search path that is not an ELF
    /// file (libc6-dev's `libc.so` linker script, met by a musl-linked
    /// library's DT_NEEDED). glibc's loader tries it, skips it, and when
    /// nothing else fits reports it: "PATH: invalid ELF header".
    pub not_elf: Option<String>,
}

/// The result of a walk.
#[derive(Debug, Default)]
pub struct DepWalk {
    pub loaded: Vec<LoadedObject>,
    pub missing: Vec<MissingLibrary>,
    /// DT_NEEDED names musl satisfies with itself.
    pub provided_by_musl: Vec<String>,
}

/// Whether musl's loader treats `name` as itself.
pub fn is_musl_builtin_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("lib") else {
        return false;
    };
    ["c.", "pthread.", "rt.", "m.", "dl.", "util.", "xnet."]
        .iter()
        .any(|p| rest.starts_with(p))
}

struct Pending {
    name: String,
    needed_by: String,
    /// Directory of the requester, inside the root, for $ORIGIN.
    origin: String,
    /// Search dirs inherited along the chain (musl) or from the program (glibc RPATH).
    inherited_rpath: Vec<String>,
    own_rpath: Vec<String>,
    own_runpath: Vec<String>,
}

/// Walks the dependencies of `program` (at `inside`, a path inside `rootfs`).
pub fn walk(
    rootfs: &Rootfs,
    cache: &FactsCache,
    program: &ElfFacts,
    inside: &str,
    loader: LoaderKind,
) -> DepWalk {
    walk_with_bundled(rootfs, cache, program, inside, loader, &Default::default())
}

/// [`walk`], with the libraries `program` brings along through `$ORIGIN`
/// found first (an archive member's neighbours are not in the root).
pub fn walk_with_bundled(
    rootfs: &Rootfs,
    cache: &FactsCache,
    program: &ElfFacts,
    inside: &str,
    loader: LoaderKind,
    bundled: &crate::bundled::Bundled,
) -> DepWalk {
    let mut out = DepWalk::default();
    let system_dirs = match loader {
        LoaderKind::Glibc => {
            rootfs.glibc_search_dirs(program.class == 64, multiarch_triple(program.machine.name))
        }
        LoaderKind::Musl => {
            let arch = program
                .machine
                .musl_loader
                .and_then(|l| l.strip_prefix("/lib/ld-musl-"))
                .and_then(|l| l.strip_suffix(".so.1"))
                .unwrap_or(program.machine.name);
            rootfs.musl_search_dirs(arch)
        }
    };
    let origin = parent_dir(inside);
    let program_rpath = expand_origin(&program.rpath, &origin);
    let mut queue: std::collections::VecDeque<Pending> = program
        .needed
        .iter()
        .map(|n| Pending {
            name: n.clone(),
            needed_by: inside.to_string(),
            origin: origin.clone(),
            inherited_rpath: Vec::new(),
            own_rpath: program.rpath.clone(),
            own_runpath: program.runpath.clone(),
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(p) = queue.pop_front() {
        if !seen.insert(p.name.clone()) || out.loaded.len() >= MAX_OBJECTS {
            continue;
        }
        if loader == LoaderKind::Musl && is_musl_builtin_name(&p.name) {
            out.provided_by_musl.push(p.name.clone());
            continue;
        }
        let dirs = search_dirs(loader, &p, &program_rpath, &system_dirs);
        // `$ORIGIN` directories come before the root's own (an archive
        // member's neighbours are not in the root at all).
        let found = if let Some(b) = bundled.get(&p.name) {
            Some((b.path.clone(), b.facts.clone()))
        } else if p.name.contains('/') {
            let path = if p.name.starts_with('/') {
                p.name.clone()
            } else {
                format!("{}/{}", p.origin, p.name)
            };
            rootfs
                .lookup(&path)
                .and_then(|h| compatible(cache, h, program).map(|f| (path, f)))
        } else {
            dirs.iter().find_map(|d| {
                let path = format!("{}/{}", d.trim_end_matches('/'), p.name);
                let host = rootfs.lookup(&path)?;
                compatible(cache, host, program).map(|f| (path, f))
            })
        };
        let Some((path, facts)) = found else {
            let not_elf = (loader == LoaderKind::Glibc && !p.name.contains('/'))
                .then(|| {
                    dirs.iter()
                        .map(|d| format!("{}/{}", d.trim_end_matches('/'), p.name))
                        .find(|path| rootfs.lookup(path).is_some_and(|h| is_not_elf(&h)))
                })
                .flatten();
            out.missing.push(MissingLibrary {
                name: p.name.clone(),
                needed_by: p.needed_by.clone(),
                not_elf,
            });
            continue;
        };
        if let Some(soname) = &facts.soname {
            seen.insert(soname.clone());
        }
        let lib_origin = parent_dir(&path);
        let mut chain = p.inherited_rpath.clone();
        if loader == LoaderKind::Musl {
            chain.extend(expand_origin(&p.own_rpath, &p.origin));
            chain.extend(expand_origin(&p.own_runpath, &p.origin));
        }
        for n in &facts.needed {
            queue.push_back(Pending {
                name: n.clone(),
                needed_by: path.clone(),
                origin: lib_origin.clone(),
                inherited_rpath: chain.clone(),
                own_rpath: facts.rpath.clone(),
                own_runpath: facts.runpath.clone(),
            });
        }
        out.loaded.push(LoadedObject {
            needed_name: p.name,
            inside: path,
            facts,
        });
    }
    out
}

/// A regular file whose first bytes are not ELF's magic.
fn is_not_elf(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic != b"\x7fELF")
}

fn search_dirs(
    loader: LoaderKind,
    p: &Pending,
    program_rpath: &[String],
    system: &[String],
) -> Vec<String> {
    let mut dirs = Vec::new();
    match loader {
        LoaderKind::Glibc => {
            if p.own_runpath.is_empty() {
                dirs.extend(expand_origin(&p.own_rpath, &p.origin));
                dirs.extend(program_rpath.iter().cloned());
            }
            dirs.extend(expand_origin(&p.own_runpath, &p.origin));
        }
        LoaderKind::Musl => {
            dirs.extend(expand_origin(&p.own_rpath, &p.origin));
            dirs.extend(expand_origin(&p.own_runpath, &p.origin));
            dirs.extend(p.inherited_rpath.iter().cloned());
        }
    }
    dirs.extend(system.iter().cloned());
    dirs
}

/// A found file is used only if it is an ELF library of the program's class and machine.
fn compatible(cache: &FactsCache, host: PathBuf, program: &ElfFacts) -> Option<Arc<ElfFacts>> {
    let f = cache.get(&host)?;
    (f.class == program.class && f.e_machine == program.e_machine).then_some(f)
}

fn parent_dir(inside: &str) -> String {
    match inside.rsplit_once('/') {
        Some(("", _)) => "/".into(),
        Some((d, _)) => d.into(),
        None => ".".into(),
    }
}

pub fn expand_origin(dirs: &[String], origin: &str) -> Vec<String> {
    dirs.iter()
        .map(|d| d.replace("${ORIGIN}", origin).replace("$ORIGIN", origin))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn musl_builtin_names_match_its_loader_rule() {
        for n in [
            "libc.so.6",
            "libm.so.6",
            "libpthread.so.0",
            "libdl.so.2",
            "librt.so.1",
            "libc.so",
        ] {
            assert!(is_musl_builtin_name(n), "{n}");
        }
        for n in [
            "libcrypt.so.1",
            "libgcc_s.so.1",
            "libmagic.so.1",
            "libresolv.so.2",
            "libz.so.1",
        ] {
            assert!(!is_musl_builtin_name(n), "{n}");
        }
    }
}
