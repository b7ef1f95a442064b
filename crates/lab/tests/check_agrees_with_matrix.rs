//! `muslab check` predicts, from the ELF file
//! alone, where a binary starts; the lab's matrix runs every probe build and
//! C hello fixture in every environment. This test runs the real matrix once
//! and holds every prediction against what happened, collecting all
//! disagreements before failing so one run shows the whole picture.
//!
//! What "started" means on the matrix side: a probe printed its report, a
//! plain program exited 0, or it got as far as its own code (crashed,
//! timed out, printed a bad report, exited with a status of its own). It did
//! not start when the shell or a loader refused it: exit 127 (`sh: not
//! found`, glibc ld.so and musl ldso both `_exit(127)` on a load error),
//! 126 (`Exec format error`) or the runner's -1 (exec itself failed).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use muslab::environment::ProcessExit;
use muslab::matrix::{Matrix, Run, RunOutcome};
use muslab::rootfs::{self, Flavour};
use muslab::target::Target;
use muslab_check::rootfs::Rootfs;
use muslab_check::{EnvVerdict, FailReason, FileReport, Options, Verdict};
use muslab_report::probes;

/// One way `muslab check` predicts a matrix environment.
#[derive(Clone, Copy)]
enum Prediction {
    /// A model verdict (`musl`, `host` ...) of the default options.
    Model(&'static str),
    /// The `root` verdict against the lab's real rootfs of this flavour: the
    /// same files the environment chroots into.
    Root(Flavour),
}

/// The matrix environments and how check predicts each.
///
/// Not compared, on purpose:
/// - `musl+gcompat`: not available on Debian (no gcompat package); check's
///   `musl-gcompat` also answers `unknown` wherever musl lacks a symbol.
/// - `i386-uname-denied` and `i386-uname-denied+qemu`: a seccomp sandbox that
///   fails uname() for the i386 syscall ABI (S5). Files start there; what
///   breaks is static i686 glibc's start-up uname check. check mentions S5 as
///   a note only; to be compared it would need a `sandbox-i386-uname-denied`
///   environment whose verdict is a start-up crash for static i686 glibc
///   (and for dynamic i686 glibc of old glibc versions) and `runs` under qemu.
/// - the `musl` and `musl-libc6-compat` models for a dynamic file whose
///   architecture the lab's rootfs does not have (its musl loader is not in
///   the root): the models assume a root of the file's own architecture (an
///   i686 Alpine has /lib/ld-linux.so.2 from libc6-compat), while the lab
///   builds x86_64 roots only (Debian ships musl for x86_64 alone). Those
///   files are still compared, through the `root` verdict of the real root.
/// - the `root` verdict of `musl+bundled-glibc`: the environment copies the
///   binary's glibc into the rootfs at run time and starts it through that
///   loader, so the rootfs on disk is not what the binary meets.
fn predictions(lab_env: &str) -> &'static [Prediction] {
    match lab_env {
        "host" => &[Prediction::Model("host")],
        "musl-rootfs" => &[Prediction::Model("musl"), Prediction::Root(Flavour::Musl)],
        "musl+libc6-compat" => &[
            Prediction::Model("musl-libc6-compat"),
            Prediction::Root(Flavour::Libc6Compat),
        ],
        // The musl rootfs plus locale message catalogues and MUSL_LOCPATH:
        // nothing that decides whether a file starts, so the `musl` model.
        "musl-rootfs+locpath" => &[Prediction::Model("musl")],
        "musl+bundled-glibc" => &[Prediction::Model("musl-bundled-glibc")],
        // check's `qemu-user` verdict covers only files the host CPU cannot
        // run (it is absent for x86_64 and i686 files on x86_64). qemu-user
        // without -L takes the loader and libraries from the host's own
        // root, so for native files the `host` verdict is the prediction.
        "qemu-user" => &[Prediction::Model("qemu-user")],
        _ => &[],
    }
}

#[derive(Debug)]
enum Observed {
    Started(String),
    Refused { exit: ProcessExit, stderr: String },
}

fn observed(outcome: &RunOutcome) -> Option<Observed> {
    match outcome {
        RunOutcome::NotAvailable { .. } => None,
        RunOutcome::Report { .. } => Some(Observed::Started("printed its report".into())),
        RunOutcome::Exited { .. } => Some(Observed::Started("exited 0".into())),
        RunOutcome::Failed { exit, stderr } => Some(match exit {
            ProcessExit::Code {
                code: 126 | 127 | -1,
            } => Observed::Refused {
                exit: exit.clone(),
                stderr: stderr.clone(),
            },
            other => Observed::Started(format!(
                "started, then {other:?}: {}",
                stderr.lines().next().unwrap_or("")
            )),
        }),
    }
}

/// The words of a predicted failure that must appear in what the user saw
/// (the program's name differs: check names the file by its path, the
/// rootfs environments bind it as /x).
fn key_words(reason: FailReason, message: &str, details: &[String]) -> Vec<String> {
    let after = |marker: &str| -> Option<String> {
        let rest = &message[message.find(marker)? + marker.len()..];
        Some(rest.split(':').next()?.trim().to_owned())
    };
    match reason {
        FailReason::MissingInterpreter => vec!["not found".into()],
        FailReason::MissingLibrary => after("shared library ")
            .or_else(|| after("shared libraries: "))
            .into_iter()
            .collect(),
        FailReason::MissingVersion => message
            .find("version `")
            .map(|i| message[i..].split(" (").next().unwrap_or("").to_owned())
            .into_iter()
            .collect(),
        FailReason::MissingSymbol => {
            let mut words: Vec<String> = details
                .iter()
                .chain(std::iter::once(&message.to_owned()))
                .filter_map(|d| missing_symbol_in(d))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            words.push(if message.contains("undefined symbol") {
                "undefined symbol".into()
            } else {
                "symbol not found".into()
            });
            words
        }
        FailReason::UnsupportedRelocation => vec!["unsupported relocation type".into()],
        FailReason::WrongArchitecture => vec!["Exec format error".into()],
    }
}

/// `SYM` from musl's `Error relocating OBJ: SYM: symbol not found` or
/// glibc's `...: undefined symbol: SYM`.
fn missing_symbol_in(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_suffix(": symbol not found") {
        return Some(rest.rsplit(": ").next()?.trim().to_owned());
    }
    let i = line.find("undefined symbol: ")?;
    Some(
        line[i + "undefined symbol: ".len()..]
            .split(',')
            .next()?
            .trim()
            .to_owned(),
    )
}

fn binary_of(build_dir: &Path, target: &Target, name: &str) -> PathBuf {
    if let Some(probe) = probes::by_name(name) {
        probes::binary(build_dir, target, probe).unwrap_or_else(|e| panic!("{e}"))
    } else {
        let p = muslab::fixtures::output_path(build_dir, target, name);
        assert!(p.is_file(), "{} ran in the matrix but is gone", p.display());
        p
    }
}

/// Whether the lab's musl root could hold this file's loader: static files
/// need none; dynamic ones need musl's loader for their architecture there.
fn root_has_the_files_arch(build_dir: &Path, report: &FileReport) -> bool {
    if report.elf.interpreter.is_none() {
        return true;
    }
    let root = rootfs::dir_for(build_dir, Flavour::Musl);
    report
        .elf
        .machine
        .musl_loader
        .is_some_and(|l| root.join(l.trim_start_matches('/')).exists())
}

fn run_matrix() -> Matrix {
    let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args(["matrix", "--json", "--no-write", "-q"])
        .output()
        .expect("muslab runs");
    assert!(
        out.status.success(),
        "muslab matrix failed (run `make probes` first if probes are missing): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Matrix::from_json(&String::from_utf8(out.stdout).expect("utf-8")).expect("a matrix")
}

struct Comparison {
    what: String,
    predicted: String,
    observed: String,
    problem: Option<String>,
}

fn compare(verdict: Option<&EnvVerdict>, seen: &Observed) -> (String, Option<String>) {
    let Some(v) = verdict else {
        return ("(no verdict)".into(), Some("check gave no verdict".into()));
    };
    let predicted = match &v.verdict {
        Verdict::Fails { message, .. } => format!("fails: {message}"),
        other => other.word().to_owned(),
    };
    let problem = match (&v.verdict, seen) {
        (Verdict::Unknown { why }, _) => Some(format!("no definite prediction: {why}")),
        (Verdict::NotApplicable { why }, _) => Some(format!("not applicable: {why}")),
        (p, Observed::Started(_)) if p.starts() => None,
        (_, Observed::Started(_)) => Some("predicted a failed start, but it started".into()),
        (p, Observed::Refused { .. }) if p.starts() => {
            Some("predicted a start, but it did not start".into())
        }
        (
            Verdict::Fails {
                reason,
                message,
                details,
            },
            Observed::Refused { stderr, .. },
        ) => {
            let words = key_words(*reason, message, details);
            let absent: Vec<&String> = words
                .iter()
                .filter(|w| !stderr.contains(w.as_str()))
                .collect();
            if words.is_empty() {
                Some(format!(
                    "no key words found in the predicted message ({reason:?})"
                ))
            } else if !absent.is_empty() {
                Some(format!("predicted words {absent:?} not in the real stderr"))
            } else if *reason == FailReason::MissingSymbol {
                let real: BTreeSet<String> = stderr.lines().filter_map(missing_symbol_in).collect();
                let said: BTreeSet<String> = words[..words.len() - 1].iter().cloned().collect();
                (real != said).then(|| {
                    format!("missing symbols differ: predicted {said:?}, loader named {real:?}")
                })
            } else {
                None
            }
        }
        _ => unreachable!("every verdict kind is covered above"),
    };
    (predicted, problem)
}

fn describe(seen: &Observed) -> String {
    match seen {
        Observed::Started(how) => how.clone(),
        Observed::Refused { exit, stderr } => format!("refused ({exit:?}): {}", stderr.trim()),
    }
}

#[test]
fn check_predicts_every_start_and_failure_of_the_lab_matrix() {
    let matrix = run_matrix();
    let build_dir = probes::default_build_dir();
    let root_options = |f: Flavour| Options {
        rootfs: Arc::new(Rootfs::new(rootfs::dir_for(&build_dir, f))),
        ..Options::default()
    };
    let musl_root = root_options(Flavour::Musl);
    let compat_root = root_options(Flavour::Libc6Compat);

    let mut results: Vec<Comparison> = Vec::new();
    let mut skipped = BTreeSet::new();
    let mut per_prediction = std::collections::BTreeMap::<String, usize>::new();
    let mut reports: std::collections::HashMap<PathBuf, FileReport> = Default::default();
    for Run {
        column,
        probe,
        outcome,
        ..
    } in &matrix.runs
    {
        let col = &matrix.columns[*column];
        let Some(seen) = observed(outcome) else {
            continue;
        };
        let preds = predictions(&col.environment);
        if preds.is_empty() {
            skipped.insert(col.environment.clone());
            continue;
        }
        let path = binary_of(&build_dir, &col.target, probe);
        let report = reports
            .entry(path.clone())
            .or_insert_with(|| muslab_check::predict(&path).expect("check reads the binary"));
        for pred in preds {
            let (label, verdict) = match pred {
                Prediction::Model("qemu-user") => match report.verdict("qemu-user") {
                    Some(v) => ("qemu-user".to_owned(), Some(v.clone())),
                    None => (
                        "host (qemu-user, native file)".to_owned(),
                        report.verdict("host").cloned(),
                    ),
                },
                Prediction::Model(id @ ("musl" | "musl-libc6-compat"))
                    if !root_has_the_files_arch(&build_dir, report) =>
                {
                    skipped.insert(format!(
                        "{id} model for dynamic {} files (the lab's root is x86_64)",
                        report.elf.machine.name
                    ));
                    continue;
                }
                Prediction::Model(id) => (id.to_string(), report.verdict(id).cloned()),
                Prediction::Root(f) => {
                    let opts = if *f == Flavour::Musl {
                        &musl_root
                    } else {
                        &compat_root
                    };
                    let r = muslab_check::check_file(&path, opts).expect("check reads the binary");
                    (format!("root={}", f.name()), r.verdict("root").cloned())
                }
            };
            let (predicted, problem) = compare(verdict.as_ref(), &seen);
            *per_prediction.entry(label.clone()).or_insert(0) += 1;
            results.push(Comparison {
                what: format!(
                    "{probe} ({}) @{} as check `{label}`",
                    col.target.triple, col.environment
                ),
                predicted,
                observed: describe(&seen),
                problem,
            });
        }
    }

    let mismatches: Vec<&Comparison> = results.iter().filter(|c| c.problem.is_some()).collect();
    let refused = results
        .iter()
        .filter(|c| c.observed.starts_with("refused"))
        .count();
    eprintln!(
        "compared {} predictions with the matrix ({} of them failed starts); skipped environments: {skipped:?}; {} mismatches",
        results.len(),
        refused,
        mismatches.len()
    );
    eprintln!("comparisons per check verdict: {per_prediction:?}");
    assert!(
        results.len() >= 100,
        "too few comparisons: {}",
        results.len()
    );
    assert!(
        refused > 0,
        "the matrix should contain failed starts to compare"
    );
    let text: Vec<String> = mismatches
        .iter()
        .map(|c| {
            format!(
                "{}\n    predicted: {}\n    observed:  {}\n    problem:   {}",
                c.what,
                c.predicted,
                c.observed,
                c.problem.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} predictions disagree with the matrix:\n{}",
        mismatches.len(),
        results.len(),
        text.join("\n")
    );
}
