//! Verdicts in *model* environments: what a typical system of a kind does,
//! judged from the file alone (no files of that system needed). Each model
//! assumes the binary's own CPU architecture unless its name says otherwise.
//!
//! - `glibc-X.Y`: any glibc distribution with glibc X.Y; libraries other than
//!   glibc's own are assumed installable (reported as notes).
//! - `musl-rootfs`: an Alpine-like minimal root: busybox and musl, nothing else.
//! - `musl+libc6-compat`: the same plus `/lib64/ld-linux-x86-64.so.2 -> ld-musl`
//!   (Alpine's libc6-compat): glibc programs start, then musl binds them.
//! - `musl+gcompat`: the same plus gcompat, which implements *some* glibc-only
//!   symbols; which ones is not known here, so missing symbols give `unknown`.
//! - `musl+bundled-glibc`: a musl root with this host's glibc loader and
//!   libraries copied in, the program started through that loader.
//! - `i686-on-x86_64`: a 32-bit x86 program on a 64-bit-only install.
//! - `qemu-user`: a foreign-architecture program under qemu-ARCH-static.

use crate::catalogue::Exposure;
use crate::dep_walk::is_musl_builtin_name;
use crate::elf_facts::{ElfFacts, Libc};
use crate::environment_id::EnvironmentId;
use crate::floors::{split_version_name, DottedVersion, Floors};
use crate::loader_messages as msg;
use crate::musl_binding::{is_libc_family_file, MuslBinding};
use crate::verdict::{EnvVerdict, FailReason, Verdict};
use muslab_catalogue::Id;

/// Everything the models look at.
pub struct ModelInput<'a> {
    pub facts: &'a ElfFacts,
    pub floors: &'a Floors,
    pub binding: &'a MuslBinding,
    pub exposures: &'a [Exposure],
    /// How the program is named in messages (`./x`).
    pub prog: &'a str,
}

/// Which musl-based model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MuslModel {
    Plain,
    Libc6Compat,
    Gcompat,
}

fn exposure_ids(exposures: &[Exposure]) -> Vec<Id> {
    exposures.iter().map(|e| e.id).collect()
}

fn not_a_program(input: &ModelInput) -> Option<Verdict> {
    (!input.facts.kind.is_program()
        && input.facts.kind != crate::elf_facts::FileKind::SharedLibrary)
        .then(|| Verdict::NotApplicable {
            why: format!("a {} file is not run or loaded", input.facts.kind.label()),
        })
}

/// Notes for static files that hold in any environment of their architecture.
pub fn static_notes(input: &ModelInput) -> Vec<String> {
    let mut notes = Vec::new();
    if input.facts.libc == Libc::Glibc && input.facts.machine.name == "i686" {
        notes.push(
            "S5: static 32-bit glibc <= 2.35 calls uname() at start-up (_dl_discover_osversion); where that \
             fails for 32-bit callers and /proc is hidden it aborts - run it under qemu-i386-static there"
                .into(),
        );
    }
    if input.facts.libc == Libc::Glibc && input.exposures.iter().any(|e| e.id == Id::D09) {
        notes.push("static glibc still dlopen()s NSS modules for user/host lookups; without them only files/dns work".into());
    }
    notes
}

/// `glibc-X.Y`.
pub fn glibc_model(input: &ModelInput, version: &DottedVersion) -> EnvVerdict {
    let env = format!("glibc-{version}");
    let assumes = format!("a glibc {version} system of the file's architecture");
    let facts = input.facts;
    let mut notes = Vec::new();
    let verdict = (|| {
        if let Some(v) = not_a_program(input) {
            return v;
        }
        if facts.kind.is_static() {
            notes.extend(static_notes(input));
            return Verdict::Runs;
        }
        if let Some(interp) = &facts.interpreter {
            if facts.libc == Libc::Musl || interp.contains("ld-musl-") {
                return Verdict::Fails {
                    reason: FailReason::MissingInterpreter,
                    message: msg::missing_interpreter_bash(input.prog),
                    details: vec![format!(
                        "{interp} does not exist on glibc systems (Debian: apt-get install musl)"
                    )],
                };
            }
        }
        if facts.needed.iter().any(|n| n == "libc.so") {
            return Verdict::Fails {
                reason: FailReason::MissingLibrary,
                message: msg::glibc_missing_library(input.prog, "libc.so"),
                details: vec!["libc.so is musl's soname; glibc's is libc.so.6".into()],
            };
        }
        let mut too_new = Vec::new();
        for need in &facts.version_needs {
            for v in &need.versions {
                if let Some(("GLIBC", needed)) = split_version_name(v) {
                    if needed > *version && is_libc_family_file(&need.file) {
                        too_new.push((need.file.clone(), v.clone()));
                    }
                }
            }
        }
        if let Some((file, v)) = too_new.first() {
            let lib_path = format!(
                "/lib/{}/{}",
                crate::rootfs::multiarch_triple(facts.machine.name).unwrap_or("lib"),
                file
            );
            let details = too_new
                .iter()
                .map(|(f, v)| format!("{f} needs {v}"))
                .collect();
            return Verdict::Fails {
                reason: FailReason::MissingVersion,
                message: msg::glibc_missing_version(input.prog, &lib_path, v, input.prog),
                details,
            };
        }
        if !input.floors.glibc_private.is_empty() {
            notes.push(
                "uses GLIBC_PRIVATE symbols: only the exact glibc build it was linked with is safe"
                    .into(),
            );
        }
        for f in [
            &input.floors.glibcxx,
            &input.floors.cxxabi,
            &input.floors.gcc,
        ]
        .into_iter()
        .flatten()
        {
            notes.push(format!(
                "needs a libstdc++/libgcc_s that defines {}",
                f.version_name
            ));
        }
        let others: Vec<&String> = facts
            .needed
            .iter()
            .filter(|n| !is_musl_builtin_name(n) && !n.starts_with("ld-linux"))
            .collect();
        if !others.is_empty() {
            notes.push(format!("needs installed: {}", join(&others)));
        }
        Verdict::Runs
    })();
    EnvVerdict {
        env,
        assumes,
        verdict,
        notes,
    }
}

/// The three musl-root models.
pub fn musl_model(input: &ModelInput, model: MuslModel) -> EnvVerdict {
    let (env, assumes) = match model {
        MuslModel::Plain => (
            EnvironmentId::MuslRootfs,
            "an Alpine-like root: busybox + musl, nothing else",
        ),
        MuslModel::Libc6Compat => (
            EnvironmentId::MuslLibc6Compat,
            "musl root + glibc loader path symlinked to musl's (Alpine libc6-compat)",
        ),
        MuslModel::Gcompat => (
            EnvironmentId::MuslGcompat,
            "musl root + gcompat (some glibc-only symbols)",
        ),
    };
    let facts = input.facts;
    let mut notes = Vec::new();
    let verdict = (|| {
        if let Some(v) = not_a_program(input) {
            return v;
        }
        if facts.kind.is_static() {
            notes.extend(static_notes(input));
            return Verdict::Runs;
        }
        if let Some(interp) = &facts.interpreter {
            let is_musl_loader = interp.contains("ld-musl-");
            let is_glibc_loader =
                facts.machine.glibc_loader == Some(interp.as_str()) || interp.contains("ld-linux");
            let ok = is_musl_loader || (is_glibc_loader && model != MuslModel::Plain);
            if !ok {
                return Verdict::Fails {
                    reason: FailReason::MissingInterpreter,
                    message: msg::missing_interpreter_sh(input.prog),
                    details: vec![format!("PT_INTERP {interp} does not exist in a musl root")],
                };
            }
        }
        let extra: Vec<&String> = facts
            .needed
            .iter()
            .filter(|n| {
                !is_musl_builtin_name(n) && !n.starts_with("ld-linux") && !n.starts_with("ld-musl")
            })
            .collect();
        if let Some(first) = extra.first() {
            return Verdict::Fails {
                reason: FailReason::MissingLibrary,
                message: msg::musl_missing_library(first, input.prog),
                details: vec![format!(
                    "not in a bare musl root: {} (Alpine packages build them against musl)",
                    join(&extra)
                )],
            };
        }
        if facts.irelative_relocations > 0 {
            let rtype = facts.machine.irelative.unwrap_or(0);
            return Verdict::Fails {
                reason: FailReason::UnsupportedRelocation,
                message: msg::musl_unsupported_relocation(input.prog, rtype),
                details: vec![format!(
                    "{} IRELATIVE relocations (GNU IFUNC, D05)",
                    facts.irelative_relocations
                )],
            };
        }
        if !input.binding.missing.is_empty() {
            if model == MuslModel::Gcompat {
                return Verdict::Unknown {
                    why: format!(
                        "musl lacks {} symbol(s); runs only if gcompat implements all of: {}",
                        input.binding.missing.len(),
                        join(&input.binding.missing)
                    ),
                };
            }
            let details = input
                .binding
                .missing
                .iter()
                .map(|s| msg::musl_missing_symbol(input.prog, s))
                .collect();
            return Verdict::Fails {
                reason: FailReason::MissingSymbol,
                message: msg::musl_missing_symbol(input.prog, &input.binding.missing[0]),
                details,
            };
        }
        if !input.binding.lfs64.is_empty() {
            notes.push(format!(
                "D04: {} resolve only through musl >= 1.2.4's LFS64 remap",
                join(&input.binding.lfs64)
            ));
        }
        if facts.libc == Libc::Glibc {
            Verdict::RunsDifferently {
                ids: exposure_ids(input.exposures),
            }
        } else {
            Verdict::Runs
        }
    })();
    EnvVerdict {
        env: env.name().into(),
        assumes: assumes.into(),
        verdict,
        notes,
    }
}

/// `musl+bundled-glibc`: the glibc program started through a copied glibc loader.
pub fn bundled_glibc_model(input: &ModelInput, bundle: &DottedVersion) -> EnvVerdict {
    let facts = input.facts;
    if facts.libc == Libc::Glibc && !facts.kind.is_static() && facts.kind.is_program() {
        let mut v = glibc_model(input, bundle);
        v.env = EnvironmentId::MuslBundledGlibc.name().into();
        v.assumes = format!("musl root + this host's glibc {bundle} loader and libraries, run via ld-linux --library-path");
        v
    } else {
        let mut v = musl_model(input, MuslModel::Plain);
        v.env = EnvironmentId::MuslBundledGlibc.name().into();
        v.assumes =
            "musl root + a glibc bundle (unused: the file is not a dynamic glibc program)".into();
        v
    }
}

/// `i686-on-x86_64`: only for 32-bit x86 files.
pub fn i686_model(input: &ModelInput) -> Option<EnvVerdict> {
    if input.facts.machine.name != "i686" {
        return None;
    }
    let mut notes = Vec::new();
    let verdict = if let Some(v) = not_a_program(input) {
        v
    } else if input.facts.kind.is_static() {
        notes.extend(static_notes(input));
        Verdict::Runs
    } else {
        Verdict::Fails {
            reason: FailReason::MissingInterpreter,
            message: msg::missing_interpreter_bash(input.prog),
            details: vec![format!(
                "{} is absent on a 64-bit-only install",
                input
                    .facts
                    .interpreter
                    .as_deref()
                    .unwrap_or("the 32-bit loader")
            )],
        }
    };
    Some(EnvVerdict {
        env: EnvironmentId::I686OnX86_64.name().into(),
        assumes: "an x86_64 kernel with IA32 emulation and 64-bit-only libraries".into(),
        verdict,
        notes,
    })
}

/// `qemu-user`: only for files the host CPU cannot run.
pub fn qemu_model(input: &ModelInput, host_machine: &str) -> Option<EnvVerdict> {
    let m = input.facts.machine.name;
    if crate::machine::runs_natively_on(m, host_machine) || m == "unknown" {
        return None;
    }
    let verdict = if let Some(v) = not_a_program(input) {
        v
    } else if input.facts.kind.is_static() {
        Verdict::Runs
    } else if input.facts.kind.is_program() {
        Verdict::Unknown {
            why: format!("needs the {m} loader and libraries: qemu-{m}-static -L SYSROOT"),
        }
    } else {
        Verdict::NotApplicable {
            why: "a library is loaded by a program, not by qemu".into(),
        }
    };
    Some(EnvVerdict {
        env: EnvironmentId::QemuUser.name().into(),
        assumes: format!("a {host_machine} host running the file under qemu-{m}-static"),
        verdict,
        notes: Vec::new(),
    })
}

fn join<S: AsRef<str>>(items: &[S]) -> String {
    const MAX: usize = 12;
    let mut s: Vec<&str> = items.iter().take(MAX).map(|x| x.as_ref()).collect();
    let more = items.len().saturating_sub(MAX);
    let tail = format!("... ({more} more)");
    if more > 0 {
        s.push(&tail);
    }
    s.join(", ")
}
