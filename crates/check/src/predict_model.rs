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

use crate::bundled::Bundled;
use crate::catalogue::Exposure;
use crate::dep_walk::is_musl_builtin_name;
use crate::elf_facts::{ElfFacts, Libc};
use crate::environment_id::EnvironmentId;
use crate::floors::{split_version_name, DottedVersion, Floors};
use crate::loader_messages as msg;
use crate::musl_binding::{is_libc_family_file, musl_binding, MuslBinding};
use crate::rootfs::Rootfs;
use crate::verdict::{EnvVerdict, FailReason, Verdict};
use crate::verdict_env::VerdictEnv;
use muslab_catalogue::Id;
use std::sync::Arc;

/// Everything the models look at.
pub struct ModelInput<'a> {
    pub facts: &'a ElfFacts,
    pub floors: &'a Floors,
    pub binding: &'a MuslBinding,
    pub exposures: &'a [Exposure],
    /// How the program is named in messages (`./x`).
    pub prog: &'a str,
    /// Libraries found through `$ORIGIN`: present in every environment.
    pub bundled: &'a Bundled,
    /// The musl the musl models assume (DT_RELR needs >= 1.2.4).
    pub musl_version: &'a DottedVersion,
    /// This machine's libstdc++.so.6 and libgcc_s.so.1: what a glibc
    /// bundle ships beside glibc.
    pub host_cxx: &'a [Arc<ElfFacts>],
}

/// The libstdc++ (`GLIBCXX_`, `CXXABI_`) and libgcc_s (`GCC_`) versions the
/// oldest mainstream distribution with a glibc ships, the highest each of
/// auditwheel's manylinux_X_Y policies allows (a row holds up to the next
/// row's glibc). A glibc-X.Y
/// system without a newer compiler runtime refuses newer versions the way
/// it refuses a newer `GLIBC_`.
const CXX_WITH_GLIBC: &[(&str, &str, &str, &str)] = &[
    ("2.5", "3.4.8", "1.3.1", "4.2.0"),
    ("2.12", "3.4.13", "1.3.3", "4.3.0"),
    ("2.17", "3.4.19", "1.3.7", "4.8.0"),
    ("2.24", "3.4.22", "1.3.10", "4.8.0"),
    ("2.27", "3.4.24", "1.3.11", "7.0.0"),
    ("2.31", "3.4.28", "1.3.12", "7.0.0"),
    ("2.34", "3.4.29", "1.3.13", "7.0.0"),
    ("2.35", "3.4.30", "1.3.13", "12.0.0"),
    ("2.39", "3.4.33", "1.3.15", "14.0.0"),
];

/// Where a model takes its libstdc++/libgcc_s from.
enum CxxRuntime<'a> {
    /// The distribution's, per [`CXX_WITH_GLIBC`].
    Distribution(&'a DottedVersion),
    /// This machine's files (the bundle).
    Files(&'a [Arc<ElfFacts>]),
}

impl CxxRuntime<'_> {
    /// Whether `file` defines `version` (`None`: not known).
    fn defines(&self, file: &str, version: &str) -> Option<bool> {
        let (family, needed) = split_version_name(version)?;
        match self {
            Self::Distribution(glibc) => {
                let row = CXX_WITH_GLIBC
                    .iter()
                    .rev()
                    .find(|r| DottedVersion::parse(r.0).is_some_and(|v| v <= **glibc))?;
                let max = match family {
                    "GLIBCXX" => row.1,
                    "CXXABI" => row.2,
                    "GCC" => row.3,
                    _ => return None,
                };
                Some(DottedVersion::parse(max).is_some_and(|m| needed <= m))
            }
            Self::Files(libs) => {
                let lib = libs.iter().find(|l| l.soname.as_deref() == Some(file))?;
                Some(lib.version_defs.iter().any(|d| d == version))
            }
        }
    }
}

/// Whether a needed library's name is the compiler runtime a glibc bundle carries.
fn is_cxx_runtime(name: &str) -> bool {
    name.starts_with("libstdc++.so") || name.starts_with("libgcc_s.so")
}

/// The musl models' assumption about the musl version.
fn musl_assumes(v: &DottedVersion) -> String {
    format!("musl {v}")
}

/// DT_RELR in any object under a musl older than 1.2.4 (`None` when the version is unknown).
pub fn relr_refused(
    objects: &[(&str, &ElfFacts)],
    musl: Option<&DottedVersion>,
) -> Option<Verdict> {
    let musl = musl?;
    if *musl >= crate::musl_version::relr_since() {
        return None;
    }
    let (path, _) = objects.iter().find(|(_, o)| o.relr)?;
    Some(Verdict::Fails {
        reason: FailReason::UnsupportedRelocation,
        message: msg::relr_crash(path),
        details: vec![format!(
            "{path} uses DT_RELR (-z pack-relative-relocs): musl {musl} skips it, musl >= 1.2.4 applies it"
        )],
    })
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
    glibc_rules(
        input,
        version,
        VerdictEnv::Glibc(version.clone()),
        format!("a glibc {version} system of the file's architecture"),
        CxxRuntime::Distribution(version),
    )
}

fn glibc_rules(
    input: &ModelInput,
    version: &DottedVersion,
    env: VerdictEnv,
    assumes: String,
    cxx: CxxRuntime,
) -> EnvVerdict {
    let bundle = matches!(cxx, CxxRuntime::Files(_));
    let assumes = if input.facts.kind == crate::elf_facts::FileKind::SharedLibrary {
        format!("{assumes}, loaded by a glibc process")
    } else {
        assumes
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
        if let Some(musl) = facts
            .needed
            .iter()
            .find(|n| *n == "libc.so" || n.starts_with("libc.musl-"))
        {
            return Verdict::Fails {
                reason: FailReason::MissingLibrary,
                message: msg::glibc_missing_library(input.prog, musl),
                details: vec![format!(
                    "{musl} is musl's libc: a musl-linked file loads only in a musl process (glibc's is libc.so.6)"
                )],
            };
        }
        let triple = crate::rootfs::multiarch_triple(facts.machine.name).unwrap_or("lib");
        let mut too_new = Vec::new();
        for obj in input.bundled.objects(facts) {
            for need in &obj.version_needs {
                if input.bundled.get(&need.file).is_some() {
                    continue;
                }
                for v in &need.versions {
                    let refused = match split_version_name(v) {
                        Some(("GLIBC", needed)) => {
                            needed > *version && is_libc_family_file(&need.file)
                        }
                        Some(("GLIBCXX" | "CXXABI" | "GCC", _)) => {
                            cxx.defines(&need.file, v) == Some(false)
                        }
                        _ => false,
                    };
                    if refused {
                        too_new.push((need.file.clone(), v.clone()));
                    }
                }
            }
        }
        if let Some((file, v)) = too_new.first() {
            let lib_path = format!("/lib/{triple}/{file}");
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
        let others: Vec<&String> = input
            .bundled
            .unbundled_needs(facts)
            .into_iter()
            .filter(|n| !is_musl_builtin_name(n) && !n.starts_with("ld-linux"))
            .filter(|n| !(is_glibc_bundle_member(n) || (bundle && is_cxx_runtime(n))))
            .collect();
        if !others.is_empty() {
            // The bundle fix copies what `ldd` lists on this machine, so
            // the bundle holds them too when this machine has them.
            let how = if bundle {
                "copied into the bundle from this machine"
            } else {
                "installed"
            };
            notes.push(format!("needs {how}: {}", join(&others)));
        }
        if !input.bundled.libs.is_empty() {
            notes.push(format!(
                "bundled through $ORIGIN: {}",
                join(&bundled_names(input.bundled))
            ));
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

/// glibc's own libraries beyond the names musl also claims (`libresolv`, `libcrypt`, NSS).
fn is_glibc_bundle_member(name: &str) -> bool {
    [
        "libresolv.so",
        "libcrypt.so",
        "libnss_",
        "libanl.so",
        "libBrokenLocale.so",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

fn bundled_names(b: &Bundled) -> Vec<&str> {
    b.libs.iter().map(|l| l.needed_name.as_str()).collect()
}

/// What a musl model's root holds beside musl: names a musl process
/// finds in its search path (/lib, /usr/local/lib, /usr/lib). libc6-compat
/// (as the lab's box has it) links glibc's sonames (`libc.so.6`,
/// `libresolv.so.2`, `libcrypt.so.1` ...) in /lib to musl, but glibc's
/// loader name only in /lib64, where a musl process does not look for a
/// DT_NEEDED; gcompat installs its own `/lib/ld-linux-*`.
fn model_provides(model: MuslModel, name: &str) -> bool {
    match model {
        MuslModel::Plain => false,
        MuslModel::Libc6Compat => name == "libresolv.so.2" || name == "libcrypt.so.1",
        MuslModel::Gcompat => name.starts_with("ld-linux"),
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
            "musl root + glibc loader path and sonames symlinked to musl (Alpine libc6-compat)",
        ),
        MuslModel::Gcompat => (
            EnvironmentId::MuslGcompat,
            "musl root + gcompat (some glibc-only symbols)",
        ),
    };
    let mut assumes = format!("{assumes}; {}", musl_assumes(input.musl_version));
    if input.facts.kind == crate::elf_facts::FileKind::SharedLibrary {
        assumes.push_str(", loaded by a musl process");
    }
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
        let extra: Vec<&String> = input
            .bundled
            .unbundled_needs(facts)
            .into_iter()
            .filter(|n| {
                !is_musl_builtin_name(n)
                    && !n.starts_with("ld-musl")
                    && !n.starts_with("libc.musl-")
                    && !model_provides(model, n)
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
        let objects: Vec<(&str, &ElfFacts)> = std::iter::once((input.prog, facts))
            .chain(
                input
                    .bundled
                    .libs
                    .iter()
                    .map(|l| (l.path.as_str(), l.facts.as_ref())),
            )
            .collect();
        if let Some(v) = relr_refused(&objects, Some(input.musl_version)) {
            return v;
        }
        for (path, obj) in &objects {
            if obj.irelative_relocations > 0 {
                let rtype = obj.machine.irelative.unwrap_or(0);
                return Verdict::Fails {
                    reason: FailReason::UnsupportedRelocation,
                    message: msg::musl_unsupported_relocation(path, rtype),
                    details: vec![format!(
                        "{} IRELATIVE relocations in {path} (GNU IFUNC, D05)",
                        obj.irelative_relocations
                    )],
                };
            }
        }
        let mut missing: Vec<(String, String)> = input
            .binding
            .missing
            .iter()
            .map(|s| (input.prog.to_string(), s.clone()))
            .collect();
        for lib in &input.bundled.libs {
            let b = musl_binding(&lib.facts);
            missing.extend(b.missing.into_iter().map(|s| (lib.path.clone(), s)));
        }
        // A symbol one bundled object defines is no longer missing.
        missing.retain(|(_, s)| !objects.iter().any(|(_, o)| o.exports.contains(s)));
        if !missing.is_empty() {
            if model == MuslModel::Gcompat {
                let names: Vec<&str> = missing.iter().map(|(_, s)| s.as_str()).collect();
                return Verdict::Unknown {
                    why: format!(
                        "musl lacks {} symbol(s); runs only if gcompat implements all of: {}",
                        names.len(),
                        join(&names)
                    ),
                };
            }
            let details: Vec<String> = missing
                .iter()
                .map(|(who, s)| msg::musl_missing_symbol(who, s))
                .collect();
            return Verdict::Fails {
                reason: FailReason::MissingSymbol,
                message: details[0].clone(),
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
        env: env.into(),
        assumes,
        verdict,
        notes,
    }
}

/// `musl+bundled-glibc`: a glibc file run (or loaded) by this host's glibc
/// copied into a musl root with its libstdc++ and libgcc_s: glibc's rules
/// against the bundle's versions, not musl's.
pub fn bundled_glibc_model(input: &ModelInput, bundle: &DottedVersion) -> EnvVerdict {
    let facts = input.facts;
    let env = VerdictEnv::from(EnvironmentId::MuslBundledGlibc);
    if facts.libc == Libc::Glibc && !facts.kind.is_static() {
        glibc_rules(
            input,
            bundle,
            env,
            format!("musl root + this host's glibc {bundle} loader and libraries with its libstdc++/libgcc_s, run via ld-linux --library-path"),
            CxxRuntime::Files(input.host_cxx),
        )
    } else {
        let mut v = musl_model(input, MuslModel::Plain);
        v.env = env;
        v.assumes = format!(
            "musl root + a glibc bundle (unused: the file is not a dynamic glibc file); {}",
            musl_assumes(input.musl_version)
        );
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
        env: EnvironmentId::I686OnX86_64.into(),
        assumes: "an x86_64 kernel with IA32 emulation and 64-bit-only libraries".into(),
        verdict,
        notes,
    })
}

/// `qemu-user`: only for files the host CPU cannot run. Without `-L`, qemu
/// opens a dynamic program's loader in `rootfs` (this machine's root), where
/// a foreign loader is usually absent.
pub fn qemu_model(input: &ModelInput, rootfs: &Rootfs, host_machine: &str) -> Option<EnvVerdict> {
    let m = input.facts.machine.name;
    if crate::machine::runs_natively_on(m, host_machine) || m == "unknown" {
        return None;
    }
    let verdict = if let Some(v) = not_a_program(input) {
        v
    } else if input.facts.kind.is_static() {
        Verdict::Runs
    } else if let Some(interp) = input
        .facts
        .interpreter
        .as_deref()
        .filter(|i| rootfs.lookup(i).is_none())
    {
        Verdict::Fails {
            reason: FailReason::MissingInterpreter,
            message: msg::qemu_missing_interpreter(&format!("qemu-{m}-static"), interp),
            details: vec![format!(
                "{interp} is not in {}: give qemu the {m} root with -L SYSROOT \
                 (Debian: the libc6-{m}-cross package installs /usr/{m}-linux-gnu)",
                rootfs.root().display()
            )],
        }
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
        env: EnvironmentId::QemuUser.into(),
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
