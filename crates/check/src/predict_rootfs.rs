//! The verdict in a real root file system: this machine (`host`) or the
//! directory given with `--root`. Unlike the models, this looks at the files
//! that are there: the interpreter, every library found the loader's way, the
//! versions those libraries define and the symbols they export.

use crate::dep_walk::{walk_with_bundled, DepWalk, LoaderKind};
use crate::elf_facts::{ElfFacts, Libc};
use crate::environment_id::EnvironmentId;
use crate::loader_messages as msg;
use crate::machine::runs_natively_on;
use crate::musl_exports::MuslExports;
use crate::predict_model::{static_notes, ModelInput};
use crate::read_source::FactsCache;
use crate::rootfs::Rootfs;
use crate::verdict::{EnvVerdict, FailReason, Verdict};

/// Judges `input.facts` (which lives at `inside` in the root) in `rootfs`.
pub fn rootfs_verdict(
    input: &ModelInput,
    rootfs: &Rootfs,
    cache: &FactsCache,
    inside: &str,
    host_machine: &str,
) -> EnvVerdict {
    let (env, assumes) = if rootfs.is_host() {
        (
            EnvironmentId::Host,
            format!("this machine ({host_machine}), its files as they are"),
        )
    } else {
        (
            EnvironmentId::Root,
            match rootfs.image() {
                Some(image) => format!("the root file system of image {image}"),
                None => format!("the root file system {}", rootfs.root().display()),
            },
        )
    };
    let mut notes = Vec::new();
    let verdict = judge(input, rootfs, cache, inside, host_machine, &mut notes);
    let assumes = if input.facts.kind == crate::elf_facts::FileKind::SharedLibrary {
        match root_libc(rootfs, cache, input.facts) {
            Some(LoaderKind::Glibc) => format!("{assumes}, loaded by a glibc process"),
            Some(LoaderKind::Musl) => format!("{assumes}, loaded by a musl process"),
            None => assumes,
        }
    } else {
        assumes
    };
    EnvVerdict {
        env: env.into(),
        assumes,
        verdict,
        notes,
    }
}

fn judge(
    input: &ModelInput,
    rootfs: &Rootfs,
    cache: &FactsCache,
    inside: &str,
    host_machine: &str,
    notes: &mut Vec<String>,
) -> Verdict {
    let facts = input.facts;
    if !facts.kind.is_program() && facts.kind != crate::elf_facts::FileKind::SharedLibrary {
        return Verdict::NotApplicable {
            why: format!("a {} file is not run or loaded", facts.kind.label()),
        };
    }
    if !runs_natively_on(facts.machine.name, host_machine) {
        let m = facts.machine.name;
        if std::path::Path::new(&format!("/proc/sys/fs/binfmt_misc/qemu-{m}")).exists() {
            notes.push(format!("binfmt_misc sends {m} programs to qemu-{m}"));
        }
        return Verdict::Fails {
            reason: FailReason::WrongArchitecture,
            message: msg::exec_format_error(input.prog),
            details: vec![format!("a {m} file on a {host_machine} CPU")],
        };
    }
    if facts.kind.is_static() {
        notes.extend(static_notes(input));
        return Verdict::Runs;
    }
    // Which loader? The program's interpreter; for a library, the root's own libc.
    let loader = match &facts.interpreter {
        Some(interp) => {
            let Some(host_path) = rootfs.lookup(interp) else {
                return Verdict::Fails {
                    reason: FailReason::MissingInterpreter,
                    message: msg::missing_interpreter_bash(input.prog),
                    details: vec![format!(
                        "{interp} does not exist here; busybox sh says: {}",
                        msg::missing_interpreter_sh(input.prog)
                    )],
                };
            };
            match cache.get(&host_path) {
                Some(l) if is_glibc_loader(&l) => LoaderKind::Glibc,
                Some(_) => LoaderKind::Musl,
                None => {
                    return Verdict::Unknown {
                        why: format!("{interp} exists but is not a readable ELF loader"),
                    };
                }
            }
        }
        None => match root_libc(rootfs, cache, facts) {
            Some(k) => k,
            None => {
                return Verdict::Unknown {
                    why: "no loader for this architecture in the root".into(),
                }
            }
        },
    };
    let deps = walk_with_bundled(rootfs, cache, facts, inside, loader, input.bundled);
    if let Some(m) = deps.missing.first() {
        let message = match (loader, &m.not_elf) {
            (LoaderKind::Glibc, Some(path)) => msg::glibc_invalid_elf_header(input.prog, path),
            (LoaderKind::Glibc, None) => msg::glibc_missing_library(input.prog, &m.name),
            (LoaderKind::Musl, _) => msg::musl_missing_library(&m.name, &m.needed_by),
        };
        let details = deps
            .missing
            .iter()
            .map(|m| match &m.not_elf {
                Some(path) => format!(
                    "{} (needed by {}; {path} is not an ELF file)",
                    m.name, m.needed_by
                ),
                None => format!("{} (needed by {})", m.name, m.needed_by),
            })
            .collect();
        return Verdict::Fails {
            reason: FailReason::MissingLibrary,
            message,
            details,
        };
    }
    match loader {
        LoaderKind::Glibc => glibc_checks(input, &deps, inside, notes),
        LoaderKind::Musl => musl_checks(input, &deps, rootfs, cache, inside),
    }
}

/// The libc of the process that would load a library in this root: the
/// root's native programs' libc. A glibc loader path that is really musl
/// (Alpine's libc6-compat symlink) makes a musl process; a musl-linked
/// library on a glibc system is still loaded by a glibc process (the
/// host's python or node), not by musl.
fn root_libc(rootfs: &Rootfs, cache: &FactsCache, facts: &ElfFacts) -> Option<LoaderKind> {
    let read = |p: Option<&str>| p.and_then(|p| rootfs.lookup(p)).and_then(|h| cache.get(&h));
    match read(facts.machine.glibc_loader) {
        Some(l) if is_glibc_loader(&l) => Some(LoaderKind::Glibc),
        Some(_) => Some(LoaderKind::Musl),
        None => read(facts.machine.musl_loader).map(|_| LoaderKind::Musl),
    }
}

/// glibc's ld.so defines `GLIBC_*` versions; musl's loader defines none.
fn is_glibc_loader(loader: &ElfFacts) -> bool {
    loader.version_defs.iter().any(|v| v.starts_with("GLIBC_"))
}

fn glibc_checks(
    input: &ModelInput,
    deps: &DepWalk,
    inside: &str,
    notes: &mut Vec<String>,
) -> Verdict {
    // Every object's needed versions must be defined by the library it names.
    let objects: Vec<(&str, &ElfFacts)> = std::iter::once((inside, input.facts))
        .chain(
            deps.loaded
                .iter()
                .map(|o| (o.inside.as_str(), o.facts.as_ref())),
        )
        .collect();
    let mut missing = Vec::new();
    for (path, obj) in &objects {
        for need in &obj.version_needs {
            let Some(lib) = deps.loaded.iter().find(|l| {
                l.needed_name == need.file || l.facts.soname.as_deref() == Some(need.file.as_str())
            }) else {
                continue;
            };
            for v in &need.versions {
                if !lib.facts.version_defs.iter().any(|d| d == v) {
                    missing.push(msg::glibc_missing_version(input.prog, &lib.inside, v, path));
                }
            }
        }
    }
    if let Some(first) = missing.first() {
        return Verdict::Fails {
            reason: FailReason::MissingVersion,
            message: first.clone(),
            details: missing,
        };
    }
    // Strong undefined symbols of the program defined by nothing loaded.
    let defined = |name: &str| objects.iter().any(|(_, o)| o.exports.contains(name));
    let undefined: Vec<&str> = input
        .facts
        .imports
        .iter()
        .filter(|i| !i.weak && !defined(&i.name))
        .map(|i| i.name.as_str())
        .collect();
    if let Some(unread) = unread_symbols(&objects[1..], !undefined.is_empty()) {
        return unread;
    }
    if let Some(first) = undefined.first() {
        if input.facts.kind.is_program() {
            return Verdict::Fails {
                reason: FailReason::MissingSymbol,
                message: msg::glibc_undefined_symbol(input.prog, input.prog, first),
                details: vec![format!(
                    "defined by no loaded object: {} (functions fail at their first call, D02)",
                    undefined.join(", ")
                )],
            };
        }
        notes.push(format!(
            "{} symbol(s) must come from the program that loads it: {}",
            undefined.len(),
            undefined
                .iter()
                .take(8)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if input.facts.libc == Libc::Musl {
        // A musl file (no libc.so need) loaded by glibc: possible for libraries only.
        return Verdict::RunsDifferently {
            ids: input.exposures.iter().map(|e| e.id).collect(),
        };
    }
    Verdict::Runs
}

fn musl_checks(
    input: &ModelInput,
    deps: &DepWalk,
    rootfs: &Rootfs,
    cache: &FactsCache,
    inside: &str,
) -> Verdict {
    let facts = input.facts;
    let mut objects: Vec<(&str, &ElfFacts)> = vec![(inside, facts)];
    objects.extend(
        deps.loaded
            .iter()
            .map(|o| (o.inside.as_str(), o.facts.as_ref())),
    );
    let version = crate::musl_version::musl_version_in(rootfs, facts);
    if let Some(v) = crate::predict_model::relr_refused(&objects, version.as_ref()) {
        return v;
    }
    for (path, obj) in &objects {
        if obj.irelative_relocations > 0 {
            return Verdict::Fails {
                reason: FailReason::UnsupportedRelocation,
                message: msg::musl_unsupported_relocation(path, obj.machine.irelative.unwrap_or(0)),
                details: vec![format!(
                    "{} IRELATIVE relocations in {path} (D05)",
                    obj.irelative_relocations
                )],
            };
        }
    }
    // musl's own exports: from the root's musl libc when we can read it, else the generated list.
    let libc_exports: Option<std::sync::Arc<ElfFacts>> = facts
        .machine
        .musl_loader
        .and_then(|l| rootfs.lookup(l))
        .and_then(|p| cache.get(&p));
    let list = MuslExports::get();
    let defined = |name: &str| {
        objects.iter().any(|(_, o)| o.exports.contains(name))
            || libc_exports
                .as_ref()
                .is_some_and(|l| l.exports.contains(name))
    };
    let mut missing = Vec::new();
    for (path, obj) in &objects {
        for i in obj.imports.iter().filter(|i| !i.weak) {
            let found = defined(&i.name)
                || (libc_exports.is_none() && list.resolves(&i.name))
                || list.lfs64_base(&i.name).is_some_and(defined);
            // musl binds every symbol at load time: a strong import of any
            // object that nothing loaded defines stops a program's start.
            // A library judged alone may expect its loader to define some.
            if !found && (facts.kind.is_program() || i.from.is_some()) {
                let who = if *path == inside { input.prog } else { path };
                missing.push(msg::musl_missing_symbol(who, &i.name));
            }
        }
    }
    if let Some(unread) = unread_symbols(&objects[1..], !missing.is_empty()) {
        return unread;
    }
    if let Some(first) = missing.first() {
        return Verdict::Fails {
            reason: FailReason::MissingSymbol,
            message: first.clone(),
            details: missing,
        };
    }
    if facts.libc == Libc::Glibc {
        Verdict::RunsDifferently {
            ids: input.exposures.iter().map(|e| e.id).collect(),
        }
    } else {
        Verdict::Runs
    }
}

/// When an import was found nowhere but a loaded library's symbol table
/// was not read in full, the import may be among the unread names: unknown.
fn unread_symbols(libraries: &[(&str, &ElfFacts)], any_missing: bool) -> Option<Verdict> {
    if !any_missing {
        return None;
    }
    let (path, _) = libraries.iter().find(|(_, l)| l.symbols_incomplete)?;
    Some(Verdict::Unknown {
        why: format!(
            "an import was found in no library read, but {path}'s symbol table could not be read in full"
        ),
    })
}
