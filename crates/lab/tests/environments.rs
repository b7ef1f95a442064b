//! Each environment's behaviour, asserted on real runs: exit status and the
//! exact words a user sees. Needs root (mount namespaces, chroot) and the
//! probes from `make probes`; the rootfs is built in a temporary build dir
//! that each test removes.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use muslab::environment::bundled_glibc::BundledGlibc;
use muslab::environment::gcompat::Gcompat;
use muslab::environment::qemu_user::QemuUser;
use muslab::environment::rootfs_environment::RootfsEnvironment;
use muslab::environment::uname_denied::UnameDenied;
use muslab::environment::{Environment, ProcessExit, ProcessOutput, Support};
use muslab::rootfs::{self, Flavour, Provenance};
use muslab::runner::predict;
use muslab::target::Target;
use muslab_check::{FailReason, Predictor, Verdict};
use muslab_report::{Id, Report, Status};
use support::{probe, Scratch, I686_GNU, I686_MUSL, X86_64_GNU, X86_64_MUSL};

const T: Duration = Duration::from_secs(60);

fn hello(build_dir: &Path, triple: &str, name: &str) -> PathBuf {
    let t = Target::new(triple);
    let recipe = muslab::fixtures::hello_recipes(&t)
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no {name} recipe for {triple}"));
    muslab::fixtures::build(
        build_dir,
        &t,
        &recipe,
        &muslab::fixtures::source_dir().join("hello.c"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn prepared(mut env: impl Environment) -> impl Environment {
    env.prepare()
        .unwrap_or_else(|e| panic!("{}: {e}", env.name()));
    env
}

fn run(env: &dyn Environment, binary: &Path, args: &[&str]) -> ProcessOutput {
    env.run(binary, args, T)
        .unwrap_or_else(|e| panic!("{} could not run {}: {e}", env.name(), binary.display()))
}

fn report_of(env: &dyn Environment, binary: &Path) -> Report {
    let out = run(env, binary, &["--json"]);
    assert!(
        out.success(),
        "{} in {}: {out:?}",
        binary.display(),
        env.name()
    );
    Report::from_json(&out.stdout).expect("a report")
}

fn assert_not_found(out: &ProcessOutput) {
    assert_eq!(out.exit, ProcessExit::Code { code: 127 }, "{out:?}");
    assert_eq!(out.stderr, "/bin/sh: /x: not found\n");
}

fn no_mounts_under(dir: &Path) {
    let table = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let dir = dir.to_string_lossy();
    assert!(
        !table.contains(dir.as_ref()),
        "a mount under {dir} leaked into the host:\n{table}"
    );
}

#[test]
fn glibc_binaries_are_not_found_in_the_musl_rootfs_and_static_ones_run() {
    let s = Scratch::new("musl");
    let env = prepared(RootfsEnvironment::musl(&s.0));
    assert_not_found(&run(&env, &hello(&s.0, X86_64_GNU, "hello"), &[]));
    assert_not_found(&run(&env, &probe(X86_64_GNU, "probe-env"), &["--json"]));
    assert_not_found(&run(&env, &probe(I686_GNU, "probe-env"), &["--json"]));
    for (triple, name) in [
        (X86_64_GNU, "hello-static"),
        (X86_64_MUSL, "hello"),
        (X86_64_MUSL, "hello-static"),
    ] {
        let out = run(&env, &hello(&s.0, triple, name), &[]);
        assert!(out.success(), "{triple} {name}: {out:?}");
        assert_eq!(out.stdout, "hello, world\n");
    }
    let r = report_of(&env, &probe(X86_64_MUSL, "probe-env"));
    let os = r
        .check(Id::Env, "os-release")
        .map(|c| c.observed.to_string());
    assert!(
        os.unwrap_or_default().contains("muslab-musl"),
        "the probe ran inside the rootfs"
    );
    let predicted = predict(&Predictor::default(), &env, &probe(X86_64_GNU, "probe-env")).unwrap();
    assert!(
        matches!(
            predicted.verdict,
            Verdict::Fails {
                reason: FailReason::MissingInterpreter,
                ..
            }
        ),
        "got {predicted:?}, want a missing interpreter"
    );
    no_mounts_under(&s.0);
}

#[test]
fn libc6_compat_runs_the_c_hello_but_not_the_rust_glibc_probe() {
    let s = Scratch::new("compat");
    let env = prepared(RootfsEnvironment::libc6_compat(&s.0));
    let out = run(&env, &hello(&s.0, X86_64_GNU, "hello"), &[]);
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, "hello, world\n");
    let bin = probe(X86_64_GNU, "probe-env");
    let out = run(&env, &bin, &["--json"]);
    assert_eq!(out.exit, ProcessExit::Code { code: 127 }, "{out:?}");
    assert!(
        out.stderr.starts_with(
            "Error loading shared library libgcc_s.so.1: No such file or directory (needed by /x)"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Error relocating /x: _Unwind_"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("gnu_get_libc_version: symbol not found"),
        "{}",
        out.stderr
    );
    let predicted = predict(&Predictor::default(), &env, &bin).unwrap();
    let Verdict::Fails { message, .. } = &predicted.verdict else {
        panic!("got {predicted:?}, want a failed start");
    };
    assert!(
        message.contains("libgcc_s.so.1"),
        "got {message}, want the missing libgcc_s.so.1"
    );
    assert_not_found(&run(&env, &probe(I686_GNU, "probe-env"), &["--json"]));
    no_mounts_under(&s.0);
}

#[test]
fn bundled_glibc_runs_glibc_probes_through_their_own_loader() {
    let s = Scratch::new("bundled");
    let env = prepared(BundledGlibc::new(&s.0));
    for triple in [X86_64_GNU, I686_GNU] {
        let r = report_of(&env, &probe(triple, "probe-env"));
        assert!(
            r.build.runtime_libc_version.is_some(),
            "{triple}: glibc ran"
        );
        let out = run(&env, &hello(&s.0, triple, "hello"), &[]);
        assert_eq!(out.stdout, "hello, world\n", "{triple}: {out:?}");
    }
    let copied = rootfs::dir_for(&s.0, Flavour::BundledGlibc).join("opt/glibc/lib64");
    for so in ["ld-linux-x86-64.so.2", "libc.so.6", "libgcc_s.so.1"] {
        assert!(copied.join(so).is_file(), "{so} was bundled");
    }
    report_of(&env, &probe(X86_64_MUSL, "probe-env"));
    no_mounts_under(&s.0);
}

#[test]
fn second_prepare_reuses_the_rootfs_and_a_broken_one_is_rebuilt() {
    let s = Scratch::new("reuse");
    let started = Instant::now();
    let first = rootfs::ensure(&s.0, Flavour::Musl).unwrap();
    let build_time = started.elapsed();
    assert!(
        matches!(first.provenance, Provenance::Built { .. }),
        "{first:?}"
    );
    let started = Instant::now();
    let again = rootfs::ensure(&s.0, Flavour::Musl).unwrap();
    eprintln!(
        "rootfs: built in {build_time:?}, reused in {:?}",
        started.elapsed()
    );
    assert_eq!(again.provenance, Provenance::Reused);

    std::fs::write(first.dir.join("lib/ld-musl-x86_64.so.1"), b"truncated").unwrap();
    let repaired = rootfs::ensure(&s.0, Flavour::Musl).unwrap();
    match &repaired.provenance {
        Provenance::Built { because } => assert!(because.contains("ld-musl"), "{because}"),
        other => panic!("a broken loader must trigger a rebuild, got {other:?}"),
    }
    std::fs::remove_file(first.dir.join("bin/sh")).unwrap();
    assert!(matches!(
        rootfs::ensure(&s.0, Flavour::Musl).unwrap().provenance,
        Provenance::Built { .. }
    ));
    std::fs::remove_file(first.dir.join(".muslab-rootfs")).unwrap();
    match rootfs::ensure(&s.0, Flavour::Musl).unwrap().provenance {
        Provenance::Built { because } => assert!(because.contains("did not finish"), "{because}"),
        other => panic!("{other:?}"),
    }
    let env = prepared(RootfsEnvironment::musl(&s.0));
    let out = run(&env, &hello(&s.0, X86_64_MUSL, "hello"), &[]);
    assert!(out.success(), "the rebuilt rootfs works: {out:?}");
}

#[test]
fn missing_sources_are_one_line_with_the_fix() {
    let e = rootfs::sources::locate_from(&["/nonexistent/busybox"], "/lib/ld-musl-x86_64.so.1")
        .unwrap_err();
    assert!(
        e.contains("apt-get install -y busybox-static") && !e.contains('\n'),
        "{e}"
    );
    let e = rootfs::sources::locate_from(&["/bin/busybox"], "/nonexistent/ld-musl-x86_64.so.1")
        .unwrap_err();
    assert!(
        e.contains("apt-get install -y musl") && !e.contains('\n'),
        "{e}"
    );
}

#[test]
fn gcompat_is_not_available_here_with_a_reason() {
    let env = prepared(Gcompat);
    match env.supports(&Target::new(X86_64_GNU)) {
        Support::NotAvailable(reason) => assert!(reason.contains("apk add gcompat"), "{reason}"),
        Support::Yes => panic!("gcompat cannot be claimed here"),
    }
}

#[test]
fn qemu_user_runs_i686_probes() {
    let env = prepared(QemuUser);
    for triple in [I686_GNU, I686_MUSL] {
        let r = report_of(&env, &probe(triple, "probe-env"));
        assert_eq!(r.build.pointer_width, 32);
        assert_eq!(r.host.machine.as_deref(), Some("i686"), "{triple}");
    }
}

#[test]
fn i386_uname_denied_fails_uname_for_32_bit_only_and_qemu_fixes_it() {
    let native = prepared(UnameDenied {
        via_qemu: false,
        proc_hidden: false,
    });
    let qemu = prepared(UnameDenied {
        via_qemu: true,
        proc_hidden: false,
    });
    for triple in [I686_GNU, I686_MUSL] {
        let r = report_of(&native, &probe(triple, "probe-env"));
        let err = r.host.uname_error.clone().unwrap_or_default();
        assert!(
            err.contains("Operation not permitted"),
            "{triple}: {:?}",
            r.host
        );
        assert!(matches!(
            r.check(Id::S5, "process-abi").unwrap().status,
            Status::Error { .. }
        ));
        let fixed = report_of(&qemu, &probe(triple, "probe-env"));
        assert_eq!(fixed.host.uname_error, None, "{triple} under qemu");
        assert_eq!(fixed.host.machine.as_deref(), Some("i686"));
    }
    let r = report_of(&native, &probe(X86_64_GNU, "probe-env"));
    assert_eq!(r.host.uname_error, None, "64-bit callers are not filtered");
}
