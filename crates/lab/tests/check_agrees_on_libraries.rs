//! `muslab check`'s verdicts for the shared libraries that published wheels
//! and npm addons ship, each kind built here, against loading them in the
//! lab's boxes. A library does not run on its own: a process of the libc
//! the verdict assumes loads it with dlopen (fixtures/dlopen.c, built with
//! gcc for a glibc process and musl-gcc for a musl process), started in the
//! box the way the matrix starts a program. Prediction and comparison are
//! the matrix's own (`runner::predict`, `agreement::compare`). Needs root
//! and the lab's boxes (built on first use).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use muslab::agreement;
use muslab::environment::{registry, EnvironmentId};
use muslab::matrix::RunOutcome;
use muslab::runner::predict;
use muslab_check::elf_facts::Libc;
use muslab_check::read_source::read_elf_file;
use muslab_check::{FailReason, Predictor, Verdict};
use muslab_report::probes;

const T: Duration = Duration::from_secs(60);

/// Where subjects sit inside every box's root (and on this machine).
const IN_BOX: &str = "tmp/muslab-library-subjects";

fn scratch() -> PathBuf {
    let dir = std::path::absolute(probes::default_build_dir())
        .expect("build dir")
        .join("muslab")
        .join("library-subjects");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// `compiler args...`; panics with the compiler's words on failure.
fn cc(compiler: &str, args: &[&str]) {
    let out = Command::new(compiler)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {compiler}: {e}"));
    assert!(
        out.status.success(),
        "{compiler} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn fixture(name: &str) -> String {
    muslab::fixtures::source_dir()
        .join(name)
        .display()
        .to_string()
}

/// One library subject: a directory tree (copied whole into each box) and
/// the library in it that is loaded.
struct Subject {
    name: &'static str,
    dir: PathBuf,
    library: &'static str,
}

/// A pointer table: the library needs relative relocations.
const TABLE: &str = "static const char *names[] = {\"a\", \"b\"};\nconst char *name_of(int i) { return names[i & 1]; }\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    p.display().to_string()
}

/// A wheel's layout: `pkg/_ext.so` with RPATH `$ORIGIN/../pkg.libs`, where
/// auditwheel puts the libraries it bundles (`libhelper-1a2b.so`).
fn wheel_tree(dir: &Path, compiler: &str) {
    let libs = dir.join("pkg.libs");
    std::fs::create_dir_all(&libs).expect("pkg.libs");
    std::fs::create_dir_all(dir.join("pkg")).expect("pkg");
    let helper = write(dir, "helper.c", "int helper(int x) { return x + 1; }\n");
    let ext = write(
        dir,
        "ext.c",
        "int helper(int);\nint ext(int x) { return helper(x); }\n",
    );
    let helper_so = libs.join("libhelper-1a2b.so").display().to_string();
    cc(
        compiler,
        &[
            "-shared",
            "-fPIC",
            "-Wl,-soname,libhelper-1a2b.so",
            "-o",
            &helper_so,
            &helper,
        ],
    );
    cc(
        compiler,
        &[
            "-shared",
            "-fPIC",
            "-Wl,--disable-new-dtags,-rpath,$ORIGIN/../pkg.libs",
            "-o",
            &dir.join("pkg/_ext.so").display().to_string(),
            &ext,
            &helper_so,
        ],
    );
}

/// Every subject, built once per test binary.
fn subjects() -> &'static [Subject] {
    static SUBJECTS: OnceLock<Vec<Subject>> = OnceLock::new();
    SUBJECTS.get_or_init(|| {
        let root = scratch().join("subjects");
        let _ = std::fs::remove_dir_all(&root);
        let mut out = Vec::new();
        let mut add = |name: &'static str, library: &'static str, build: &dyn Fn(&Path)| {
            let dir = root.join(name);
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            build(&dir);
            out.push(Subject { name, dir, library });
        };
        let shared = |compiler: &str, dir: &Path, lib: &str, src: &str, flags: &[&str]| {
            let out = dir.join(lib).display().to_string();
            let mut args = vec!["-shared", "-fPIC", "-O2", "-o", &out, src];
            args.extend_from_slice(flags);
            cc(compiler, &args);
        };
        // Class 1: a manylinux and a musllinux wheel's extension module.
        add("origin-glibc", "pkg/_ext.so", &|d| wheel_tree(d, "gcc"));
        add("origin-musl", "pkg/_ext.so", &|d| wheel_tree(d, "musl-gcc"));
        // Class 2: DT_RELR, loadable from musl 1.2.4 and glibc 2.36.
        add("relr-musl", "librelr.so", &|d| {
            shared(
                "musl-gcc",
                d,
                "librelr.so",
                &fixture("relr-lib.c"),
                &["-Wl,-z,pack-relative-relocs"],
            )
        });
        // Class 3: DT_NEEDED glibc's loader by name.
        add("needs-ld-linux", "libldlinux.so", &|d| {
            let src = write(d, "table.c", TABLE);
            shared(
                "gcc",
                d,
                "libldlinux.so",
                &src,
                &["-Wl,--no-as-needed", "/lib64/ld-linux-x86-64.so.2"],
            )
        });
        // Class 4: fcntl64, which no musl defines or remaps.
        add("fcntl64-glibc", "libfcntl64.so", &|d| {
            shared("gcc", d, "libfcntl64.so", &fixture("fcntl64-lib.c"), &[])
        });
        // Classes 5 and 6: linked against musl's libc.so.
        add("musl-linked", "libmusl.so", &|d| {
            let src = write(d, "table.c", TABLE);
            shared("musl-gcc", d, "libmusl.so", &src, &[])
        });
        // Class 9: GLIBCXX_3.4.30 (g++ 12).
        add("glibcxx-3.4.30", "libglibcxx.so", &|d| {
            shared("g++", d, "libglibcxx.so", &fixture("glibcxx-lib.cc"), &[])
        });
        // Class 10: glibc's libresolv, which libc6-compat links to musl.
        add("libresolv", "libres.so", &|d| {
            let src = write(d, "table.c", TABLE);
            shared(
                "gcc",
                d,
                "libres.so",
                &src,
                &["-Wl,--no-as-needed", "-lresolv"],
            )
        });
        out
    })
}

/// The dlopen helpers: a glibc process, a musl process, and a glibc
/// process whose bundle carries libstdc++, libgcc_s and glibc's libresolv,
/// as the bundled-glibc model assumes (the bundle fix copies what `ldd`
/// lists; the bundled-glibc box bundles the program's own DT_NEEDED).
struct Helpers {
    glibc: PathBuf,
    musl: PathBuf,
    glibc_bundle: PathBuf,
}

fn helpers() -> &'static Helpers {
    static HELPERS: OnceLock<Helpers> = OnceLock::new();
    HELPERS.get_or_init(|| {
        let dir = scratch().join("helpers");
        std::fs::create_dir_all(&dir).expect("helpers dir");
        let src = fixture("dlopen.c");
        let build = |compiler: &str, name: &str, libs: &[&str]| {
            let out = dir.join(name);
            let o = out.display().to_string();
            let mut args = vec!["-O2", "-o", &o, &src];
            args.extend_from_slice(libs);
            cc(compiler, &args);
            out
        };
        Helpers {
            glibc: build("gcc", "dlopen-glibc", &[]),
            musl: build("musl-gcc", "dlopen-musl", &[]),
            glibc_bundle: build(
                "gcc",
                "dlopen-glibc-bundle",
                &["-Wl,--no-as-needed", "-lstdc++", "-lgcc_s", "-lresolv"],
            ),
        }
    })
}

/// The process that loads `library` in `env`: the libc check's verdict
/// for that environment assumes.
fn helper_for(env: EnvironmentId, library: &Path) -> &'static Path {
    let h = helpers();
    match env {
        EnvironmentId::MuslRootfs => &h.musl,
        EnvironmentId::MuslBundledGlibc => {
            let facts =
                read_elf_file(library).unwrap_or_else(|e| panic!("{}: {e}", library.display()));
            if facts.libc == Libc::Glibc {
                &h.glibc_bundle
            } else {
                &h.musl
            }
        }
        _ => &h.glibc,
    }
}

/// Copies `from` (a directory tree) to `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).expect("subject dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        }
    }
}

/// What loading showed, as the matrix records a plain program's run.
fn outcome(out: std::io::Result<muslab::environment::ProcessOutput>) -> RunOutcome {
    match out {
        Ok(o) if o.success() => RunOutcome::Exited {
            stdout: o.stdout,
            stderr: o.stderr,
        },
        Ok(o) => RunOutcome::Failed {
            exit: o.exit,
            stderr: o.stderr,
        },
        Err(e) => RunOutcome::NotStarted {
            error: e.to_string(),
        },
    }
}

/// One subject in one box: check's prediction for the copy inside the box
/// and what loading that copy did.
struct Compared {
    subject: &'static str,
    env: EnvironmentId,
    predicted: Verdict,
    loaded: RunOutcome,
    disagreement: Option<String>,
}

fn compare_everywhere() -> &'static [Compared] {
    static RESULTS: OnceLock<Vec<Compared>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let names: Vec<String> = [
            EnvironmentId::Host,
            EnvironmentId::MuslRootfs,
            EnvironmentId::MuslLibc6Compat,
            EnvironmentId::MuslBundledGlibc,
        ]
        .iter()
        .map(|e| e.name().to_owned())
        .collect();
        let mut envs = registry::select(&probes::default_build_dir(), &names)
            .unwrap_or_else(|e| panic!("{e}"));
        let predictor = Predictor::default();
        let mut results = Vec::new();
        for env in &mut envs {
            env.prepare()
                .unwrap_or_else(|e| panic!("{}: {e}", env.name()));
            let root = env.root().expect("prepared").to_owned();
            let base = root.join(IN_BOX);
            let _ = std::fs::remove_dir_all(&base);
            for s in subjects() {
                copy_tree(&s.dir, &base.join(s.name));
                let library = base.join(s.name).join(s.library);
                let inside = format!("/{IN_BOX}/{}/{}", s.name, s.library);
                let loaded =
                    outcome(env.run(helper_for(env.id(), &library), &[inside.as_str()], T));
                let prediction = predict(&predictor, env.as_ref(), &library)
                    .unwrap_or_else(|e| panic!("{} in {}: {e}", s.name, env.name()));
                let disagreement = agreement::compare(0, &prediction, &loaded).map(|c| {
                    format!(
                        "{} in {}: {c:?}; check: {} ({})",
                        s.name,
                        env.name(),
                        agreement::predicted_words(&prediction),
                        prediction.assumes
                    )
                });
                results.push(Compared {
                    subject: s.name,
                    env: env.id(),
                    predicted: prediction.verdict,
                    loaded,
                    disagreement,
                });
            }
            let _ = std::fs::remove_dir_all(&base);
        }
        results
    })
}

fn loaded(r: &Compared) -> bool {
    matches!(r.loaded, RunOutcome::Exited { .. })
}

#[test]
fn every_library_subject_loads_in_every_box_as_check_predicts() {
    let results = compare_everywhere();
    for r in results {
        eprintln!(
            "{:<16} {:<20} check {:<8} loaded {}",
            r.subject,
            r.env.name(),
            r.predicted.word(),
            match &r.loaded {
                RunOutcome::Exited { .. } => "yes".to_owned(),
                RunOutcome::Failed { stderr, .. } => format!("no: {}", stderr.trim()),
                other => format!("{other:?}"),
            }
        );
    }
    let disagreements: Vec<&str> = results
        .iter()
        .filter_map(|r| r.disagreement.as_deref())
        .collect();
    assert_eq!(
        results.len(),
        subjects().len() * 4,
        "got {} comparisons, want every subject in 4 boxes",
        results.len()
    );
    let refused = results.iter().filter(|r| !loaded(r)).count();
    assert!(
        refused >= 8 && refused < results.len(),
        "got {refused} refused loads of {}, want both outcomes",
        results.len()
    );
    assert!(
        disagreements.is_empty(),
        "got {} disagreements between check and loading, want none:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn the_relr_library_crashes_the_musl_box_and_check_says_so_for_its_musl() {
    for env in [EnvironmentId::MuslRootfs, EnvironmentId::MuslBundledGlibc] {
        let r = compare_everywhere()
            .iter()
            .find(|r| r.subject == "relr-musl" && r.env == env)
            .expect("relr in the box");
        match (&r.predicted, &r.loaded) {
            (
                Verdict::Fails {
                    reason: FailReason::UnsupportedRelocation,
                    ..
                },
                RunOutcome::Failed { stderr, .. },
            ) if stderr.contains("Segmentation fault") => {}
            (p, l) => panic!(
                "{env}: got prediction {p:?} and load {l:?}, want a DT_RELR failure predicted and a crash in dlopen (Debian's musl 1.2.3)"
            ),
        }
    }
}
