//! The aarch64 builds on this x86_64 machine, run under qemu-aarch64-static
//! (with Debian's arm64 cross glibc as `-L` root for the glibc build): the
//! rows that can differ by architecture (S2 thread stacks and the crash
//! table, D23 CPU count, the locale rows) against the x86_64 builds, and
//! `muslab check`'s verdicts for aarch64 files against what happened on the
//! host, under plain qemu-user and under qemu with the sysroot. Needs the
//! probes from `make probes` and qemu-user-static.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab::environment::host::Host;
use muslab::environment::qemu_sysroot::{QemuAarch64Sysroot, SYSROOT};
use muslab::environment::qemu_user::{emulator, QemuUser};
use muslab::environment::{Environment, EnvironmentId, ProcessOutput};
use muslab_check::loader_messages::qemu_missing_interpreter;
use muslab_check::{FailReason, Predictor, Verdict};
use muslab_report::{Id, Report, Status};
use support::*;

const AARCH64_GNU: &str = "aarch64-unknown-linux-gnu";
const AARCH64_MUSL: &str = "aarch64-unknown-linux-musl";
const T: Duration = Duration::from_secs(120);
const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

fn run(env: &dyn Environment, binary: &Path, args: &[&str]) -> ProcessOutput {
    env.run(binary, args, T)
        .unwrap_or_else(|e| panic!("{} could not run {}: {e}", env.name(), binary.display()))
}

/// A probe's report under qemu-aarch64-static with the sysroot.
fn emulated(triple: &str, name: &str) -> Report {
    let out = run(
        &QemuAarch64Sysroot::default(),
        &probe(triple, name),
        &["--json"],
    );
    assert!(out.success(), "{triple} {name} under qemu: {out:?}");
    Report::from_json(&out.stdout).expect("a report")
}

/// The same with RLIMIT_STACK set by the shell first (qemu-user passes the
/// host's limits through to the guest's getrlimit).
fn emulated_with_stack_limit(triple: &str, name: &str, kib: u64) -> Report {
    let qemu = emulator("aarch64").unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("sh")
        .args([
            "-c",
            &format!("ulimit -s {kib}; exec \"$0\" -L {SYSROOT} \"$1\" --json"),
        ])
        .arg(&qemu)
        .arg(probe(triple, name))
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{triple} {name} under qemu, ulimit -s {kib}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Report::from_json(&String::from_utf8_lossy(&out.stdout)).expect("a report")
}

#[test]
fn the_aarch64_builds_report_aarch64_under_qemu() {
    for triple in [AARCH64_GNU, AARCH64_MUSL] {
        let r = emulated(triple, "probe-env");
        assert_eq!(r.build.target, triple);
        assert_eq!(
            r.host.machine.as_deref(),
            Some("aarch64"),
            "{triple}: got uname machine {:?}, want aarch64",
            r.host.machine
        );
        assert_eq!(r.build.pointer_width, 64, "{triple}");
    }
}

/// musl's default thread stack is one constant for every architecture
/// (DEFAULT_STACK_SIZE, 128 KiB since musl 1.1.21): the aarch64 build has
/// the x86_64 build's figure and crashes at the same job size.
#[test]
fn aarch64_musl_default_thread_stack_is_musls_128_kib_like_x86_64() {
    let a = emulated(AARCH64_MUSL, "probe-stack");
    let x = report(X86_64_MUSL, "probe-stack");
    let fresh = bytes(&a, "S2", "default-attr");
    assert_eq!(
        fresh,
        128 * KIB,
        "aarch64 musl fresh attr: got {fresh}, want 128 KiB"
    );
    let x_fresh = bytes(&x, "S2", "default-attr");
    assert_eq!(
        fresh, x_fresh,
        "got {fresh} on aarch64, want x86_64's {x_fresh}"
    );
    let raw = bytes(&a, "S2", "raw-thread");
    assert!(
        (128 * KIB..136 * KIB).contains(&raw),
        "aarch64 musl raw thread: got {raw}, want 128 KiB plus musl's guard/TLS share"
    );
    for (case, want_crash) in [
        ("default-attr/64k", false),
        ("default-attr/128k", false),
        ("default-attr/256k", true),
        ("default-attr/1m", true),
    ] {
        let got = status(&a, "S2", case);
        let crashed = matches!(got, Status::Crashed { signal, .. } if *signal == libc::SIGSEGV);
        assert_eq!(
            crashed, want_crash,
            "aarch64 musl {case}: got {got:?}, want crashed={want_crash}"
        );
        assert_eq!(
            got,
            status(&x, "S2", case),
            "{case}: got {got:?} on aarch64, want x86_64's"
        );
    }
    for size in ["256k", "512k", "1m"] {
        let got = status(&a, "S2", &format!("setstacksize/{size}"));
        assert_eq!(got, &Status::Ok, "aarch64 musl setstacksize/{size}");
    }
}

#[test]
fn aarch64_glibc_default_thread_stack_follows_rlimit_stack_under_qemu() {
    for kib in [4096u64, 16384] {
        let r = emulated_with_stack_limit(AARCH64_GNU, "probe-stack", kib);
        assert_eq!(bytes(&r, "S2", "rlimit-stack"), kib * KIB);
        for case in ["default-attr", "raw-thread"] {
            let got = bytes(&r, "S2", case);
            assert_eq!(
                got,
                kib * KIB,
                "aarch64 glibc {case} with ulimit -s {kib}: got {got}, want {} (RLIMIT_STACK)",
                kib * KIB
            );
        }
        assert_eq!(status(&r, "S2", "default-attr/1m"), &Status::Ok);
    }
    let r = emulated_with_stack_limit(AARCH64_GNU, "probe-stack", 8192);
    let x = report_with(X86_64_GNU, "probe-stack", "ulimit -s 8192;");
    assert_eq!(
        bytes(&r, "S2", "default-attr"),
        bytes(&x, "S2", "default-attr"),
        "aarch64 and x86_64 glibc: want the same RLIMIT_STACK-derived default"
    );
    let main = bytes(&r, "S2", "main-thread");
    assert!(
        main <= 8 * MIB,
        "aarch64 glibc main thread: got {main}, want at most RLIMIT_STACK"
    );
}

/// D23: the CPU count each libc reports does not depend on the
/// architecture: the aarch64 builds under qemu (which passes the host's
/// affinity and /sys through) say what the x86_64 builds say.
#[test]
fn cpu_counts_match_the_x86_64_builds_of_the_same_libc() {
    for (a, x) in [(AARCH64_GNU, X86_64_GNU), (AARCH64_MUSL, X86_64_MUSL)] {
        let ra = emulated(a, "probe-env");
        let rx = report(x, "probe-env");
        let mut compared = 0;
        for c in ra.checks.iter().filter(|c| c.id == Id::D23) {
            let theirs = rx
                .check(c.id, &c.case)
                .unwrap_or_else(|| panic!("{x} has no D23 {}", c.case));
            assert_eq!(
                c.observed, theirs.observed,
                "D23 {}: got {:?} on {a}, want {x}'s {:?}",
                c.case, c.observed, theirs.observed
            );
            compared += 1;
        }
        assert!(compared >= 3, "got {compared} D23 checks, want at least 3");
    }
}

/// The locale rows are libc code, not CPU code: every check of the aarch64
/// musl build equals the x86_64 musl build's.
#[test]
fn musl_locale_rows_match_the_x86_64_build() {
    let a = emulated(AARCH64_MUSL, "probe-locale");
    let x = report(X86_64_MUSL, "probe-locale");
    assert!(!a.checks.is_empty(), "probe-locale reported no checks");
    for c in &a.checks {
        let theirs = x
            .check(c.id, &c.case)
            .unwrap_or_else(|| panic!("x86_64 musl has no {} {}", c.id, c.case));
        assert_eq!(
            (&c.status, &c.observed),
            (&theirs.status, &theirs.observed),
            "{} {}: got aarch64's, want x86_64's",
            c.id,
            c.case
        );
    }
}

/// check reads e_machine AArch64 and the glibc loader's name, says the file
/// does not run on this x86_64 CPU without an emulator, that plain qemu-user
/// cannot open the loader, and that qemu with the sysroot starts it: each as
/// the real runs show.
#[test]
fn check_verdicts_for_aarch64_files_agree_with_execution() {
    let predictor = Predictor::default();
    let gnu = probe(AARCH64_GNU, "probe-env");
    let facts = muslab_check::read_source::read_elf_file(&gnu).expect("an ELF file");
    assert_eq!(facts.machine.name, "aarch64");
    assert_eq!(
        facts.interpreter.as_deref(),
        Some("/lib/ld-linux-aarch64.so.1")
    );
    assert_eq!(
        facts.machine.glibc_loader,
        Some("/lib/ld-linux-aarch64.so.1")
    );
    assert_eq!(facts.machine.musl_loader, Some("/lib/ld-musl-aarch64.so.1"));

    let mut qemu_sysroot = QemuAarch64Sysroot::default();
    qemu_sysroot.prepare().expect("prepared");
    for triple in [AARCH64_GNU, AARCH64_MUSL] {
        let binary = probe(triple, "probe-env");
        let envs: [&dyn Environment; 3] = [&Host, &QemuUser, &qemu_sysroot];
        for env in envs {
            let root = env.root().expect("a root");
            let p = predictor
                .predict(&binary, env.id(), root)
                .unwrap_or_else(|e| panic!("{e}"));
            let result = env.run(&binary, &["--json"], T);
            match (&p.verdict, &result) {
                (Verdict::Runs, Ok(out)) => assert!(
                    out.success() && Report::from_json(&out.stdout).is_ok(),
                    "{triple} in {}: check says it runs, got {out:?}",
                    env.name()
                ),
                (
                    Verdict::Fails {
                        reason, message, ..
                    },
                    Err(e),
                ) if *reason == FailReason::WrongArchitecture => {
                    assert_eq!(env.id(), EnvironmentId::Host);
                    assert!(
                        message.ends_with("Exec format error")
                            && e.to_string().contains("Exec format error"),
                        "{triple} on the host: check says {message:?}, got {e}"
                    );
                }
                (
                    Verdict::Fails {
                        reason, message, ..
                    },
                    Ok(out),
                ) if *reason == FailReason::MissingInterpreter => {
                    assert_eq!(env.id(), EnvironmentId::QemuUser);
                    let want = qemu_missing_interpreter(
                        "qemu-aarch64-static",
                        "/lib/ld-linux-aarch64.so.1",
                    );
                    assert_eq!(message, &want);
                    assert_eq!(
                        out.stderr.trim_end(),
                        want,
                        "{triple} under qemu-user: got stderr {:?}, want check's message",
                        out.stderr
                    );
                    assert!(!out.success(), "got {out:?}, want a failed start");
                }
                (v, r) => panic!(
                    "{triple} in {}: check predicted {v:?}, got {r:?}",
                    env.name()
                ),
            }
        }
    }
}
