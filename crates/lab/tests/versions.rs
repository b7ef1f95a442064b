//! Other releases' C libraries, met for real in Debian roots built with
//! debootstrap under the workspace's build dir (cached there and reused;
//! a root with gcc is about 430-450 MB and takes one to a few minutes to
//! build, depending on the mirror) and in single packages extracted there
//! (the musl loaders: a few MB each). The musl, Go and D08 tests run the
//! matrix's own runner and DNS matrix and assert on what they record.
//! Needs root.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use muslab::agreement;
use muslab::environment::host::Host;
use muslab::environment::in_rootfs;
use muslab::environment::musl_version::MuslVersion;
use muslab::environment::rootfs_environment::RootfsEnvironment;
use muslab::environment::uname_denied::UnameDenied;
use muslab::environment::{Environment, ProcessExit, ProcessOutput};
use muslab::matrix::{Matrix, RunOutcome};
use muslab::rootfs::debian::{self, DebianRoot};
use muslab::rootfs::debian_package::DebianPackage;
use muslab::rootfs::Provenance;
use muslab::runner::{self, Plan};
use muslab::target::Target;
use muslab::version_subjects;
use muslab_check::floors::DottedVersion;
use muslab_check::{check_file, EnvironmentId, Options, Prediction, Verdict};
use muslab_report::probes::{self, RunBy};
use muslab_report::Observed;
use support::{I686_GNU, X86_64_GNU, X86_64_MUSL};

const T: Duration = Duration::from_secs(60);

fn build_dir() -> PathBuf {
    probes::default_build_dir()
}

/// The static hellos built by bullseye's (glibc 2.31) and bookworm's (2.36)
/// i386 gcc, built once per test binary.
fn debian_hellos() -> &'static [(String, PathBuf)] {
    static HELLOS: OnceLock<Vec<(String, PathBuf)>> = OnceLock::new();
    HELLOS.get_or_init(|| {
        muslab::fixtures::build_debian_hellos(&build_dir(), &[Target::new(I686_GNU)])
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|(_, name, path)| (name, path))
            .collect()
    })
}

fn hello_of(suite: &str) -> &'static Path {
    let name = muslab::fixtures::debian_hello_name(suite);
    debian_hellos()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.as_path())
        .unwrap_or_else(|| panic!("no {name} was built"))
}

fn sandbox(via_qemu: bool, proc_hidden: bool) -> UnameDenied {
    let mut env = UnameDenied {
        via_qemu,
        proc_hidden,
    };
    env.prepare().unwrap_or_else(|e| panic!("{e}"));
    env
}

fn run(env: &UnameDenied, binary: &Path) -> ProcessOutput {
    env.run(binary, &[], T)
        .unwrap_or_else(|e| panic!("{} in {}: {e}", binary.display(), env.name()))
}

fn assert_says_hello(env: &UnameDenied, suite: &str) {
    let out = run(env, hello_of(suite));
    assert!(
        out.success() && out.stdout == "hello, world\n",
        "{suite} static hello in {}: got {} stdout {:?} stderr {:?}, want exit 0 and \"hello, world\"",
        env.name(),
        out.exit,
        out.stdout,
        out.stderr
    );
}

#[test]
fn bullseye_static_glibc_aborts_without_uname_and_proc() {
    let out = run(&sandbox(false, true), hello_of("bullseye"));
    assert_eq!(
        out.exit,
        ProcessExit::Signal {
            signal: libc::SIGABRT
        },
        "got {}, want SIGABRT; stderr {:?}",
        out.exit,
        out.stderr
    );
    assert_eq!(
        out.stderr, "FATAL: cannot determine kernel version\n",
        "got stderr {:?}, want glibc 2.31's start-up message",
        out.stderr
    );
    assert_eq!(out.stdout, "", "main must not have run");
}

#[test]
fn bullseye_static_glibc_runs_with_proc_or_under_qemu() {
    for (via_qemu, proc_hidden) in [(false, false), (true, false), (true, true)] {
        assert_says_hello(&sandbox(via_qemu, proc_hidden), "bullseye");
    }
}

#[test]
fn bookworm_static_glibc_never_asks_uname() {
    for via_qemu in [false, true] {
        for proc_hidden in [false, true] {
            assert_says_hello(&sandbox(via_qemu, proc_hidden), "bookworm");
        }
    }
}

/// bullseye amd64 with its gcc: glibc 2.31, the floor check's `--glibc 2.31`
/// models.
fn bullseye_amd64() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        DebianRoot::with_gcc("bullseye", "amd64")
            .ensure(&build_dir())
            .unwrap_or_else(|e| panic!("{e}"))
            .dir
    })
}

/// `binary args...` started by the root's /bin/sh as /x.
fn run_in_root(root: &Path, binary: &Path, args: &[&str]) -> ProcessOutput {
    in_rootfs::run(root, binary, &in_rootfs::subject_command(args), T)
        .unwrap_or_else(|e| panic!("{} in {}: {e}", binary.display(), root.display()))
}

fn host_hello(triple: &str, name: &str) -> PathBuf {
    let t = Target::new(triple);
    let recipe = muslab::fixtures::hello_recipes(&t)
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no {name} recipe for {triple}"));
    let source = muslab::fixtures::source_dir().join("hello.c");
    muslab::fixtures::build(&build_dir(), &t, &recipe, &source).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_program_built_on_glibc_2_36_meets_the_glibc_2_34_floor_in_bullseye() {
    let out = run_in_root(bullseye_amd64(), &host_hello(X86_64_GNU, "hello"), &[]);
    assert_eq!(
        out.exit,
        ProcessExit::Code { code: 1 },
        "got {}, want exit 1 from the loader; stderr {:?}",
        out.exit,
        out.stderr
    );
    let want =
        "/x: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /x)";
    assert!(
        out.stderr.contains(want),
        "got stderr {:?}, want {want:?}",
        out.stderr
    );
}

#[test]
fn static_glibc_static_musl_and_a_bullseye_build_run_in_bullseye() {
    let root = bullseye_amd64();
    let built_there = build_dir()
        .join(X86_64_GNU)
        .join("fixtures")
        .join("hello-built-in-bullseye");
    let source = muslab::fixtures::source_dir().join("hello.c");
    debian::compile_in(root, &source, &[], &built_there).unwrap_or_else(|e| panic!("{e}"));
    for binary in [
        host_hello(X86_64_GNU, "hello-static"),
        host_hello(X86_64_MUSL, "hello-static"),
        built_there,
    ] {
        let out = run_in_root(root, &binary, &[]);
        assert!(
            out.success() && out.stdout == "hello, world\n",
            "{} in bullseye: got {} stdout {:?} stderr {:?}, want hello",
            binary.display(),
            out.exit,
            out.stdout,
            out.stderr
        );
    }
}

/// check's `glibc-X.Y` verdict for a file, as `muslab check --glibc X.Y`
/// gives it.
fn glibc_prediction(binary: &Path, version: &[u32]) -> Prediction {
    let v = DottedVersion(version.to_vec());
    let name = format!("glibc-{}", v);
    let opts = Options {
        glibc_targets: vec![v],
        ..Options::default()
    };
    let report = check_file(binary, &opts).unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    let v = report
        .verdict_named(&name)
        .unwrap_or_else(|| panic!("{}: no {name} verdict", binary.display()));
    Prediction {
        environment: EnvironmentId::Root,
        judged_as: v.env.to_string(),
        assumes: v.assumes.clone(),
        verdict: v.verdict.clone(),
        notes: Vec::new(),
        fixes: Vec::new(),
    }
}

#[test]
fn check_glibc_2_31_verdicts_hold_in_bullseye_for_every_x86_64_subject() {
    let root = bullseye_amd64();
    let mut subjects: Vec<(PathBuf, &[&str])> = Vec::new();
    for triple in [X86_64_GNU, X86_64_MUSL] {
        // probe-dns is left out: outside the DNS lab's namespaces it would
        // ask the root's resolv.conf, the machine's real resolver.
        for p in probes::PROBES.iter().filter(|p| p.run_by != RunBy::DnsLab) {
            subjects.push((support::probe(triple, p.name), &["--json"]));
        }
        for r in muslab::fixtures::hello_recipes(&Target::new(triple)) {
            subjects.push((host_hello(triple, r.name), &[]));
        }
    }
    let mut failures = 0;
    let mut disagreements = Vec::new();
    for (binary, args) in &subjects {
        let prediction = glibc_prediction(binary, &[2, 31]);
        failures += usize::from(matches!(prediction.verdict, Verdict::Fails { .. }));
        let out = run_in_root(root, binary, args);
        let outcome = if out.success() {
            RunOutcome::Exited {
                stdout: out.stdout,
                stderr: out.stderr,
            }
        } else {
            RunOutcome::Failed {
                exit: out.exit,
                stderr: out.stderr,
            }
        };
        if let Some(c) = agreement::compare(0, &prediction, &outcome) {
            disagreements.push(format!("{}: {c:?}", binary.display()));
        }
    }
    assert!(
        disagreements.is_empty(),
        "check's glibc-2.31 verdicts against bullseye: got {} disagreements, want none:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(
        failures >= 2,
        "got {failures} predicted failures, want at least the dynamic glibc hello and probes"
    );
}

#[test]
fn check_root_judges_a_glibcxx_3_4_30_library_by_bullseyes_libstdcxx() {
    let root = bullseye_amd64();
    let src = muslab::fixtures::source_dir();
    // Built with this machine's g++ 12, copied into the root.
    let inside = "/tmp/muslab-glibcxx/libglibcxx.so";
    let lib = root.join(inside.trim_start_matches('/'));
    std::fs::create_dir_all(lib.parent().expect("a parent")).unwrap_or_else(|e| panic!("{e}"));
    muslab::version_subjects::compile(
        "g++",
        &[
            "-shared".as_ref(),
            "-fPIC".as_ref(),
            "-O2".as_ref(),
            "-o".as_ref(),
            lib.as_os_str(),
            src.join("glibcxx-lib.cc").as_os_str(),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let want = format!("version `GLIBCXX_3.4.30' not found (required by {inside})");

    // `muslab check --root`: the root's libstdc++ (GCC 10) is what it reads.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args(["check", "--json", "--root"])
        .arg(root)
        .arg(&lib)
        .output()
        .expect("muslab check runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "muslab check --json: {e}; stderr {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let verdict = doc["files"][0]["verdicts"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["env"] == "root"))
        .unwrap_or_else(|| panic!("no root verdict in {doc}"));
    assert_eq!(
        (verdict["verdict"].as_str(), verdict["reason"].as_str()),
        (Some("fails"), Some("missing-version")),
        "got {verdict}, want fails with missing-version"
    );
    let message = verdict["message"].as_str().unwrap_or("");
    assert!(
        message.contains("libstdc++.so.6: ") && message.contains(&want),
        "got message {message:?}, want libstdc++.so.6 and {want:?}"
    );
    assert!(
        verdict["assumes"]
            .as_str()
            .is_some_and(|a| a.contains("a glibc process")),
        "got {verdict}"
    );

    // Loading it there: a dlopen helper built by bullseye's own gcc.
    let helper = build_dir()
        .join(X86_64_GNU)
        .join("fixtures")
        .join("dlopen-bullseye");
    debian::compile_in(root, &src.join("dlopen.c"), &["-ldl"], &helper)
        .unwrap_or_else(|e| panic!("{e}"));
    let loaded = run_in_root(root, &helper, &[inside]);
    assert!(
        loaded.exit == ProcessExit::Code { code: 127 } && loaded.stderr.contains(&want),
        "dlopen in bullseye: got {} stderr {:?}, want exit 127 and {want:?}",
        loaded.exit,
        loaded.stderr
    );
    // The matrix's comparison of the same verdict with that load.
    let prediction = muslab_check::Predictor::default()
        .predict(&lib, EnvironmentId::Root, root)
        .unwrap_or_else(|e| panic!("{e}"));
    let outcome = RunOutcome::Failed {
        exit: loaded.exit,
        stderr: loaded.stderr,
    };
    let _ = std::fs::remove_dir_all(root.join("tmp/muslab-glibcxx"));
    if let Some(c) = agreement::compare(0, &prediction, &outcome) {
        panic!("check --root against the load in bullseye: got {c:?}, want agreement");
    }
}

/// The musl version subjects (D04, D32) in the musl-version environments,
/// run by the matrix's own runner as `muslab matrix` runs them.
fn musl_version_matrix() -> &'static Matrix {
    static M: OnceLock<Matrix> = OnceLock::new();
    M.get_or_init(|| {
        let targets = vec![Target::new(X86_64_MUSL)];
        let mut envs: Vec<Box<dyn Environment>> = MuslVersion::all(&build_dir())
            .into_iter()
            .map(|e| Box::new(e) as Box<dyn Environment>)
            .collect();
        matrix_of(targets, &mut envs)
    })
}

/// The scoped fixtures of `targets` in `envs`, no probes.
fn matrix_of(targets: Vec<Target>, envs: &mut [Box<dyn Environment>]) -> Matrix {
    let scoped = muslab::fixtures::build_scoped(&build_dir(), &targets, true, true)
        .unwrap_or_else(|e| panic!("{e}"));
    let plan = Plan {
        build_dir: build_dir(),
        targets,
        probes: Vec::new(),
        timeout: T,
        quiet: true,
        plain: Vec::new(),
        scoped,
    };
    runner::run(&plan, envs).unwrap_or_else(|e| panic!("{e}"))
}

/// What `subject` did in the column of `triple` in environment `env`.
fn outcome<'m>(m: &'m Matrix, triple: &str, env: &str, subject: &str) -> &'m RunOutcome {
    let column = m.column_index(triple, env).unwrap_or_else(|| {
        let got: Vec<String> = m.columns.iter().map(|c| c.label(true)).collect();
        panic!("got columns {got:?}, want {env} for {triple}")
    });
    m.runs
        .iter()
        .find(|r| r.column == column && r.probe == subject)
        .map(|r| &r.outcome)
        .unwrap_or_else(|| panic!("{subject} did not run in {env}"))
}

/// Every prediction contradiction of `m`, as lines.
fn contradictions(m: &Matrix) -> Vec<String> {
    m.rows
        .iter()
        .flat_map(|r| r.contradictions.iter().map(move |c| (r, c)))
        .map(|(r, c)| {
            format!(
                "{} in {}: {c:?}",
                r.probe,
                m.columns[c.column()].environment
            )
        })
        .collect()
}

fn assert_printed(o: &RunOutcome, want: &str, what: &str) {
    match o {
        RunOutcome::Exited { stdout, .. } if stdout == want => {}
        other => panic!("{what}: got {other:?}, want exit 0 printing {want:?}"),
    }
}

#[test]
fn musl_version_columns_are_named_by_the_version_each_loader_reports() {
    let got: Vec<&str> = musl_version_matrix()
        .columns
        .iter()
        .map(|c| c.environment.as_str())
        .collect();
    assert_eq!(
        got,
        ["musl-1.2.2", "musl-1.2.3", "musl-1.2.5"],
        "got {got:?}, want bullseye 1.2.2, bookworm 1.2.3, trixie 1.2.5"
    );
}

#[test]
fn musl_version_runs_are_as_check_predicted() {
    let m = musl_version_matrix();
    let unpredicted: Vec<&str> = m
        .runs
        .iter()
        .filter(|r| r.prediction.is_none())
        .map(|r| r.probe.as_str())
        .collect();
    assert!(
        unpredicted.is_empty(),
        "got runs without check's prediction: {unpredicted:?}, want none"
    );
    let c = contradictions(m);
    assert!(
        c.is_empty(),
        "got {} contradictions, want none:\n{}",
        c.len(),
        c.join("\n")
    );
}

#[test]
fn a_dt_relr_library_loads_on_musl_1_2_5_and_crashes_older_musl() {
    let m = musl_version_matrix();
    assert_printed(
        outcome(m, X86_64_MUSL, "musl-1.2.5", "relr-main"),
        "relr ok\n",
        "relr-main on musl 1.2.5",
    );
    for version in ["1.2.2", "1.2.3"] {
        match outcome(m, X86_64_MUSL, &format!("musl-{version}"), "relr-main") {
            RunOutcome::Failed {
                exit: ProcessExit::Signal { signal },
                stderr,
            } if *signal == libc::SIGSEGV && stderr.is_empty() => {}
            other => panic!(
                "musl {version}: got {other:?}, want death by SIGSEGV without a word (DT_RELR ignored)"
            ),
        }
    }
}

#[test]
fn open64_built_on_musl_1_2_3_still_runs_on_1_2_2_to_1_2_5() {
    let m = musl_version_matrix();
    for version in ["1.2.2", "1.2.3", "1.2.5"] {
        assert_printed(
            outcome(m, X86_64_MUSL, &format!("musl-{version}"), "open64"),
            "open64 ok\n",
            &format!("open64 on musl {version}"),
        );
    }
}

#[test]
fn a_library_calling_fcntl64_fails_to_load_on_every_musl() {
    let m = musl_version_matrix();
    for version in ["1.2.2", "1.2.3", "1.2.5"] {
        let want = "/usr/lib/libfcntl64.so: fcntl64: symbol not found";
        match outcome(m, X86_64_MUSL, &format!("musl-{version}"), "fcntl64-main") {
            RunOutcome::Failed {
                exit: ProcessExit::Code { code: 127 },
                stderr,
            } if stderr.contains(want) => {}
            other => panic!("musl {version}: got {other:?}, want exit 127 and {want:?}"),
        }
    }
}

#[test]
fn a_dt_relr_library_loads_on_glibc_2_36_and_is_refused_by_2_31() {
    let dir = scratch("relr-glibc");
    let main = version_subjects::relr_program("gcc", &dir).unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = std::process::Command::new(&main);
    cmd.env("LD_LIBRARY_PATH", &dir);
    let here = muslab_sys::process::run(cmd, T).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        here.success() && here.stdout == "relr ok\n",
        "glibc 2.36: got {} stdout {:?} stderr {:?}, want \"relr ok\"",
        here.exit,
        here.stdout,
        here.stderr
    );
    // The program built by bullseye's gcc (a host build would need
    // GLIBC_2.34 first). bullseye's ld cannot read a DT_RELR library, so it
    // links against the same library without packed relocations; the
    // packed one is what the loader meets.
    let root = bullseye_amd64();
    let inside = root.join("tmp/muslab-relr");
    std::fs::create_dir_all(&inside).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(dir.join("librelr.so"), inside.join("librelr.so"))
        .unwrap_or_else(|e| panic!("{e}"));
    version_subjects::relr_library("gcc", &inside.join("link"), false)
        .unwrap_or_else(|e| panic!("{e}"));
    let old_main = dir.join("relr-main-bullseye");
    debian::compile_in(
        root,
        &muslab::fixtures::source_dir().join("relr-main.c"),
        &["/tmp/muslab-relr/link/librelr.so"],
        &old_main,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = in_rootfs::run(root, &old_main, "LD_LIBRARY_PATH=/tmp/muslab-relr /x", T)
        .unwrap_or_else(|e| panic!("{e}"));
    let want = "version `GLIBC_ABI_DT_RELR' not found (required by /tmp/muslab-relr/librelr.so)";
    assert!(
        !out.success() && out.stderr.contains(want),
        "glibc 2.31: got {} stderr {:?}, want {want:?}",
        out.exit,
        out.stderr
    );
}

/// Where these tests put what they compile.
fn scratch(name: &str) -> PathBuf {
    let dir = build_dir().join("muslab").join("versions-test").join(name);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// The Go hellos in this machine, the musl box and the libc6-compat box, as
/// the matrix runs them.
fn go_matrix() -> &'static Matrix {
    static M: OnceLock<Matrix> = OnceLock::new();
    M.get_or_init(|| {
        let mut envs: Vec<Box<dyn Environment>> = vec![
            Box::new(Host),
            Box::new(RootfsEnvironment::musl(&build_dir())),
            Box::new(RootfsEnvironment::libc6_compat(&build_dir())),
        ];
        matrix_of(vec![Target::new(X86_64_GNU)], &mut envs)
    })
}

const GO_SAYS: &str = "hello from go\n";

#[test]
fn a_cgo_go_program_is_not_found_in_the_musl_box_and_runs_with_libc6_compat() {
    let m = go_matrix();
    let cgo = muslab::fixtures::go_hello_name(true);
    match outcome(m, X86_64_GNU, "musl-rootfs", cgo) {
        RunOutcome::Failed {
            exit: ProcessExit::Code { code: 127 },
            stderr,
        } if stderr.trim() == "/bin/sh: /x: not found" => {}
        other => {
            panic!("cgo build in the musl box: got {other:?}, want exit 127 and sh's not found")
        }
    }
    assert_printed(
        outcome(m, X86_64_GNU, "musl+libc6-compat", cgo),
        GO_SAYS,
        "cgo build with libc6-compat",
    );
    assert_printed(
        outcome(m, X86_64_GNU, "host", cgo),
        GO_SAYS,
        "cgo build on this machine",
    );
}

#[test]
fn a_cgo_free_go_program_runs_everywhere() {
    let m = go_matrix();
    let nocgo = muslab::fixtures::go_hello_name(false);
    for env in ["host", "musl-rootfs", "musl+libc6-compat"] {
        assert_printed(
            outcome(m, X86_64_GNU, env, nocgo),
            GO_SAYS,
            &format!("CGO_ENABLED=0 build in {env}"),
        );
    }
    let binary = muslab::fixtures::build_go(&build_dir(), false).unwrap_or_else(|e| panic!("{e}"));
    let out = run_in_root(bullseye_amd64(), &binary, &[]);
    assert!(
        out.success() && out.stdout == GO_SAYS,
        "CGO_ENABLED=0 build in bullseye: got {} stderr {:?}, want \"hello from go\"",
        out.exit,
        out.stderr
    );
}

#[test]
fn go_runs_are_as_check_predicted() {
    let c = contradictions(go_matrix());
    assert!(
        c.is_empty(),
        "got {} contradictions, want none:\n{}",
        c.len(),
        c.join("\n")
    );
}

#[test]
fn musl_retries_a_truncated_answer_over_tcp_from_1_2_4() {
    let m = muslab::dns_matrix::run(
        &build_dir(),
        &[],
        &[Box::new(muslab_dns::scenario::d08_truncation::Truncation)],
        true,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let transport = m
        .rows
        .iter()
        .find(|r| r.probe == muslab::dns_matrix::GETADDRINFO && r.case == "tc-retry/transport")
        .unwrap_or_else(|| panic!("no tc-retry/transport row for the C client"));
    let said = m
        .rows
        .iter()
        .find(|r| r.probe == muslab::dns_matrix::GETADDRINFO && r.case == "tc-retry/getaddrinfo")
        .unwrap_or_else(|| panic!("no tc-retry/getaddrinfo row for the C client"));
    let mut versions = Vec::new();
    for (i, column) in m.columns.iter().enumerate() {
        let version = column
            .environment
            .strip_prefix("musl-")
            .unwrap_or_else(|| panic!("column {} is not a musl version", column.environment));
        versions.push(version.to_owned());
        let parsed =
            DottedVersion::parse(version).unwrap_or_else(|| panic!("{version:?} is not a version"));
        let tcp_from_1_2_4 = parsed >= DottedVersion(vec![1, 2, 4]);
        let (want_transports, want_said) = if tcp_from_1_2_4 {
            (
                Observed::List(vec!["udp".into(), "tcp".into()]),
                "addresses: 3",
            )
        } else {
            // The truncated UDP answer taken as the whole answer: no records.
            (
                Observed::List(vec!["udp".into()]),
                "error: Name does not resolve",
            )
        };
        let cell = |row: &muslab::matrix::Row| {
            row.cells[i]
                .as_ref()
                .map(|c| c.observed.clone())
                .unwrap_or(Observed::None)
        };
        assert_eq!(
            (cell(transport), cell(said)),
            (want_transports.clone(), Observed::text(want_said)),
            "musl {version}: got the transports and words on the left, want {want_transports} and {want_said:?}"
        );
    }
    assert_eq!(
        versions,
        ["1.2.2", "1.2.3", "1.2.5"],
        "got the versions {versions:?} in the DNS matrix, want bullseye's, bookworm's and trixie's"
    );
}

/// trixie amd64 with its gcc: glibc 2.41.
fn trixie_amd64() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let built = DebianRoot::with_gcc("trixie", "amd64")
            .ensure(&build_dir())
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "trixie amd64 root: {:?} in {:.1} s",
            built.provenance,
            built.took.as_secs_f64()
        );
        built.dir
    })
}

#[test]
fn a_program_built_on_glibc_2_41_meets_the_glibc_2_38_floor_on_bookworm() {
    let root = trixie_amd64();
    let binary = build_dir()
        .join(X86_64_GNU)
        .join("fixtures")
        .join("strlcpy-built-in-trixie");
    let source = muslab::fixtures::source_dir().join("strlcpy.c");
    debian::compile_in(root, &source, &[], &binary).unwrap_or_else(|e| panic!("{e}"));
    let there = run_in_root(root, &binary, &[]);
    assert!(
        there.success() && there.stdout == "strlcpy (10)\n",
        "in trixie: got {} stdout {:?} stderr {:?}, want \"strlcpy (10)\"",
        there.exit,
        there.stdout,
        there.stderr
    );
    // This machine is Debian 12, bookworm: glibc 2.36.
    let mut host = Host;
    host.prepare().unwrap_or_else(|e| panic!("{e}"));
    let out = host.run(&binary, &[], T).unwrap_or_else(|e| panic!("{e}"));
    let shown = binary.display();
    let want = format!(
        "{shown}: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found (required by {shown})"
    );
    assert!(
        out.exit == ProcessExit::Code { code: 1 } && out.stderr.contains(&want),
        "on glibc 2.36: got {} stderr {:?}, want exit 1 and {want:?}",
        out.exit,
        out.stderr
    );
    let prediction = glibc_prediction(&binary, &[2, 36]);
    assert!(
        matches!(prediction.verdict, Verdict::Fails { .. }),
        "check --glibc 2.36: got {:?}, want a failure",
        prediction.verdict
    );
    let outcome = RunOutcome::Failed {
        exit: out.exit,
        stderr: out.stderr,
    };
    assert!(
        agreement::compare(0, &prediction, &outcome).is_none(),
        "check's glibc-2.36 verdict {:?} disagrees with the run {outcome:?}",
        prediction.verdict
    );
}

#[test]
fn two_fetches_of_one_package_at_once_fetch_it_once() {
    let dir = std::env::temp_dir().join(format!("muslab-lock-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let package = DebianPackage {
        suite: "bullseye",
        arch: "amd64",
        name: "musl",
    };
    let got: Vec<Result<(PathBuf, Provenance), String>> = std::thread::scope(|s| {
        let a = s.spawn(|| package.ensure_reporting(&dir));
        let b = s.spawn(|| package.ensure_reporting(&dir));
        [a, b]
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| panic!("a fetch panicked")))
            .collect()
    });
    let _ = std::fs::remove_dir_all(&dir);
    let provenances: Vec<Provenance> = got
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("a concurrent fetch failed: {e}"))
                .1
        })
        .collect();
    let built = provenances
        .iter()
        .filter(|p| matches!(p, Provenance::Built { .. }))
        .count();
    assert_eq!(
        (built, provenances.len() - built),
        (1, 1),
        "got {provenances:?}, want one fetch and one reuse of what it fetched"
    );
}
