//! One file, start to finish: facts -> floors, musl binding, catalogue
//! exposures -> verdicts per environment -> fixes. This is the public
//! prediction API (`predict`, `check_file`, `check_bytes`).

use crate::bundled::{bundled, Bundled, Neighbourhood};
use crate::catalogue::{exposures, musl_default_thread_stack, Exposure};

/// The S2 warning on every start of a musl program that creates threads
/// without a stack size.
pub const MUSL_THREAD_STACK_NOTE: &str = "S2: pthread_create without a stack size and no PT_GNU_STACK size: musl gives each thread 128 KiB of stack (since 1.1.21), so a thread needing more dies with SIGSEGV; see fix thread-stack";
use crate::elf_facts::{ElfFacts, Libc};
use crate::fixes::{fixes, Fix};
use crate::floors::{floors_of, DottedVersion, Floors};
use crate::musl_binding::{musl_binding, MuslBinding};
use crate::predict_model::{
    bundled_glibc_model, glibc_model, i686_model, musl_model, qemu_model, ModelInput, MuslModel,
};
use crate::predict_rootfs::rootfs_verdict;
use crate::read_source::{read_elf_bytes, read_elf_file, FactsCache, ReadError};
use crate::rootfs::Rootfs;
use crate::verdict::{EnvVerdict, Verdict};
use crate::verdict_env::VerdictEnv;
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Settings shared by every file of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// glibc versions to model (`--glibc`), each an environment `glibc-X.Y`.
    pub glibc_targets: Vec<DottedVersion>,
    /// The root whose files decide the `host` (or `root`) verdict.
    pub rootfs: Arc<Rootfs>,
    /// Library facts shared across files.
    pub cache: Arc<FactsCache>,
    /// `uname -m` of the machine that would run the files.
    pub host_machine: String,
    /// The musl the musl models assume (`--musl`).
    pub musl_version: DottedVersion,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            glibc_targets: vec![DottedVersion(vec![2, 28])],
            rootfs: Arc::new(Rootfs::new("/")),
            cache: Arc::new(FactsCache::default()),
            host_machine: crate::machine::host_machine_name().to_string(),
            musl_version: DottedVersion::parse(crate::musl_version::MODEL_DEFAULT)
                .unwrap_or(DottedVersion(vec![1, 2, 5])),
        }
    }
}

/// The report for one file: what it is, where it runs, and how to fix it.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// As given (archive members: `ARCHIVE!/member`).
    pub path: String,
    pub elf: ElfFacts,
    pub floors: Floors,
    pub musl: MuslBinding,
    /// Catalogue rows the file meets when it runs on the other libc.
    pub exposures: Vec<Exposure>,
    /// One verdict per environment.
    pub verdicts: Vec<EnvVerdict>,
    /// Fixes, best first.
    pub fixes: Vec<Fix>,
}

impl FileReport {
    /// The verdict for an environment, if it was judged.
    pub fn verdict(&self, env: impl Into<VerdictEnv>) -> Option<&EnvVerdict> {
        let env = env.into();
        self.verdicts.iter().find(|v| v.env == env)
    }

    /// The verdict for an environment named as users write it
    /// (`musl-rootfs`, `glibc-2.28`); `None` for an unknown name too.
    pub fn verdict_named(&self, name: &str) -> Option<&EnvVerdict> {
        self.verdict(name.parse::<VerdictEnv>().ok()?)
    }

    /// Frees the import and export tables, which no output shows (a library
    /// can hold thousands of names; a tree scan keeps a few chunks of reports
    /// in flight).
    pub fn shed_symbol_tables(&mut self) {
        self.elf.imports = Vec::new();
        self.elf.exports = Default::default();
    }
}

/// Predicts with default options (this machine, glibc 2.28). The API the
/// lab's matrix test calls: `predict(path)?.verdict(EnvironmentId::MuslRootfs)`; for one environment see
/// [`crate::prediction`].
pub fn predict(path: &Path) -> Result<FileReport, ReadError> {
    check_file(path, &Options::default())
}

/// Reads and judges the ELF file at `path`.
pub fn check_file(path: &Path, opts: &Options) -> Result<FileReport, ReadError> {
    let facts = read_elf_file(path)?;
    let display = opts.rootfs.shown_path(path);
    let inside = inside_path(path, &opts.rootfs);
    // Only files with `$ORIGIN` in their search paths have neighbours to find.
    let uses_origin = facts
        .rpath
        .iter()
        .chain(&facts.runpath)
        .any(|d| d.contains("ORIGIN"));
    let dir = uses_origin
        .then(|| std::fs::canonicalize(path).ok())
        .flatten()
        .and_then(|p| p.parent().map(|d| d.display().to_string()));
    let bundled = match &dir {
        Some(d) => bundled(&facts, d, &Neighbourhood::Disk(&opts.cache)),
        None => Bundled::default(),
    };
    Ok(judge(facts, &display, inside.as_deref(), &bundled, opts))
}

/// Judges an in-memory image (an archive member) named `display`.
pub fn check_bytes(bytes: &[u8], display: &str, opts: &Options) -> Result<FileReport, ReadError> {
    let facts = read_elf_bytes(bytes).map_err(ReadError::Elf)?;
    Ok(judge(facts, display, None, &Bundled::default(), opts))
}

/// Judges an archive member already read, `member` (`/dir/name`) among
/// `members` (every ELF member of the archive, for `$ORIGIN`). Inside the
/// root the member is taken to sit at `member`.
pub fn check_member(
    facts: ElfFacts,
    display: &str,
    member: &str,
    members: &std::collections::HashMap<String, Arc<ElfFacts>>,
    opts: &Options,
) -> FileReport {
    let dir = member.rsplit_once('/').map(|(d, _)| d).unwrap_or("/");
    let dir = if dir.is_empty() { "/" } else { dir };
    let bundled = bundled(&facts, dir, &Neighbourhood::Archive(members));
    judge(facts, display, Some(member), &bundled, opts)
}

/// Where `path` sits inside the root (for $ORIGIN), if it is inside it.
fn inside_path(path: &Path, rootfs: &Rootfs) -> Option<String> {
    let abs = std::fs::canonicalize(path).ok()?;
    let root = std::fs::canonicalize(rootfs.root()).ok()?;
    let rel = abs.strip_prefix(&root).ok()?;
    Some(format!("/{}", rel.display()))
}

/// The glibc version of this machine's libc.so.6 (highest `GLIBC_x.y` it
/// defines): the glibc that "bundle the loader and libraries" would ship.
/// Always read from this machine, never from `--root`, so the process-wide
/// cache holds one answer whatever root a caller judges.
pub fn host_glibc_version(opts: &Options) -> Option<DottedVersion> {
    static CELL: OnceLock<Option<DottedVersion>> = OnceLock::new();
    CELL.get_or_init(|| {
        let triple = crate::rootfs::multiarch_triple(crate::machine::host_machine_name())?;
        let path = [
            format!("/lib/{triple}/libc.so.6"),
            "/lib64/libc.so.6".into(),
            "/lib/libc.so.6".into(),
        ]
        .into_iter()
        .find_map(|p| Rootfs::new("/").lookup(&p))?;
        let facts = opts.cache.get(&path)?;
        glibc_version_of(&facts)
    })
    .clone()
}

/// The highest `GLIBC_x.y` a libc.so.6 defines.
pub fn glibc_version_of(libc: &ElfFacts) -> Option<DottedVersion> {
    libc.version_defs
        .iter()
        .filter_map(|v| match crate::floors::split_version_name(v) {
            Some(("GLIBC", ver)) if v.starts_with("GLIBC_2") => Some(ver),
            _ => None,
        })
        .max()
}

/// This machine's libstdc++.so.6 and libgcc_s.so.1 (read once): what
/// "bundle glibc" ships beside it.
fn host_cxx(opts: &Options) -> &'static [Arc<ElfFacts>] {
    static CELL: OnceLock<Vec<Arc<ElfFacts>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let Some(triple) = crate::rootfs::multiarch_triple(crate::machine::host_machine_name())
        else {
            return Vec::new();
        };
        let host = Rootfs::new("/");
        ["libstdc++.so.6", "libgcc_s.so.1"]
            .iter()
            .filter_map(|n| {
                [
                    format!("/usr/lib/{triple}/{n}"),
                    format!("/lib/{triple}/{n}"),
                ]
                .into_iter()
                .find_map(|p| host.lookup(&p))
            })
            .filter_map(|p| opts.cache.get(&p))
            .collect()
    })
}

fn judge(
    facts: ElfFacts,
    display: &str,
    inside: Option<&str>,
    bundled: &Bundled,
    opts: &Options,
) -> FileReport {
    let floors = floors_of(&facts);
    let binding = musl_binding(&facts);
    let exposures = exposures(&facts, &binding.lfs64);
    let prog = display;
    let input = ModelInput {
        facts: &facts,
        floors: &floors,
        binding: &binding,
        exposures: &exposures,
        prog,
        bundled,
        musl_version: &opts.musl_version,
        host_cxx: host_cxx(opts),
    };
    let mut verdicts = Vec::new();
    let inside = inside
        .map(str::to_string)
        .unwrap_or_else(|| format!("/{}", display.rsplit('/').next().unwrap_or(display)));
    verdicts.push(rootfs_verdict(
        &input,
        &opts.rootfs,
        &opts.cache,
        &inside,
        &opts.host_machine,
    ));
    for v in &opts.glibc_targets {
        verdicts.push(glibc_model(&input, v));
    }
    verdicts.push(musl_model(&input, MuslModel::Plain));
    verdicts.push(musl_model(&input, MuslModel::Libc6Compat));
    verdicts.push(musl_model(&input, MuslModel::Gcompat));
    if let Some(bundle) = host_glibc_version(opts) {
        verdicts.push(bundled_glibc_model(&input, &bundle));
    }
    verdicts.extend(i686_model(&input));
    verdicts.extend(qemu_model(&input, &opts.rootfs, &opts.host_machine));
    if facts.symbols_incomplete && !facts.kind.is_static() {
        let why = format!(
            "its dynamic symbol table could not be read in full: {}",
            facts.warnings.join("; ")
        );
        for v in &mut verdicts {
            v.verdict = std::mem::replace(&mut v.verdict, Verdict::Runs).with_imports_unread(&why);
        }
    }
    if musl_default_thread_stack(&facts, &exposures) {
        for v in verdicts.iter_mut().filter(|v| v.verdict.starts()) {
            v.notes.push(MUSL_THREAD_STACK_NOTE.into());
        }
    }
    let fixes = fixes(&facts, &floors, &binding, &exposures, &verdicts, prog);
    // Exposures matter only where the other libc runs the file.
    let exposures = if facts.libc == Libc::Other && facts.kind.is_static() {
        Vec::new()
    } else {
        exposures
    };
    FileReport {
        path: display.to_string(),
        elf: facts,
        floors,
        musl: binding,
        exposures,
        verdicts,
        fixes,
    }
}
