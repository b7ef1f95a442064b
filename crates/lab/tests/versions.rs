//! Other releases' C libraries, met for real in Debian roots built with
//! debootstrap under the workspace's build dir (cached there; the first run
//! builds each root, about two minutes each on a cold mirror). Needs root.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use muslab::agreement;
use muslab::environment::in_rootfs;
use muslab::environment::rootfs_environment::RootfsEnvironment;
use muslab::environment::uname_denied::UnameDenied;
use muslab::environment::{Environment, ProcessExit, ProcessOutput};
use muslab::matrix::RunOutcome;
use muslab::rootfs::debian::{self, DebianRoot};
use muslab::rootfs::debian_package::{musl_loader, MuslLoader};
use muslab::target::Target;
use muslab_check::floors::DottedVersion;
use muslab_check::{check_file, EnvironmentId, Options, Prediction, Verdict};
use muslab_report::probes::{self, RunBy};
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

/// check's `glibc-2.31` verdict for a file, as `muslab check --glibc 2.31`
/// gives it.
fn glibc_2_31_prediction(binary: &Path) -> Prediction {
    let opts = Options {
        glibc_targets: vec![DottedVersion(vec![2, 31])],
        ..Options::default()
    };
    let report = check_file(binary, &opts).unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    let v = report
        .verdict_named("glibc-2.31")
        .unwrap_or_else(|| panic!("{}: no glibc-2.31 verdict", binary.display()));
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
        let prediction = glibc_2_31_prediction(binary);
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
    cc(
        "g++",
        &[
            "-shared".as_ref(),
            "-fPIC".as_ref(),
            "-O2".as_ref(),
            "-o".as_ref(),
            lib.as_os_str(),
            src.join("glibcxx-lib.cc").as_os_str(),
        ],
    );
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

/// The musl loaders of bullseye, bookworm and trixie, each with the version
/// it reports when run.
fn musl_loaders() -> &'static [MuslLoader] {
    static LOADERS: OnceLock<Vec<MuslLoader>> = OnceLock::new();
    LOADERS.get_or_init(|| {
        ["bullseye", "bookworm", "trixie"]
            .into_iter()
            .map(|suite| musl_loader(&build_dir(), suite).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    })
}

fn loader_of(version: &str) -> &'static MuslLoader {
    musl_loaders()
        .iter()
        .find(|l| l.version == version)
        .unwrap_or_else(|| {
            let got: Vec<&str> = musl_loaders().iter().map(|l| l.version.as_str()).collect();
            panic!("got musl loaders {got:?}, want one reporting {version}")
        })
}

/// Where these tests put what they compile.
fn scratch(name: &str) -> PathBuf {
    let dir = build_dir().join("muslab").join("versions-test").join(name);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// fixtures/NAME.c built with musl-gcc (dynamic, Debian's musl) into a
/// scratch directory of its own: (that directory, the program).
fn musl_program(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let program = dir.join(name);
    let src = muslab::fixtures::source_dir().join(format!("{name}.c"));
    cc(
        "musl-gcc",
        &[
            "-O2".as_ref(),
            "-o".as_ref(),
            program.as_os_str(),
            src.as_os_str(),
        ],
    );
    (dir, program)
}

/// `compiler args...`; panics with the compiler's words on failure.
fn cc(compiler: &str, args: &[&std::ffi::OsStr]) {
    let out = std::process::Command::new(compiler)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {compiler}: {e}"));
    assert!(
        out.status.success(),
        "{compiler} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// relr-lib.c as `librelr.so` (packed relative relocations) and relr-main.c
/// linked against it, with `compiler`, in `dir`.
fn build_relr(compiler: &str, dir: &Path) -> PathBuf {
    let src = muslab::fixtures::source_dir();
    let lib = build_relr_lib(compiler, dir, "-Wl,-z,pack-relative-relocs");
    let main = dir.join("relr-main");
    cc(
        compiler,
        &[
            "-O2".as_ref(),
            "-o".as_ref(),
            main.as_os_str(),
            src.join("relr-main.c").as_os_str(),
            lib.as_os_str(),
        ],
    );
    main
}

/// relr-lib.c as `dir/librelr.so`, linked with `relocs` (packed or not).
fn build_relr_lib(compiler: &str, dir: &Path, relocs: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let lib = dir.join("librelr.so");
    cc(
        compiler,
        &[
            "-shared".as_ref(),
            "-fPIC".as_ref(),
            "-O2".as_ref(),
            relocs.as_ref(),
            "-Wl,-soname,librelr.so".as_ref(),
            "-o".as_ref(),
            lib.as_os_str(),
            muslab::fixtures::source_dir()
                .join("relr-lib.c")
                .as_os_str(),
        ],
    );
    lib
}

/// `program` started by `loader` itself, with `library_path` searched first.
fn under_loader(loader: &MuslLoader, library_path: &Path, program: &Path) -> ProcessOutput {
    let mut cmd = std::process::Command::new(&loader.path);
    cmd.arg("--library-path").arg(library_path).arg(program);
    muslab_sys::process::run(cmd, T)
        .unwrap_or_else(|e| panic!("{} under musl {}: {e}", program.display(), loader.version))
}

#[test]
fn debian_suites_carry_musl_1_2_2_1_2_3_and_1_2_5() {
    let got: Vec<&str> = musl_loaders().iter().map(|l| l.version.as_str()).collect();
    assert_eq!(
        got,
        ["1.2.2", "1.2.3", "1.2.5"],
        "got {got:?}, want bullseye 1.2.2, bookworm 1.2.3, trixie 1.2.5"
    );
}

#[test]
fn a_dt_relr_library_loads_on_musl_1_2_5_and_crashes_older_musl() {
    let dir = scratch("relr-musl");
    let main = build_relr("musl-gcc", &dir);
    let ok = under_loader(loader_of("1.2.5"), &dir, &main);
    assert!(
        ok.success() && ok.stdout == "relr ok\n",
        "musl 1.2.5: got {} stdout {:?} stderr {:?}, want \"relr ok\"",
        ok.exit,
        ok.stdout,
        ok.stderr
    );
    for version in ["1.2.2", "1.2.3"] {
        let out = under_loader(loader_of(version), &dir, &main);
        assert_eq!(
            out.exit,
            ProcessExit::Signal {
                signal: libc::SIGSEGV
            },
            "musl {version}: got {} stdout {:?} stderr {:?}, want SIGSEGV (DT_RELR ignored)",
            out.exit,
            out.stdout,
            out.stderr
        );
    }
}

#[test]
fn a_dt_relr_library_loads_on_glibc_2_36_and_is_refused_by_2_31() {
    let dir = scratch("relr-glibc");
    let main = build_relr("gcc", &dir);
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
    build_relr_lib("gcc", &inside.join("link"), "-Wl,-z,nopack-relative-relocs");
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

#[test]
fn open64_built_on_musl_1_2_3_still_runs_on_1_2_5() {
    let (dir, program) = musl_program("open64");
    for version in ["1.2.3", "1.2.5"] {
        let out = under_loader(loader_of(version), &dir, &program);
        assert!(
            out.success() && out.stdout == "open64 ok\n",
            "musl {version}: got {} stdout {:?} stderr {:?}, want \"open64 ok\"",
            out.exit,
            out.stdout,
            out.stderr
        );
    }
}

fn go_hello(cgo: bool) -> PathBuf {
    muslab::fixtures::build_go(&build_dir(), cgo).unwrap_or_else(|e| panic!("{e}"))
}

fn in_box(mut env: RootfsEnvironment, binary: &Path) -> ProcessOutput {
    env.prepare().unwrap_or_else(|e| panic!("{e}"));
    env.run(binary, &[], T)
        .unwrap_or_else(|e| panic!("{} in {}: {e}", binary.display(), env.name()))
}

#[test]
fn a_cgo_go_program_is_not_found_in_the_musl_box_and_runs_with_libc6_compat() {
    let cgo = go_hello(true);
    let out = in_box(RootfsEnvironment::musl(&build_dir()), &cgo);
    assert_eq!(
        (out.exit.clone(), out.stderr.trim()),
        (ProcessExit::Code { code: 127 }, "/bin/sh: /x: not found"),
        "cgo build in the musl box: got {} {:?}, want exit 127 and sh's not found",
        out.exit,
        out.stderr
    );
    let out = in_box(RootfsEnvironment::libc6_compat(&build_dir()), &cgo);
    assert!(
        out.success() && out.stdout == "hello from go\n",
        "cgo build with libc6-compat: got {} stdout {:?} stderr {:?}, want \"hello from go\"",
        out.exit,
        out.stdout,
        out.stderr
    );
}

#[test]
fn a_cgo_free_go_program_runs_everywhere() {
    let nocgo = go_hello(false);
    for env in [
        RootfsEnvironment::musl(&build_dir()),
        RootfsEnvironment::libc6_compat(&build_dir()),
    ] {
        let name = env.name();
        let out = in_box(env, &nocgo);
        assert!(
            out.success() && out.stdout == "hello from go\n",
            "CGO_ENABLED=0 build in {name}: got {} stdout {:?} stderr {:?}, want \"hello from go\"",
            out.exit,
            out.stdout,
            out.stderr
        );
    }
    let out = run_in_root(bullseye_amd64(), &nocgo, &[]);
    assert!(
        out.success() && out.stdout == "hello from go\n",
        "CGO_ENABLED=0 build in bullseye: got {} stderr {:?}, want \"hello from go\"",
        out.exit,
        out.stderr
    );
}

/// What each musl loader's resolver made of D08's truncated answer
/// (`tc.test`: UDP reply with TC and no records, the full answer over TCP):
/// (version, what getaddrinfo printed, TCP queries the server received).
fn truncation_per_musl_version() -> Vec<(String, String, usize)> {
    let (_, program) = musl_program("getaddrinfo");
    let loaders = musl_loaders();
    let spec = muslab_dns::scenario::d08_truncation::spec();
    muslab_dns::fixture::run(&spec, |fx| {
        loaders
            .iter()
            .map(|loader| {
                fx.log().take();
                let mut cmd = std::process::Command::new(&loader.path);
                cmd.arg(&program).arg("tc.test");
                let out = muslab_sys::process::run(cmd, T).unwrap_or_else(|e| panic!("{e}"));
                let tcp = fx
                    .log()
                    .take()
                    .iter()
                    .filter(|q| {
                        q.is_query() && q.transport == muslab_dns::query_log::Transport::Tcp
                    })
                    .count();
                (
                    loader.version.clone(),
                    format!("{}{}", out.stdout, out.stderr),
                    tcp,
                )
            })
            .collect()
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn musl_retries_a_truncated_answer_over_tcp_from_1_2_4() {
    let got = truncation_per_musl_version();
    eprintln!("D08 tc.test per musl version (version, printed, TCP queries): {got:?}");
    for (version, said, tcp) in &got {
        let parsed =
            DottedVersion::parse(version).unwrap_or_else(|| panic!("{version:?} is not a version"));
        let want_tcp = parsed >= DottedVersion(vec![1, 2, 4]);
        let want = if want_tcp {
            "addresses: 3\n"
        } else {
            // The truncated UDP answer taken as the whole answer: no records.
            "error: Name does not resolve\n"
        };
        assert_eq!(
            (*tcp > 0, said.as_str()),
            (want_tcp, want),
            "musl {version}: got {tcp} TCP queries and {said:?}, want TCP retry {want_tcp} and {want:?}"
        );
    }
}

#[test]
fn a_library_calling_fcntl64_fails_to_load_on_musl_1_2_3_and_1_2_5() {
    let dir = scratch("fcntl64");
    let src = muslab::fixtures::source_dir();
    let lib = dir.join("libfcntl64.so");
    let program = dir.join("fcntl64-main");
    cc(
        "musl-gcc",
        &[
            "-shared".as_ref(),
            "-fPIC".as_ref(),
            "-Wl,-soname,libfcntl64.so".as_ref(),
            "-o".as_ref(),
            lib.as_os_str(),
            src.join("fcntl64-lib.c").as_os_str(),
        ],
    );
    cc(
        "musl-gcc",
        &[
            "-o".as_ref(),
            program.as_os_str(),
            src.join("fcntl64-main.c").as_os_str(),
            lib.as_os_str(),
            "-Wl,--allow-shlib-undefined".as_ref(),
        ],
    );
    for version in ["1.2.3", "1.2.5"] {
        let out = under_loader(loader_of(version), &dir, &program);
        let want = "libfcntl64.so: fcntl64: symbol not found";
        assert!(
            out.exit == ProcessExit::Code { code: 127 } && out.stderr.contains(want),
            "musl {version}: got {} stderr {:?}, want exit 127 and {want:?}",
            out.exit,
            out.stderr
        );
    }
}
